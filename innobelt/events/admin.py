"""The Django admin for operators: platform operators see every event, district operators those of their cities.

An event is created and changed through the domain (create_event, update_event: their checks,
audit entries, the waiting list moving up); its city and organiser do not change afterwards, and
publishing is an action (publish_event). Registrations, pitches, ratings and roadshow requests are
read-only: the pages and the API change them.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from innobelt.events import domain
from innobelt.events.domain.programme import EVENT_FIELDS
from innobelt.events.models import Event, EventMeetingRequest, Pitch, PitchRating, Question, Registration, Room, Session, Speaker
from innobelt.kit.admin_scoping import DomainSaveAdmin, OperatorScopedAdmin, ScopedInline


class RoomInline(ScopedInline, admin.TabularInline):
    model = Room
    extra = 0


class SpeakerInline(ScopedInline, admin.TabularInline):
    model = Speaker
    extra = 0
    fields = ["name_zh", "name_en", "affiliation_zh", "affiliation_en"]


class SessionInline(ScopedInline, admin.StackedInline):
    model = Session
    extra = 0
    fields = [("title_zh", "title_en"), ("starts_at", "ends_at"), "room", "speakers", "description", "description_language"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "room":
            kwargs["queryset"] = Room.objects.filter(event_id=request.resolver_match.kwargs.get("object_id") or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "speakers":
            kwargs["queryset"] = Speaker.objects.filter(event_id=request.resolver_match.kwargs.get("object_id") or 0)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class QuestionInline(ScopedInline, admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Event)
class EventAdmin(DomainSaveAdmin, OperatorScopedAdmin):
    city_lookup = "city"
    list_display = ["title_zh", "title_en", "kind", "status", "city", "organiser", "starts_at", "capacity"]
    list_filter = ["status", "kind", "mode", "city"]
    search_fields = ["title_zh", "title_en", "venue_zh", "venue_en"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organiser"]
    readonly_fields = ["status", "published_at", "created_by", "created_at", "updated_at"]
    inlines = [RoomInline, SpeakerInline, SessionInline, QuestionInline]
    actions = ["publish_selected"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["city", "organiser"] if obj is not None else fields  # the domain changes neither

    @admin.action(description=_("Publish the selected events"))
    def publish_selected(self, request, queryset):
        published = 0
        for event in queryset.filter(status=Event.Status.DRAFT):
            try:
                domain.publish_event(actor=request.user, event=event)
                published += 1
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, f"{event}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
        messages.success(request, _("%(n)d events published.") % {"n": published})

    def save_model(self, request, obj, form, change):
        fields = {name: value for name, value in form.cleaned_data.items() if name in EVENT_FIELDS}
        try:
            if change:
                saved = domain.update_event(actor=request.user, event=Event.objects.get(pk=obj.pk), changes=fields)
            else:
                saved = domain.create_event(actor=request.user, city=form.cleaned_data.get("city"),
                                            organiser=form.cleaned_data.get("organiser"), **fields)
        except (ValidationError, PermissionDenied) as exc:
            self.refuse(exc)
        obj.pk = saved.pk
        obj.refresh_from_db()


@admin.register(Registration)
class RegistrationAdmin(OperatorScopedAdmin):
    """Read and filter; registering, cancelling and approving go through the pages and the API (the waiting list moves there)."""

    city_lookup = "event__city"
    list_display = ["user", "event", "organisation", "status", "code", "created_at", "checked_in_at"]
    list_filter = ["status", "event__kind"]
    search_fields = ["user__email", "user__display_name", "code", "event__title_zh", "event__title_en"]
    list_select_related = ["user", "event", "organisation"]
    readonly_fields = ["event", "user", "organisation", "status", "code", "created_at", "waitlisted_at", "confirmed_at", "decided_by",
                       "decided_at", "cancelled_at", "checked_in_at", "checked_in_by", "reminded_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Pitch)
class PitchAdmin(OperatorScopedAdmin):
    city_lookup = "event__city"
    list_display = ["title", "organisation", "event", "stage", "funding_need_cny", "status", "created_at"]
    list_filter = ["status", "stage"]
    search_fields = ["title", "organisation__name_zh", "organisation__name_en"]
    list_select_related = ["organisation", "event"]
    readonly_fields = ["event", "organisation", "submitted_by", "deck", "status", "decided_by", "decided_at", "created_at"]
    actions = ["select_selected"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Select the chosen pitches"))
    def select_selected(self, request, queryset):
        chosen = 0
        for pitch in queryset.exclude(status__in=[Pitch.Status.SELECTED, Pitch.Status.WITHDRAWN]):
            domain.select_pitch(actor=request.user, pitch=pitch)
            chosen += 1
        messages.success(request, _("%(n)d pitches selected.") % {"n": chosen})


@admin.register(PitchRating)
class PitchRatingAdmin(OperatorScopedAdmin):
    city_lookup = "pitch__event__city"
    list_display = ["pitch", "organisation", "rated_by", "score", "updated_at"]
    list_filter = ["score"]
    list_select_related = ["pitch", "pitch__organisation", "organisation", "rated_by"]
    readonly_fields = ["pitch", "organisation", "rated_by", "score", "comment", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False


@admin.register(EventMeetingRequest)
class EventMeetingRequestAdmin(OperatorScopedAdmin):
    city_lookup = "event__city"
    list_display = ["event", "from_organisation", "to_organisation", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["event", "from_organisation", "to_organisation"]
    readonly_fields = ["event", "from_organisation", "to_organisation", "rating", "requested_by", "created_at"]

    def has_add_permission(self, request):
        return False
