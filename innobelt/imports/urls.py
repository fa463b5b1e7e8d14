from django.urls import path

from innobelt.imports import views

app_name = "imports"
urlpatterns = [
    path("<uuid:job_id>/", views.job, name="job"),
]
