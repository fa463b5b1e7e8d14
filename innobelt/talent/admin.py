"""Positions, talent profiles, applications and recognitions in the Django admin: read-only, for operators
(district operators: their cities' rows; kit.admin_scoping). Organisations post positions, people keep their
profiles and apply, employers move applications and operators grant recognitions on the pages and through
the API, where the domain checks the rules and records consent; nobody adds, changes or deletes here.

Personal data (ADR 1001, "Talent in the admin"): a hidden profile is found by nobody but its owner,
operators included, so it is not in the admin at all, and a recognition of a profile hidden since shows
only that a hidden profile holds it. An application shows its position, status and dates, never who
applied or their message: the applicant shared their profile with the organisation, not with operators.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from innobelt.kit.admin_scoping import ReadOnlyScopedAdmin
from innobelt.talent.models import Position, PositionApplication, Recognition, TalentProfile


class ReadOnlyTalentAdmin(ReadOnlyScopedAdmin):
    """Operators read their cities' rows; nobody adds, changes or deletes them in the admin."""

    deletable = False

    def get_readonly_fields(self, request, obj=None):
        return tuple(self.fields or ())  # every field shown is read-only (some are the admin's own columns)


@admin.register(Position)
class PositionAdmin(ReadOnlyTalentAdmin):
    city_lookup = "city"
    list_display = ["__str__", "organisation", "kind", "city", "level", "goi_participant", "status", "created_at"]
    list_filter = ["status", "kind", "level", "goi_participant"]
    search_fields = ["title_zh", "title_en", "organisation__name_zh", "organisation__name_en"]
    fields = [
        "organisation",
        "kind",
        "title_zh",
        "title_en",
        "description",
        "field",
        "skills",
        "city",
        "language",
        "level",
        "goi_participant",
        "status",
        "created_at",
    ]


@admin.register(TalentProfile)
class TalentProfileAdmin(ReadOnlyTalentAdmin):
    """Profiles shown to investors' and employers' matching (public, verified organisations only) of people who
    would work in the operator's cities; hidden profiles are not here."""

    city_lookup = "cities"
    list_display = ["headline", "field", "visibility", "updated_at"]
    list_filter = ["visibility"]
    ordering = ["-updated_at", "-pk"]
    search_fields = ["headline", "skills"]
    fields = ["headline", "summary", "field", "skills", "degrees", "languages", "cities", "visibility", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(visibility=TalentProfile.Visibility.HIDDEN)


@admin.register(PositionApplication)
class PositionApplicationAdmin(ReadOnlyTalentAdmin):
    city_lookup = "position__city"
    list_display = ["position", "organisation", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["position__title_zh", "position__title_en"]
    fields = ["position", "organisation", "status", "decline_reason", "created_at"]

    @admin.display(description=_("organisation"))
    def organisation(self, obj):
        return obj.position.organisation

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("position__organisation")


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyTalentAdmin):
    city_lookup = "city"
    list_display = ["person", "programme", "city", "granted_at"]
    list_filter = ["programme"]
    fields = ["person", "programme", "city", "review_note", "granted_by", "granted_at"]

    @admin.display(description=_("talent profile"))
    def person(self, obj):
        if obj.profile.visibility == TalentProfile.Visibility.HIDDEN:
            return _("a hidden profile")
        return obj.profile.headline

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("profile", "city")
