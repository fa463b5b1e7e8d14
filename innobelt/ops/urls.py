from django.urls import path

from innobelt.ops import views

app_name = "ops"
urlpatterns = [
    path("periodic/", views.periodic_runs, name="periodic_runs"),
    path("second-factor/", views.second_factor_reset, name="second_factor_reset"),
]
