"""Pages of the service zone's catalogue and requests at /services/ (English under /en/)."""

from django.urls import URLPattern

app_name = "services"
urlpatterns: list[URLPattern] = []
