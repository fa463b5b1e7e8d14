"""Pages of funding needs, investors' theses and dedicated funds at /financing/ (English under /en/)."""

from django.urls import path

from innobelt.financing import views

app_name = "financing"
urlpatterns = [
    path("", views.home, name="home"),
    path("needs/new/", views.post_need, name="post_need"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/meet/", views.request_meeting, name="request_meeting"),
    path("needs/<int:pk>/deck/", views.download_deck, name="download_deck"),
    path("needs/<int:pk>/deck/save/", views.save_deck, name="save_deck"),
    path("needs/<int:pk>/deck/remove/", views.remove_deck, name="remove_deck"),
    path("operators/demand/", views.demand_and_supply, name="demand_and_supply"),
    path("investors/<slug:slug>/", views.investor_matches, name="investor_matches"),
    path("investors/<slug:slug>/thesis/", views.edit_thesis, name="edit_thesis"),
    path("funds/new/", views.open_fund, name="open_fund"),
    path("funds/<int:pk>/", views.fund_detail, name="fund_detail"),
    path("funds/<int:pk>/edit/", views.edit_fund, name="edit_fund"),
    path("funds/<int:pk>/reviewers/", views.fund_reviewers, name="fund_reviewers"),
    path("funds/<int:pk>/apply/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/score/", views.score, name="score"),
    path("applications/<int:pk>/award/", views.award, name="award"),
    path("applications/<int:pk>/reject/", views.reject, name="reject"),
    path("applications/<int:pk>/milestones/", views.plan_milestones, name="plan_milestones"),
    path("applications/<int:pk>/milestones/<int:milestone_pk>/release/", views.release_milestone, name="release_milestone"),
]
