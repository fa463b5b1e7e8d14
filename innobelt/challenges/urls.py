"""Pages of needs at /needs/ and of challenges at /challenges/ (English under /en/)."""

from django.urls import path

from innobelt.challenges.views import challenges, needs

app_name = "challenges"
urlpatterns = [
    path("challenges/", challenges.challenge_list, name="challenge_list"),
    path("challenges/<int:pk>/", challenges.challenge_detail, name="challenge_detail"),
    path("needs/", needs.need_list, name="need_list"),
    path("needs/new/", needs.post_need, name="post_need"),
    path("needs/mine/", needs.my_needs, name="my_needs"),
    path("needs/<int:pk>/", needs.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", needs.edit_need, name="edit_need"),
    path("needs/<int:pk>/renew/", needs.renew_need, name="renew_need"),
    path("needs/<int:pk>/close/", needs.close_need, name="close_need"),
    path("needs/<int:pk>/interest/", needs.express_interest, name="express_interest"),
    path("needs/interests/<int:pk>/accept/", needs.accept_interest, name="accept_interest"),
    path("needs/interests/<int:pk>/decline/", needs.decline_interest, name="decline_interest"),
    path("needs/interests/<int:pk>/withdraw/", needs.withdraw_interest, name="withdraw_interest"),
]
