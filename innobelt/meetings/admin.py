"""The Django admin for operators: platform operators see every programme, district
operators those of events in their cities."""

from django.contrib import admin

from innobelt.kit.admin_scoping import OperatorScopedAdmin, ScopedInline
from innobelt.meetings.models import Meeting, Programme, ScheduleRun, Slot


class SlotInline(ScopedInline, admin.TabularInline):
    model = Slot
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(OperatorScopedAdmin):
    city_lookup = "event__city"
    list_display = ["event", "meeting_minutes", "default_tables", "max_meetings", "fairness", "requests_open"]
    list_select_related = ["event"]
    raw_id_fields = ["event"]
    inlines = [SlotInline]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(OperatorScopedAdmin):
    """Runs are records of what happened: read only."""

    city_lookup = "programme__event__city"
    list_display = ["pk", "programme", "status", "full", "value", "bound", "method", "fallback", "seconds", "requested_by", "created_at"]
    list_filter = ["status", "fallback", "method"]
    list_select_related = ["programme__event", "requested_by"]
    exclude = ["instance"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(OperatorScopedAdmin):
    city_lookup = "programme__event__city"
    list_display = ["pk", "programme", "slot", "table", "a", "b", "status", "fixed", "outcome"]
    list_filter = ["status", "outcome", "fixed"]
    list_select_related = ["programme__event", "slot", "a__registration__user", "a__registration__organisation",
                           "b__registration__user", "b__registration__organisation"]
    raw_id_fields = ["a", "b", "slot", "run"]
    readonly_fields = ["cancelled_by", "outcome_by", "outcome_at", "created_at"]
