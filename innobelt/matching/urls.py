from django.urls import path

from innobelt.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.find_partners, name="find_partners"),
    path("for/<slug:kind>/<str:pk>/", views.matches_for, name="matches_for"),
    path("feedback/", views.feedback, name="feedback"),
    path("recommended/", views.recommended, name="recommended"),
    path("saved/", views.saved, name="saved"),
]
