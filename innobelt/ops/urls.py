from django.urls import path

from innobelt.ops import views

app_name = "ops"
urlpatterns = [
    path("periodic/", views.periodic_runs, name="periodic_runs"),
]
