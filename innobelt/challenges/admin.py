"""Needs and their answers, challenges, invitations of solvers and open calls in the Django admin, for operators (district operators see
their cities only: a need's or a challenge's by its owner's city, an open call's by its own).

Everything is read-only here: people post, change, answer and decide on the pages and through the API, where
the domain checks the rules, records the audit trail and tells the people concerned. Operators may close needs
and challenges and select teams of open calls (the domain's functions, which also check that they may).

Proposals, their reviews and scores and the pipelines after a match are not registered at all: nobody but the
owner's team, the solver and assigned reviewers reads a proposal, operators included (docs/adr/0702). For the
same reason the admin leaves out the confidential details of challenges and needs."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from innobelt.challenges import domain
from innobelt.challenges.models import (
    Challenge,
    Criterion,
    Milestone,
    MilestoneProgress,
    Need,
    NeedInterest,
    OpenCall,
    OpenCallApplication,
    Phase,
    SolverInvitation,
)
from innobelt.kit.admin_scoping import OperatorScopedAdmin, ScopedInline


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
    exclude = ["search_document", "details"]  # details after an NDA are for the accepted responders only
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


def _run(request, queryset, action, done_message) -> None:
    """Call a domain function on each selected row; a refusal is reported and the others go on."""
    done = 0
    for obj in queryset:
        try:
            action(obj)
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, f"{obj}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
    messages.success(request, done_message % {"n": done})


class ReadOnlyInline(ScopedInline):
    """Rows listed with their parent, changed by nobody here (the domain checks them on the pages and the API)."""

    extra = 0
    can_delete = False

    def _may_change(self, request, obj) -> bool:
        return False


class CriterionInline(ReadOnlyInline, admin.TabularInline):
    model = Criterion
    fields = readonly_fields = ("name_zh", "name_en", "weight")


class PhaseInline(ReadOnlyInline, admin.TabularInline):
    model = Phase
    fields = readonly_fields = ("name_zh", "name_en", "kind", "ends_at")


@admin.register(Challenge)
class ChallengeAdmin(OperatorScopedAdmin):
    city_lookup = "owner__city"
    list_display = ["__str__", "owner", "status", "proposal_deadline", "published_at"]
    list_filter = ["status", "industries"]
    search_fields = ["title_zh", "title_en", "owner__name_zh", "owner__name_en"]
    fields = readonly_fields = (
        "owner",
        "title_zh",
        "title_en",
        "text_language",
        "statement",
        "desired_outcome",
        "offers",
        "offered_resources",
        "eligibility",
        "agreement",
        "proposal_deadline",
        "industries",
        "status",
        "hide_identities",
        "created_by",
        "created_at",
        "published_at",
        "closed_at",
    )
    inlines = [CriterionInline, PhaseInline]
    actions = ["close_selected"]

    def has_add_permission(self, request):
        return False  # firms (or operators for them) draft challenges on the pages

    @admin.action(description=_("Close the selected challenges"))
    def close_selected(self, request, queryset):
        _run(request, queryset, lambda c: domain.close_challenge(actor=request.user, challenge=c), _("%(n)d challenges closed."))


@admin.register(SolverInvitation)
class SolverInvitationAdmin(OperatorScopedAdmin):
    """Who invited which organisation to which challenge (by the challenge owner's city); invitations are made on the
    challenge's page and through the API, once per pair."""

    city_lookup = "challenge__owner__city"
    list_display = ["challenge", "organisation", "invited_by", "created_at"]
    search_fields = ["challenge__title_zh", "challenge__title_en", "organisation__name_zh", "organisation__name_en"]
    fields = readonly_fields = ("challenge", "organisation", "invited_by", "created_at")

    def has_add_permission(self, request):
        return False  # the owner's admins invite suggested solvers on the challenge's page


class MilestoneInline(ReadOnlyInline, admin.TabularInline):
    model = Milestone
    fields = readonly_fields = ("name_zh", "name_en", "share")


class ProgressInline(ReadOnlyInline, admin.TabularInline):
    model = MilestoneProgress
    fields = readonly_fields = ("milestone", "status", "report", "note", "released", "released_at", "decided_by", "reported_at")


@admin.register(OpenCall)
class OpenCallAdmin(OperatorScopedAdmin):
    city_lookup = "city"
    list_display = ["__str__", "city", "funding", "deadline", "status", "created_at"]
    list_filter = ["status", "city"]
    search_fields = ["title_zh", "title_en"]
    fields = readonly_fields = (
        "city",
        "title_zh",
        "title_en",
        "text_language",
        "problem",
        "funding",
        "deadline",
        "status",
        "created_by",
        "created_at",
    )
    inlines = [MilestoneInline]

    def has_add_permission(self, request):
        return False  # operators post open calls on the pages and through the API


@admin.register(OpenCallApplication)
class OpenCallApplicationAdmin(OperatorScopedAdmin):
    city_lookup = "open_call__city"
    list_display = ["open_call", "organisation", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["open_call__title_zh", "open_call__title_en", "organisation__name_zh", "organisation__name_en"]
    fields = readonly_fields = ("open_call", "organisation", "text", "status", "created_by", "created_at")
    inlines = [ProgressInline]
    actions = ["select_teams"]

    def has_add_permission(self, request):
        return False  # teams apply on the pages

    @admin.action(description=_("Select the teams of the selected applications"))
    def select_teams(self, request, queryset):
        _run(request, queryset, lambda a: domain.select_team(actor=request.user, application=a), _("%(n)d teams selected."))
