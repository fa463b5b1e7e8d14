"""Pages of funding needs, investors' theses and dedicated funds at /financing/ (English under /en/)."""

from django.urls import URLPattern

app_name = "financing"
urlpatterns: list[URLPattern] = []
