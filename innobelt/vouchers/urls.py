"""Pages of innovation vouchers spent across the Belt at /vouchers/ (English under /en/)."""

from django.urls import URLPattern

app_name = "vouchers"
urlpatterns: list[URLPattern] = []
