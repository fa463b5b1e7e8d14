from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from innobelt.accounts.views import admin_login, admin_password_change
from innobelt.api.urls import api
from innobelt.ops import health, metrics
from innobelt.web.language import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
]
urlpatterns += i18n_patterns(
    path("", include("innobelt.web.urls")),
    path("accounts/", include("innobelt.accounts.urls")),
    path("organisations/", include("innobelt.organisations.urls")),
    path("belt/", include("innobelt.belt.urls")),
    path("resources/", include("innobelt.resources.urls")),
    path("files/", include("innobelt.files.urls")),
    path("imports/", include("innobelt.imports.urls")),
    path("matching/", include("innobelt.matching.urls")),
    path("events/", include("innobelt.events.urls")),
    path("meetings/", include("innobelt.meetings.urls")),
    path("", include("innobelt.challenges.urls")),  # /needs/ (and /challenges/ later)
    path("vouchers/", include("innobelt.vouchers.urls")),
    path("services/", include("innobelt.services.urls")),
    path("talent/", include("innobelt.talent.urls")),
    path("financing/", include("innobelt.financing.urls")),
    path("showcase/", include("innobelt.showcase.urls")),
    path("insights/", include("innobelt.insights.urls")),
    path("inbox/", include("innobelt.notifications.urls")),
    path("conversations/", include("innobelt.conversations.urls")),
    path("operations/", include("innobelt.ops.urls")),
    # Before the admin's own URLs: its sign-in is the site's (same per-address limit and lockout).
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/password_change/", admin_password_change, name="admin_password_change"),  # the same limit of guesses
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if getattr(settings, "BENCH_FLOOR", False):  # `make bench`: the floor, a minimal view through the same middleware (bench/bench_pages.py)
    from django.http import HttpResponse

    def _floor(request):
        return HttpResponse(b"ok", content_type="text/plain")

    urlpatterns.append(path("bench/floor", _floor, name="bench_floor"))

handler400 = "innobelt.web.views.bad_request"
handler403 = "innobelt.web.views.permission_denied"
handler404 = "innobelt.web.views.page_not_found"
handler500 = "innobelt.web.views.server_error"
