from django.urls import path

from innobelt.files import views

app_name = "files"
urlpatterns = [
    path("<uuid:file_id>/", views.download, name="download"),
    path("organisation/<slug:slug>/", views.organisation_files, name="organisation_files"),
    path("<uuid:file_id>/delete/", views.delete, name="delete"),
]
