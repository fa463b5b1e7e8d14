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
    path("awards/<int:pk>/", awards.programme_detail, name="programme_detail"),
    path("nominations/<int:pk>/", awards.nomination_detail, name="nomination_detail"),
    path("certificates/<int:pk>.pdf", awards.certificate, name="certificate"),
]
