"""Pages of dashboards, the display wall and open data, read-only at /insights/ (English under /en/)."""

from django.urls import URLPattern

app_name = "insights"
urlpatterns: list[URLPattern] = []
