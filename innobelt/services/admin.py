"""The service catalogue and requests in the Django admin, for operators (district operators see the rows of
their cities: the provider's city).

Both are read-only here: providers offer services through the domain (`offer_service`, used by the demo),
firms and providers work requests on the pages and through the API, where the domain checks the rules,
locks the row, records the audit trail and tells the people concerned.

Holiday schedules (with their days) are national public facts, not a city's data: every operator, platform or
district, reads all of them here (an exception to the city scoping of ADR 0008, ADR 0901 "Holiday schedules in
the admin"). Nobody adds, changes or deletes one here: platform operators enter a year on the operators'
calendar page and through the API (`enter_holiday_schedule`, which moves the due days of open requests)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from innobelt.kit.admin_scoping import OperatorScopedAdmin, ScopedInline, is_any_operator
from innobelt.services.models import CalendarDay, HolidaySchedule, Service, ServiceRequest


@admin.register(Service)
class ServiceAdmin(OperatorScopedAdmin):
    city_lookup = "provider__organisation__city"
    list_display = ["__str__", "provider", "category", "fee", "response_days", "resolution_days", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["title_zh", "title_en", "provider__organisation__name_zh", "provider__organisation__name_en"]
    readonly_fields = ["provider", "category", "title_zh", "title_en", "description_zh", "description_en", "cities",
                       "languages", "fee", "fee_note_zh", "fee_note_en", "response_days", "resolution_days",
                       "is_active", "created_at"]
    exclude = ["search_document"]

    def has_add_permission(self, request):
        return False  # offered through the domain (offer_service)


@admin.register(ServiceRequest)
class ServiceRequestAdmin(OperatorScopedAdmin):
    city_lookup = "provider__organisation__city"
    list_display = ["__str__", "firm", "provider", "status", "cross_provincial", "response_due_on",
                    "resolution_due_on", "overdue_since", "rating"]
    list_filter = ["status", "category", "cross_provincial"]
    search_fields = ["need", "firm__name_zh", "firm__name_en", "provider__organisation__name_zh",
                     "provider__organisation__name_en"]
    readonly_fields = ["firm", "requested_by", "category", "wanted_service", "need", "firm_city", "target_city",
                       "language", "attachments", "cross_provincial", "service", "provider", "thread", "status",
                       "reason", "created_at", "routed_at", "response_due_on", "resolution_due_on", "responded_at",
                       "resolved_at", "closed_at", "waiting_since", "paused_days", "calendar_fallback",
                       "overdue_since", "rating", "rating_comment", "voucher"]

    def has_add_permission(self, request):
        return False  # firms ask on the pages and through the API


class CalendarDayInline(ScopedInline, admin.TabularInline):
    model = CalendarDay
    fields = ["date", "kind", "name_zh", "name_en"]
    readonly_fields = ["date", "kind", "name_zh", "name_en"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin):
    """National: every operator reads every year; entering is on the calendar page (platform operators)."""

    list_display = ["year", "entered_by", "entered_at", "where_to_change"]
    fields = ["year", "entered_by", "entered_at", "where_to_change"]
    readonly_fields = ["year", "entered_by", "entered_at", "where_to_change"]
    inlines = [CalendarDayInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if is_any_operator(request.user) else qs.none()

    def has_module_permission(self, request):
        return is_any_operator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_any_operator(request.user)

    def has_add_permission(self, request):
        return False  # entered on the calendar page and through the API (enter_holiday_schedule)

    def has_change_permission(self, request, obj=None):
        return False  # entering again there replaces the year and moves the due days; a change here would not

    def has_delete_permission(self, request, obj=None):
        return False  # deleting would change the calendar without moving the open requests' due days

    @admin.display(description=_("entered and changed on"))
    def where_to_change(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("services:calendar_year", kwargs={"year": obj.year}),
                           _("the operators' calendar page (platform operators enter it)"))
