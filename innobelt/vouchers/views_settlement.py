"""Settlement pages: the issuing authority's operators close a period and read every statement; a payee's admins
read and download their own. They only translate: queries.py reads, domain/settlement.py changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.bilingual import active_is_chinese
from innobelt.kit.api_errors import ConflictError
from innobelt.kit.spreadsheets import Cell, csv_bytes, download, xlsx_bytes
from innobelt.permissions import can
from innobelt.vouchers import queries
from innobelt.vouchers.domain import settlement
from innobelt.vouchers.forms import SettlementForm
from innobelt.vouchers.views import LIST_ROWS, _operator_cities


def statement_response(user, period, file_format: str):
    """The statement the person may read (all payees for the operators, their own for a payee) as a download."""
    if file_format not in ("xlsx", "csv"):
        raise Http404
    payees = queries.settlement_payees(user, period)
    header = settlement.statement_header()
    rows = settlement.statement_rows(period, payees)
    name = f"voucher-settlement-{period.authority.slug}-{period.starts_on:%Y%m%d}-{period.ends_on:%Y%m%d}"
    if file_format == "xlsx":
        return download(xlsx_bytes(header, rows, sheet=f"{period.starts_on:%Y-%m}"), filename=f"{name}.xlsx",
                        file_format="xlsx")
    return download(csv_bytes(header, rows), filename=f"{name}.csv", file_format="csv")


def city_pairs_header() -> list[str]:
    return [_("Issued by"), _("Spent in"), _("Cross-city"), _("Redemptions"), _("Amount (CNY)"), _("Settled (CNY)")]


@login_required
def figures_download(request, file_format: str):
    """The operator's redemptions by city pair (net of claw-backs, and what of it was settled) as XLSX or CSV."""
    if file_format not in ("xlsx", "csv"):
        raise Http404
    if not queries.operates_any(request.user):
        raise PermissionDenied
    chinese = active_is_chinese()
    header = city_pairs_header()
    rows: list[list[Cell]] = [
        [p["issuer_zh"] if chinese else p["issuer_en"], p["spent_zh"] if chinese else p["spent_en"],
         _("yes") if p["cross_city"] else _("no"), p["count"], settlement.money(p["amount_fen"]),
         settlement.money(p["settled_fen"])]
        for p in queries.city_pairs(request.user)
    ]
    name = "voucher-city-pairs"
    if file_format == "xlsx":
        return download(xlsx_bytes(header, rows, sheet="city pairs"), filename=f"{name}.xlsx", file_format="xlsx")
    return download(csv_bytes(header, rows), filename=f"{name}.csv", file_format="csv")


@login_required
def settlement_list(request):
    """Closed periods and, for operators, the form closing the next one."""
    user = request.user
    operates = queries.operates_any(user)
    if not operates and not queries.provider_organisations(user).exists():
        raise PermissionDenied
    form = SettlementForm(cities=_operator_cities(user)) if operates else None
    return render(request, "vouchers/settlement_list.html", {
        "periods": list(queries.settlements(user)[:LIST_ROWS]), "form": form})


@login_required
@require_POST
def close_settlement(request):
    if not queries.operates_any(request.user):
        raise PermissionDenied
    form = SettlementForm(request.POST, cities=_operator_cities(request.user))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("vouchers:settlements")
    try:
        period = settlement.close_period(actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, settlement.closed_message(period))
        return redirect(period)
    return redirect("vouchers:settlements")


@login_required
def settlement_detail(request, pk):
    user = request.user
    period = queries.settlement_or_404(user, pk)
    payees = queries.settlement_payees(user, period)
    rows = settlement.totals(period, payees)
    return render(request, "vouchers/settlement_detail.html", {
        "period": period,
        "runs": can(user, "vouchers.view_settlement", period),
        "totals": rows,
        "amount_fen": sum(r.amount_fen for r in rows),
        "lines": settlement.statement_rows(period, payees)[:LIST_ROWS],
        "header": settlement.statement_header(),
    })


@login_required
def settlement_statement(request, pk, file_format):
    return statement_response(request.user, queries.settlement_or_404(request.user, pk), file_format)
