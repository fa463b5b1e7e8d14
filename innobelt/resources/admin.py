"""The register in the Django admin, for operators (district operators see their cities only).

Bookings are read-only here: creating or moving one must go through the domain,
which serialises bookers and reports conflicts; operators cancel with the action.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from innobelt.accounts.admin_scoping import OperatorScopedAdmin
from innobelt.audit.domain import record_action
from innobelt.resources import domain
from innobelt.resources.models import AccessRequest, Blackout, Booking, OutcomeReport, RequestMessage, Resource


@admin.register(Resource)
class ResourceAdmin(OperatorScopedAdmin):
    city_lookup = "city"
    list_display = ["__str__", "kind", "owner", "city", "status", "visibility", "terms", "published_at"]
    list_filter = ["kind", "status", "visibility", "terms", "city", "industries"]
    search_fields = ["title_zh", "title_en", "owner__name_zh", "owner__name_en", "category", "maker", "model_number", "patent_number"]
    autocomplete_fields = ["owner"]
    filter_horizontal = ["industries", "visible_cities"]
    readonly_fields = ["published_at", "created_by", "created_at", "updated_at"]
    actions = ["publish_selected", "unpublish_selected"]

    @admin.action(description=_("Publish the selected resources"))
    def publish_selected(self, request, queryset):
        done = 0
        for resource in queryset:
            try:
                domain.publish_resource(actor=request.user, resource=resource)
                done += 1
            except ValidationError as exc:
                messages.error(request, f"{resource}: {' '.join(exc.messages)}")
        messages.success(request, _("%(n)d resources published.") % {"n": done})

    @admin.action(description=_("Take the selected resources back to draft"))
    def unpublish_selected(self, request, queryset):
        for resource in queryset:
            domain.unpublish_resource(actor=request.user, resource=resource)
        messages.success(request, _("%(n)d resources taken back to draft.") % {"n": queryset.count()})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record_action(actor=request.user, action="resource.changed_in_admin" if change else "resource.created_in_admin", target=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        domain.refresh_search_document(form.instance)


class RequestMessageInline(admin.TabularInline):
    model = RequestMessage
    extra = 0
    readonly_fields = ["author", "kind", "text", "created_at"]
    can_delete = False


@admin.register(AccessRequest)
class AccessRequestAdmin(OperatorScopedAdmin):
    city_lookup = "resource__city"
    list_display = ["resource", "organisation", "status", "created_at", "decided_at"]
    list_filter = ["status", "decline_reason"]
    search_fields = ["resource__title_zh", "resource__title_en", "organisation__name_zh", "organisation__name_en", "requested_by__email"]
    readonly_fields = ["resource", "organisation", "requested_by", "status", "decided_by", "decided_at", "terms_accepted_by",
                       "terms_accepted_at", "nda_acknowledged", "created_at"]
    inlines = [RequestMessageInline]


@admin.register(Booking)
class BookingAdmin(OperatorScopedAdmin):
    city_lookup = "resource__city"
    list_display = ["resource", "start", "end", "organisation", "booked_by", "status"]
    list_filter = ["status"]
    date_hierarchy = "start"
    search_fields = ["resource__title_zh", "resource__title_en", "organisation__name_zh", "organisation__name_en"]
    readonly_fields = ["resource", "access_request", "organisation", "booked_by", "start", "end", "status", "series", "note",
                       "cancelled_by", "cancelled_at", "cancel_reason", "reminder_sent_at", "created_at"]
    actions = ["cancel_selected"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Cancel the selected bookings"))
    def cancel_selected(self, request, queryset):
        done = 0
        for booking in queryset:
            try:
                domain.cancel_booking(actor=request.user, booking=booking, reason=str(_("cancelled by an operator")))
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, f"{booking}: {exc}")
        messages.success(request, _("%(n)d bookings cancelled.") % {"n": done})


@admin.register(Blackout)
class BlackoutAdmin(OperatorScopedAdmin):
    city_lookup = "resource__city"
    list_display = ["resource", "kind", "start", "end", "note"]
    list_filter = ["kind"]
    readonly_fields = ["resource", "kind", "start", "end", "note", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False  # closures cancel bookings: add them on the resource's closures page


@admin.register(OutcomeReport)
class OutcomeReportAdmin(OperatorScopedAdmin):
    city_lookup = "request__resource__city"
    list_display = ["request", "prototype", "test_result", "product", "patent_filed", "financing_raised", "reported_at"]
    list_filter = ["prototype", "test_result", "product", "patent_filed", "financing_raised"]
    readonly_fields = ["request", "reported_by", "reported_at"]
