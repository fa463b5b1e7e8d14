from django.urls import path

from innobelt.belt import views

app_name = "belt"
urlpatterns = [
    path("cities/", views.cities, name="cities"),
    path("cities/<slug:slug>/", views.city, name="city"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/<slug:slug>/", views.agreement, name="agreement"),
]
