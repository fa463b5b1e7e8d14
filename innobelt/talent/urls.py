"""Pages of positions, talent profiles and recognitions at /talent/ (English under /en/)."""

from django.urls import URLPattern

app_name = "talent"
urlpatterns: list[URLPattern] = []
