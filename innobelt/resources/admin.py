"""The register in the Django admin, for operators (district operators see their cities only).

A resource is added and changed through the domain, as on the pages: the same form checks of
opening hours and licensing modes, the domain's checks of each kind (validate_resource), its
audit entries. Publishing and taking back to draft are actions (publish_resource checks a
description and a contact); the status is read-only. District operators change the resources
of their cities; adding one is for its owner's admins (the pages) and platform operators.

Bookings are read-only here: creating or moving one must go through the domain,
which serialises bookers and reports conflicts; operators cancel with the action.
Requests, closures and outcome reports are read-only too: the pages change them.
Sample jobs are read-only as well: every step locks the job's row and issues or credits its statement
line (domain/samples.py), which an admin form would bypass; operators see them, the pages move them. Their
outcome reports likewise: the requester reports once, on the job's page or through the API.
Training records and requests, waitlist entries and released slots are read-only and not deleted here: the
owner records and removes training on the training page (audited), scheduling books a session under the
resource's row lock, and a released slot is claimed by one taker under that lock (domain/training.py,
domain/checkin.py); operators see them, city-scoped.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from innobelt.kit.admin_scoping import (
    DomainSaveAdmin,
    OperatorScopedAdmin,
    ReadOnlyScopedAdmin,
    ScopedInline,
    add_refusal_errors,
    is_platform_operator,
)
from innobelt.resources import domain
from innobelt.resources import opening_hours as opening
from innobelt.resources.domain.register import EDITABLE_FIELDS, validate_resource
from innobelt.resources.forms import ResourceForm
from innobelt.resources.models import (
    ALL_KIND_FIELDS,
    COMMON_FIELDS,
    AccessRequest,
    Blackout,
    Booking,
    OutcomeReport,
    ReleasedSlot,
    RequestMessage,
    Resource,
    SampleJob,
    SampleJobOutcome,
    TrainingRecord,
    TrainingRequest,
    WaitlistEntry,
)


class ResourceAdminForm(forms.ModelForm):
    """The admin's resource form: opening hours and licensing modes as on the pages, then the domain's checks."""

    opening_hours_text = ResourceForm.base_fields["opening_hours_text"]
    licensing_modes = ResourceForm.base_fields["licensing_modes"]
    clean_opening_hours_text = ResourceForm.clean_opening_hours_text

    class Meta:
        model = Resource
        fields = ["owner", *COMMON_FIELDS, "industries", "visible_cities", *[f for f in ALL_KIND_FIELDS if f != "opening_hours"]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["opening_hours_text"] = opening.format_opening_hours(self.instance.opening_hours)
            self.initial["licensing_modes"] = self.instance.licensing_modes
        else:
            self.initial.setdefault("opening_hours_text", "")

    def _post_clean(self):
        super()._post_clean()
        if "opening_hours_text" in self.cleaned_data:
            self.instance.opening_hours = self.cleaned_data["opening_hours_text"]
        self.instance.licensing_modes = list(self.cleaned_data.get("licensing_modes") or [])
        if self.errors:
            return
        try:
            validate_resource(self.instance, visible_cities=self.cleaned_data.get("visible_cities"))
        except ValidationError as exc:
            add_refusal_errors(self, exc)

    def domain_fields(self) -> dict:
        """The resource's facts for create_resource and update_resource."""
        data = {name: value for name, value in self.cleaned_data.items() if name in EDITABLE_FIELDS}
        data["opening_hours"] = self.cleaned_data.get("opening_hours_text", [])
        data["licensing_modes"] = list(self.cleaned_data.get("licensing_modes") or [])
        return data


