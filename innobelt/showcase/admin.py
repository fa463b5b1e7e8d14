"""Achievements in the Django admin, for operators (district operators see their cities' organisations only).

Read-only here: organisations draft, submit and confirm on the pages and through the API, where the domain
checks the rules; operators publish achievements in review (the domain's publish_achievement, which also
checks that they may). Award programmes (with their criteria), nominations (with their evidence and reviewers)
and scores are read-only, for the programme's operators (the district running it; a platform programme:
platform operators only): programmes are defined, opened, closed and published on the pages and through the
API, where the domain checks the weights, the dates and who may."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from innobelt.bilingual import join_list
from innobelt.kit.admin_scoping import OperatorScopedAdmin, ReadOnlyScopedAdmin, ScopedInline
from innobelt.organisations.models import Organisation
from innobelt.showcase.domain import achievements as domain
from innobelt.showcase.evidence import figure_label
from innobelt.showcase.models import Achievement, AwardCriterion, AwardProgramme, Nomination, ReviewerAssignment, Score


@admin.register(Achievement)
class AchievementAdmin(OperatorScopedAdmin):
    city_lookup = "organisation__city"
    list_display = ["__str__", "organisation", "kind", "year", "status", "submitted_at", "published_at"]
    list_filter = ["status", "kind", "year"]
    search_fields = ["title_zh", "title_en", "organisation__name_zh", "organisation__name_en"]
    readonly_fields = [
        "organisation",
        "kind",
        "title_zh",
        "title_en",
        "story_zh",
        "story_en",
        "story_language",
        "year",
        "cities",
        "industries",
        "images",
        "revenue",
        "patents_filed",
        "products_launched",
        "jobs",
        "status",
        "send_back_reason",
        "created_by",
        "reviewed_by",
        "created_at",
        "submitted_at",
        "published_at",
    ]
    actions = ["publish_selected"]

    def has_add_permission(self, request):
        return False  # organisations draft achievements on the pages

    @admin.action(description=_("Publish the selected achievements"))
    def publish_selected(self, request, queryset):
        done = 0
        for achievement in queryset:
            try:
                domain.publish_achievement(actor=request.user, achievement=achievement)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, f"{achievement}: {exc}")
        messages.success(request, _("%(n)d achievements published.") % {"n": done})


class AwardCriterionInline(ScopedInline, admin.TabularInline):
    model = AwardCriterion
    extra = 0
    fields = readonly_fields = ("name_zh", "name_en", "weight", "evidence_figure", "position")
    can_delete = False

    @admin.display(description=_("evidence figure"))
    def evidence_figure(self, obj):
        return figure_label(obj.evidence) if obj.evidence else "–"


@admin.register(AwardProgramme)
class AwardProgrammeAdmin(ReadOnlyScopedAdmin):
    """Award programmes with their weighted criteria, for the operators of the district running them (a platform
    programme: platform operators only), as the rules let them run it on the pages. Nobody adds, changes or
    deletes one here: the pages and the API check the weights (summing to 100), the dates and the status, and
    deleting would take the nominations, their evidence, scores and published results with it."""

    city_lookup = "city"
    deletable = False
    list_display = ["__str__", "kind", "year", "city", "status", "opens_at", "closes_at", "published_at"]
    list_filter = ["status", "kind", "year"]
    search_fields = ["title_zh", "title_en"]
    list_select_related = ["city"]
    fields = readonly_fields = (
        "kind",
        "title_zh",
        "title_en",
        "description",
        "year",
        "city",
        "eligible_kinds_shown",
        "eligibility",
        "opens_at",
        "closes_at",
        "evidence_from",
        "evidence_to",
        "status",
        "created_by",
        "created_at",
        "published_at",
    )
    inlines = [AwardCriterionInline]

    @admin.display(description=_("kinds of organisation that may be nominated"))
    def eligible_kinds_shown(self, obj):
        labels = dict(Organisation.Kind.choices)
        return join_list(labels.get(kind, kind) for kind in obj.eligible_kinds) or _("any kind")


class ReviewerAssignmentInline(ScopedInline, admin.TabularInline):
    model = ReviewerAssignment
    extra = 0
    fields = readonly_fields = ("reviewer", "conflict_declared", "conflict_note", "assigned_by", "assigned_at")
    can_delete = False


@admin.register(Nomination)
class NominationAdmin(ReadOnlyScopedAdmin):
    """Nominations with their evidence as computed and their reviewers; scoped like the rules: the programme's
    operators (the district running it; a platform programme: platform operators only). Nominating, assigning
    reviewers, recounting and deciding are on the pages and in the API."""

    city_lookup = "programme__city"
    list_display = ["organisation", "programme", "status", "by_operator", "created_at", "decided_at"]
    list_filter = ["status", "programme__kind", "programme__year"]
    search_fields = ["organisation__name_zh", "organisation__name_en", "programme__title_zh", "programme__title_en"]
    list_select_related = ["organisation", "programme"]
    fields = readonly_fields = (
        "programme",
        "organisation",
        "nominated_by",
        "by_operator",
        "statement",
        "status",
        "evidence_figures",
        "evidence_at",
        "created_at",
        "decided_at",
    )
    inlines = [ReviewerAssignmentInline]

    @admin.display(description=_("evidence computed from the platform"))
    def evidence_figures(self, obj):
        return format_html_join(
            mark_safe("<br>"), "{}: {}", (
                (figure_label(item["key"]), "—" if item["value"] is None else item["value"]) for item in obj.evidence
            ),
        )


@admin.register(Score)
class ScoreAdmin(ReadOnlyScopedAdmin):
    """Reviewers' scores, per criterion; scoped by the programme like the nominations."""

    city_lookup = "assignment__nomination__programme__city"
    list_display = ["nomination", "reviewer", "criterion", "value", "scored_at"]
    list_filter = ["value"]
    search_fields = [
        "assignment__nomination__organisation__name_zh",
        "assignment__nomination__organisation__name_en",
        "assignment__reviewer__email",
    ]
    list_select_related = ["assignment__nomination__organisation", "assignment__nomination__programme",
                           "assignment__reviewer", "criterion"]
    fields = readonly_fields = ("nomination", "reviewer", "criterion", "value", "comment", "scored_at")

    @admin.display(description=_("nomination"))
    def nomination(self, obj):
        return obj.assignment.nomination

    @admin.display(description=_("reviewer"))
    def reviewer(self, obj):
        return obj.assignment.reviewer
