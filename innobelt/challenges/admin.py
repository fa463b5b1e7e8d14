"""Needs and their answers in the Django admin, for operators (district operators see their cities only).

Both are read-only here: people post, change, answer and decide on the pages and through the API, where
the domain checks the rules, records the audit trail and tells the people concerned. Operators may close
needs (the domain's close_need, which also checks that they may)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from innobelt.challenges import domain
from innobelt.challenges.models import Need, NeedInterest
from innobelt.kit.admin_scoping import OperatorScopedAdmin


@admin.register(Need)
class NeedAdmin(OperatorScopedAdmin):
    city_lookup = "owner__city"
    list_display = ["__str__", "owner", "status", "confidentiality", "deadline", "created_at"]
    list_filter = ["status", "confidentiality", "industries"]
    search_fields = ["title_zh", "title_en", "owner__name_zh", "owner__name_en"]
    readonly_fields = [
        "owner",
        "title_zh",
        "title_en",
        "problem",
        "desired_outcome",
        "details",
        "text_language",
        "industries",
        "budget_min",
        "budget_max",
        "deadline",
        "confidentiality",
        "status",
        "posted_by",
        "created_at",
        "closed_at",
    ]
    exclude = ["search_document"]
    actions = ["close_selected"]

    def has_add_permission(self, request):
        return False  # members of verified organisations post needs on the pages

    @admin.action(description=_("Close the selected needs"))
    def close_selected(self, request, queryset):
        done = 0
        for need in queryset:
            try:
                domain.close_need(actor=request.user, need=need)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, f"{need}: {exc}")
        messages.success(request, _("%(n)d needs closed.") % {"n": done})


@admin.register(NeedInterest)
class NeedInterestAdmin(OperatorScopedAdmin):
    city_lookup = "need__owner__city"
    list_display = ["need", "organisation", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["need__title_zh", "need__title_en", "organisation__name_zh", "organisation__name_en"]
    readonly_fields = ["need", "organisation", "submitted_by", "message", "status", "decline_reason", "decided_by", "decided_at", "created_at"]

    def has_add_permission(self, request):
        return False  # organisations answer on the pages
