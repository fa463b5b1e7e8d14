"""Voucher programmes, applications, vouchers, claims and settlement periods (with their lines) in the Django admin, for operators (district
operators see their cities' programmes only).

All read-only: money moves only through the domain (pages and API), which locks the rows, checks the
budget and the balance, writes the ledger, records the audit trail and tells the people concerned."""

from django.contrib import admin

from innobelt.kit.admin_scoping import ReadOnlyScopedAdmin, ScopedInline
from innobelt.vouchers.models import Application, Claim, Programme, SettlementLine, SettlementPeriod, Voucher


class ReadOnlyVoucherAdmin(ReadOnlyScopedAdmin):
    """Created through the domain on the pages and the API; money never changes by hand."""

    deletable = False  # the ledger is append-only; its records stay


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyVoucherAdmin):
    city_lookup = "authority"
    list_display = ["__str__", "authority", "budget_fen", "issued_fen", "co_payment_percent", "spendable", "mode", "status"]
    list_filter = ["status", "spendable", "mode"]
    search_fields = ["name_zh", "name_en"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyVoucherAdmin):
    city_lookup = "programme__authority"
    list_display = ["organisation", "programme", "requested_fen", "approved_fen", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name_zh", "organisation__name_en"]


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyVoucherAdmin):
    city_lookup = "programme__authority"
    list_display = [
        "pk",
        "organisation",
        "programme",
        "issued_fen",
        "available_fen",
        "reserved_fen",
        "expires_on",
        "status",
    ]
    list_filter = ["status"]
    search_fields = ["organisation__name_zh", "organisation__name_en"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyVoucherAdmin):
    city_lookup = "programme__authority"
    list_display = ["provider", "kind", "programme", "amount_fen", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "kind"]
    search_fields = ["provider__name_zh", "provider__name_en"]


class SettlementLineInline(ScopedInline, admin.TabularInline):
    """A period's statement lines, fixed when it was closed: read only."""

    model = SettlementLine
    extra = 0
    can_delete = False
    fields = readonly_fields = ("payee", "kind", "claim", "reservation", "claw_back", "amount_fen")

    def _may_change(self, request, obj) -> bool:
        return False  # statements are fixed when the period is closed

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("payee", "claim", "reservation", "claw_back")


@admin.register(SettlementPeriod)
class SettlementPeriodAdmin(ReadOnlyVoucherAdmin):
    city_lookup = "authority"
    list_display = ["__str__", "authority", "starts_on", "ends_on", "amount_fen", "closed_by", "closed_at"]
    list_filter = ["authority"]
    search_fields = ["authority__name_zh", "authority__name_en"]
    date_hierarchy = "ends_on"
    inlines = [SettlementLineInline]
