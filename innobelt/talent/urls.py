"""Pages of positions, talent profiles, applications and recognitions at /talent/ (English under /en/)."""

from django.urls import path

from innobelt.talent import views

app_name = "talent"
urlpatterns = [
    path("", views.home, name="home"),
    path("for-me/", views.for_me, name="for_me"),
    path("profile/", views.my_profile, name="my_profile"),
    path("profile/consents/withdraw/", views.withdraw_consent, name="withdraw_consent"),
    path("positions/new/", views.post_position, name="post_position"),
    path("positions/<int:pk>/", views.position_detail, name="position_detail"),
    path("positions/<int:pk>/edit/", views.edit_position, name="edit_position"),
    path("positions/<int:pk>/close/", views.close_position, name="close_position"),
    path("positions/<int:pk>/apply/", views.apply, name="apply"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/recognise/", views.recognise, name="recognise"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/move/", views.move, name="move"),
]
