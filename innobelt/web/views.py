import logging

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from innobelt.belt.models import City, CooperationAgreement
from innobelt.organisations.models import Organisation
from innobelt.web.edge import api_error, is_api
from innobelt.web.search import MAX_QUERY, search_everything
from innobelt.web.workbench import workbench_for

logger = logging.getLogger("innobelt.errors")


def home(request):
    cities = City.objects.annotate(org_count=Count("organisations")).order_by("position")
    stats = {
        "organisations": Organisation.objects.count(),
        "goi_members": Organisation.objects.filter(is_goi_member=True).count(),
        "cities": len(cities),
        "agreements": CooperationAgreement.objects.count(),
    }
    featured = (Organisation.objects.filter(is_goi_member=True, is_synthetic=False)
                .select_related("city").prefetch_related("industries").order_by("name_en")[:8])
    return render(request, "web/home.html", {"cities": cities, "stats": stats, "featured": featured})


def _error(request, template, status):
    if is_api(request):  # the API answers every error in its JSON shape (innobelt.kit.api_errors)
        return api_error(request, status)
    return render(request, template, {"request_id": getattr(request, "request_id", "")}, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _error(request, "web/errors/400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error(request, "web/errors/403.html", 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error(request, "web/errors/404.html", 404)


@requires_csrf_token
def server_error(request):
    try:
        return _error(request, "web/errors/500.html", 500)
    except Exception:
        if is_api(request):
            from django.http import JsonResponse

            return JsonResponse({"error": {"code": "server_error", "message": "Server error / 服务器错误",
                                           "fields": [], "details": {}}}, status=500)  # the template itself may need the database that just failed
        from django.http import HttpResponseServerError

        return HttpResponseServerError("<h1>Server error / 服务器错误</h1>", content_type="text/html")


@login_required
def workbench(request):
    """Where a person lands after signing in: the work waiting for each of their roles."""
    return render(request, "web/workbench.html", {"bench": workbench_for(request.user)})


def search(request):
    """One query over every zone (organisations, resources, events), grouped by kind."""
    found = search_everything(request.user, request.GET.get("q", ""))
    return render(request, "web/search.html", {"search": found, "max_query": MAX_QUERY})
