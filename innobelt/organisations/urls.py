from django.urls import path

from innobelt.organisations import views, views_incubation

app_name = "organisations"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("claims/", views.claims, name="claims"),
    path("claims/<int:claim_id>/approve/", views.approve, name="approve_claim"),
    path("claims/<int:claim_id>/reject/", views.reject, name="reject_claim"),
    path("import/", views.import_view, name="import"),
    path("invitations/<str:token>/", views.accept_invitation_view, name="accept_invitation"),
    path("incubations/<int:pk>/confirm/", views_incubation.confirm_incubation, name="confirm_incubation"),
    path("incubations/<int:pk>/decline/", views_incubation.decline_incubation, name="decline_incubation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/claim/", views.claim, name="claim"),
    path("<slug:slug>/verify/", views.verify, name="verify"),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path("<slug:slug>/incubations/", views_incubation.incubations, name="incubations"),
]
