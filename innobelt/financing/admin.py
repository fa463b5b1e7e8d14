"""Dedicated funds and their applications in the Django admin, for operators (district operators: their cities).

A platform operator opens a fund here and the district's operators change it (saved through `domain.save_fund`, which checks that they may run it and
records the audit trail). Applications are read-only: firms apply, reviewers score and operators award on
the pages and through the API, where the domain checks the budget under a row lock.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError

from innobelt.financing import domain
from innobelt.financing.models import Fund, FundApplication
from innobelt.kit.admin_scoping import DomainSaveAdmin, OperatorScopedAdmin, is_platform_operator


@admin.register(Fund)
class FundAdmin(DomainSaveAdmin, OperatorScopedAdmin):
    city_lookup = "city"
    list_display = ["__str__", "sector", "city", "budget", "awarded_total", "deadline", "status"]
    list_filter = ["status", "sector"]
    search_fields = ["title_zh", "title_en"]
    fields = ["title_zh", "title_en", "sector", "city", "eligibility", "criteria", "budget", "deadline", "status", "awarded_total", "reviewers"]
    readonly_fields = ["awarded_total", "reviewers"]

    def has_add_permission(self, request):
        return is_platform_operator(request.user)  # platform operators open funds; district operators run theirs

    def save_model(self, request, obj, form, change):
        try:
            domain.save_fund(actor=request.user, fund=obj)
        except (ValidationError, PermissionDenied) as exc:
            self.refuse(exc)  # the form again with the domain's errors (a deadline past, a budget below the awards), nothing saved


@admin.register(FundApplication)
class FundApplicationAdmin(OperatorScopedAdmin):
    city_lookup = "fund__city"
    list_display = ["organisation", "fund", "amount", "status", "awarded_amount", "created_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name_zh", "organisation__name_en"]
    readonly_fields = [
        "fund",
        "organisation",
        "need",
        "amount",
        "plan",
        "prefilled",
        "status",
        "awarded_amount",
        "submitted_by",
        "decided_by",
        "decided_at",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False  # firms apply on the pages and through the API
