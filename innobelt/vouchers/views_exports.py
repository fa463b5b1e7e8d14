"""Downloads of the vouchers' lists (issue 23: "every figure is exportable", XLSX and CSV through kit.spreadsheets):
the claims a person sees (a provider's admins their own, the issuing authority's operators theirs) and the vouchers
issued under a programme (its operators). Money as Decimal yuan to the fen, names in the reader's language. Translate
only: queries.py decides who sees what."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.kit.spreadsheets import Cell, csv_bytes, download, xlsx_bytes
from innobelt.permissions import can
from innobelt.vouchers import queries
from innobelt.vouchers.domain.settlement import money

MAX_ROWS = 10_000


def _download(header: list[str], rows: list[list[Cell]], name: str, file_format: str, sheet: str):
    if file_format == "xlsx":
        return download(xlsx_bytes(header, rows, sheet=sheet), filename=f"{name}.xlsx", file_format="xlsx")
    return download(csv_bytes(header, rows), filename=f"{name}.csv", file_format="csv")


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment is not None else None


@login_required
def claims_download(request, file_format: str):
    """The claims on the person's claim list (as a provider's admin or the issuing authority's operator)."""
    if file_format not in ("xlsx", "csv"):
        raise Http404
    user = request.user
    if not queries.provider_organisations(user).exists() and not queries.operates_any(user):
        raise PermissionDenied
    header = [_("Claim"), _("Programme"), _("Issued by"), _("Claimant"), _("Kind"), _("Status"), _("Amount (CNY)"),
              _("Submitted"), _("Decided"), _("Reason")]
    rows: list[list[Cell]] = [
        [claim.pk, claim.programme.name, claim.programme.authority.name, claim.provider.name, claim.get_kind_display(),
         claim.get_status_display(), money(claim.amount_fen), _local(claim.submitted_at), _local(claim.decided_at),
         claim.reason]
        for claim in queries.claims(user).order_by("-submitted_at", "-pk")[:MAX_ROWS]
    ]
    return _download(header, rows, "voucher-claims", file_format, sheet="claims")


@login_required
def issued_download(request, pk: int, file_format: str):
    """The vouchers issued under a programme (its operators): firm, amount, issued, expiry and what is left."""
    if file_format not in ("xlsx", "csv"):
        raise Http404
    programme = queries.programme_or_404(request.user, pk)
    if not can(request.user, "vouchers.manage_programme", programme):
        raise PermissionDenied
    header = [_("Voucher"), _("Firm"), _("Issued (CNY)"), _("Issued on"), _("Valid until"), _("Status"),
              _("Available (CNY)"), _("Reserved (CNY)"), _("Redeemed (CNY)"), _("Balance (CNY)")]
    rows: list[list[Cell]] = [
        [voucher.pk, voucher.organisation.name, money(voucher.issued_fen), timezone.localtime(voucher.issued_at).date(),
         voucher.expires_on, voucher.get_status_display(), money(voucher.available_fen), money(voucher.reserved_fen),
         money(voucher.redeemed_fen), money(voucher.available_fen + voucher.reserved_fen)]
        for voucher in queries.issued_vouchers(request.user, programme)[:MAX_ROWS]
    ]
    return _download(header, rows, f"vouchers-issued-{programme.pk}", file_format, sheet="vouchers")
