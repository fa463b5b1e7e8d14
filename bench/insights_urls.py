"""The site's URLs plus a minimal view, the floor bench/bench_insights.py measures pages against."""

from django.http import HttpResponse
from django.urls import path

from innobelt.urls import urlpatterns as site


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *site]
