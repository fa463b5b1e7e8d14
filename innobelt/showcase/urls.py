"""Pages of achievements, exhibition pages and award programmes at /showcase/ (English under /en/)."""

from django.urls import URLPattern

app_name = "showcase"
urlpatterns: list[URLPattern] = []
