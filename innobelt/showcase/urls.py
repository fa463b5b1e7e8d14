"""Pages of achievements, exhibition pages and award programmes at /showcase/ (English under /en/)."""

from django.urls import path

from innobelt.showcase.views import achievements, awards, exhibition

app_name = "showcase"
urlpatterns = [
    path("", achievements.gallery, name="gallery"),
    path("mine/", achievements.mine, name="mine"),
    path("new/", achievements.new_achievement, name="new_achievement"),
    path("achievements/<int:pk>/", achievements.achievement_detail, name="achievement_detail"),
    path("achievements/<int:pk>/submit/", achievements.submit, name="submit"),
    path("achievements/<int:pk>/confirm/", achievements.confirm, name="confirm"),
    path("achievements/<int:pk>/publish/", achievements.publish, name="publish"),
    path("achievements/<int:pk>/send-back/", achievements.send_back, name="send_back"),
    path("exhibitors/<slug:slug>/", exhibition.exhibition_page, name="exhibition"),
    path("exhibitors/<slug:slug>/brochure.pdf", exhibition.brochure, name="brochure"),
    path("awards/", awards.programme_list, name="programme_list"),
    path("awards/new/", awards.new_programme, name="new_programme"),
    path("awards/<int:pk>/", awards.programme_detail, name="programme_detail"),
    path("awards/<int:pk>/edit/", awards.edit_programme, name="edit_programme"),
    path("awards/<int:pk>/status/", awards.programme_status, name="programme_status"),
    path("awards/<int:pk>/nominate/", awards.nominate, name="nominate"),
    path("nominations/<int:pk>/", awards.nomination_detail, name="nomination_detail"),
    path("nominations/<int:pk>/reviewers/", awards.assign_reviewer, name="assign_reviewer"),
    path("nominations/<int:pk>/conflict/", awards.declare_conflict, name="declare_conflict"),
    path("nominations/<int:pk>/scores/", awards.score, name="score"),
    path("nominations/<int:pk>/evidence/", awards.refresh_evidence, name="refresh_evidence"),
    path("nominations/<int:pk>/decision/", awards.decide, name="decide"),
    path("certificates/<int:pk>.pdf", awards.certificate, name="certificate"),
]
