"""The owner's monthly cost statements per organisation, on a page and as CSV or XLSX."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render

from innobelt.kit.forms import add_validation_errors
from innobelt.kit.spreadsheets import csv_bytes, download, xlsx_bytes
from innobelt.organisations.models import Organisation
from innobelt.permissions import can
from innobelt.resources import queries, statement_queries
from innobelt.resources.pricing_forms import StatementFilterForm


def _owner(request) -> Organisation | None:
    """The owner organisation asked for (`organisation`), else the first the person administers."""
    chosen = request.GET.get("organisation", "")
    if chosen:
        owner = Organisation.objects.filter(slug=chosen).first()
        if owner is None:
            raise Http404
    else:
        owner = queries.administered_organisations(request.user).first()
    if owner is not None and not can(request.user, "resources.view_statements", owner):
        raise PermissionDenied
    return owner


@login_required
def statements(request):
    owner = _owner(request)
    form = StatementFilterForm(request.GET or None)
    month, found = None, []
    try:
        month = statement_queries.parse_month(request.GET.get("month"))
    except ValidationError as exc:
        form.is_valid()
        add_validation_errors(form, exc)
    if owner is not None and month is not None:
        found = statement_queries.monthly_statements(owner, month)
    return render(request, "resources/statements.html", {
        "owner": owner, "owners": list(queries.administered_organisations(request.user)[:30]), "form": form, "month": month,
        "statements": found})


@login_required
def export_statements(request):
    owner = _owner(request)
    if owner is None:
        raise PermissionDenied
    file_format = request.GET.get("format", "csv")
    try:
        month = statement_queries.parse_month(request.GET.get("month"))
    except ValidationError:
        raise Http404 from None
    if file_format not in ("csv", "xlsx"):
        raise Http404
    payer = None
    if request.GET.get("payer"):
        payer = Organisation.objects.filter(slug=request.GET["payer"]).first()
        if payer is None:
            raise Http404
    rows = statement_queries.export_rows(statement_queries.monthly_statements(owner, month, payer=payer))
    name = f"statements-{owner.slug}-{month:%Y-%m}" + (f"-{payer.slug}" if payer else "")
    content = (csv_bytes(statement_queries.HEADER, rows) if file_format == "csv"
               else xlsx_bytes(statement_queries.HEADER, rows, sheet=f"{month:%Y-%m}"))
    return download(content, filename=f"{name}.{file_format}", file_format=file_format)