@admin.register(Resource)
class ResourceAdmin(DomainSaveAdmin, OperatorScopedAdmin):
    city_lookup = "city"
    form = ResourceAdminForm
    list_display = ["__str__", "kind", "owner", "city", "status", "visibility", "terms", "published_at"]
    list_filter = ["kind", "status", "visibility", "terms", "city", "industries"]
    search_fields = ["title_zh", "title_en", "owner__name_zh", "owner__name_en", "category", "maker", "model_number", "patent_number"]
    autocomplete_fields = ["owner"]
    filter_horizontal = ["industries", "visible_cities"]
    unscoped_choices = ("visible_cities",)  # whose organisations may see it: any city
    readonly_fields = ["status", "published_at", "created_by", "created_at", "updated_at"]
    actions = ["publish_selected", "unpublish_selected"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["owner", "kind"] if obj is not None else fields  # the domain changes neither

    def has_add_permission(self, request):
        return is_platform_operator(request.user)  # as on the pages: the owner's admins and platform operators add

    def save_model(self, request, obj, form, change):
        fields = form.domain_fields()
        industries, cities = list(fields.pop("industries", [])), list(fields.pop("visible_cities", []))
        try:
            if change:
                fields.pop("kind", None)
                saved = domain.update_resource(actor=request.user, resource=Resource.objects.get(pk=obj.pk), changes=fields, industries=industries,
                                               visible_cities=cities)
            else:
                saved = domain.create_resource(actor=request.user, owner=form.cleaned_data["owner"], industries=industries,
                                               visible_cities=cities, **fields)
        except (ValidationError, PermissionDenied) as exc:
            self.refuse(exc)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)  # the domain set industries and cities

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


class RequestMessageInline(ScopedInline, admin.TabularInline):
    model = RequestMessage
    extra = 0
    readonly_fields = ["author", "kind", "text", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessRequest)
class AccessRequestAdmin(OperatorScopedAdmin):
    city_lookup = "resource__city"
    list_display = ["resource", "organisation", "status", "created_at", "decided_at"]
    list_filter = ["status", "decline_reason"]
    search_fields = ["resource__title_zh", "resource__title_en", "organisation__name_zh", "organisation__name_en", "requested_by__email"]
    readonly_fields = ["resource", "organisation", "requested_by", "status", "decided_by", "decided_at", "terms_accepted_by",
                       "terms_accepted_at", "nda_acknowledged", "created_at"]
    inlines = [RequestMessageInline]

    def has_add_permission(self, request):
        return False  # people ask on the pages

    def has_change_permission(self, request, obj=None):
        return False  # the owner decides on the pages


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

    def has_add_permission(self, request):
        return False  # the seeker reports on the pages

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SampleJob)
class SampleJobAdmin(OperatorScopedAdmin):
    city_lookup = "resource__city"
    list_display = ["__str__", "resource", "organisation", "samples", "status", "amount", "created_at", "completed_at"]
    list_filter = ["status", "user_class"]
    date_hierarchy = "created_at"
    search_fields = ["resource__title_zh", "resource__title_en", "organisation__name_zh", "organisation__name_en", "method"]
    readonly_fields = [field.name for field in SampleJob._meta.fields]

    def has_add_permission(self, request):
        return False  # seekers submit on the pages or through the API

    def has_change_permission(self, request, obj=None):
        return False  # every step goes through domain/samples.py (row lock, statement line)


@admin.register(SampleJobOutcome)
class SampleJobOutcomeAdmin(ReadOnlyScopedAdmin):  # the requester reports on the job's page or through the API
    city_lookup = "job__resource__city"
    list_display = ["__str__", "job", "outcome", "reported_by", "reported_at"]
    list_filter = ["outcome"]
    date_hierarchy = "reported_at"
    readonly_fields = [field.name for field in SampleJobOutcome._meta.fields]


class DailyOperationAdmin(ReadOnlyScopedAdmin):
    """Training, the waitlist and released slots: operators read their cities' rows; the pages and the API change them."""

    city_lookup = "resource__city"
    deletable = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(DailyOperationAdmin):
    list_display = ["person", "resource", "trained_by", "trained_on", "expires_on", "recorded_at"]
    date_hierarchy = "trained_on"


@admin.register(TrainingRequest)
class TrainingRequestAdmin(DailyOperationAdmin):
    list_display = ["person", "resource", "organisation", "status", "session", "created_at", "decided_at"]
    list_filter = ["status"]
    date_hierarchy = "created_at"


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(DailyOperationAdmin):
    list_display = ["person", "resource", "organisation", "start", "end", "status", "created_at"]
    list_filter = ["status"]
    date_hierarchy = "start"


@admin.register(ReleasedSlot)
class ReleasedSlotAdmin(DailyOperationAdmin):
    list_display = ["resource", "start", "end", "status", "no_show", "taken_by", "created_at"]
    list_filter = ["status"]
    date_hierarchy = "start"
