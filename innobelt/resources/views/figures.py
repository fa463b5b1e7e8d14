"""The owner's figures per city, for platform operators (every city) and district operators (their own cities)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render

from innobelt.resources import city_figures, queries
from innobelt.resources.statement_queries import parse_month


@login_required
def figures(request):
    cities = queries.figure_cities_or_403(request.user)
    error = ""
    try:
        month = parse_month(request.GET.get("month", ""))
    except ValidationError as exc:
        error, month = " ".join(exc.messages), parse_month("")
    weeks, rows = city_figures.city_figures(cities, month)
    return render(request, "resources/city_figures.html", {"month": month, "weeks": weeks, "rows": rows, "error": error},
                  status=400 if error else 200)


@login_required
def supported_smes(request):
    """The SMEs and startups given access to a resource, of the operator's cities (one by `city`, a slug): the
    drill-down of insights' figure."""
    cities = queries.figure_cities_or_403(request.user)
    smes = queries.smes_given_access(cities, request.GET.get("city", "")[:60])
    return render(request, "resources/supported_smes.html", {"smes": smes[:1000], "count": smes.count()})
