"""Achievements in the Django admin, for operators (district operators see their cities' organisations only).

Read-only here: organisations draft, submit and confirm on the pages and through the API, where the domain
checks the rules; operators publish achievements in review (the domain's publish_achievement, which also
checks that they may). Award programmes are defined through the API for now."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from innobelt.kit.admin_scoping import OperatorScopedAdmin
from innobelt.showcase.domain import achievements as domain
from innobelt.showcase.models import Achievement


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
