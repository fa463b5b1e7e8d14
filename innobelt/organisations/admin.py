"""Organisations, claims, invitations and incubations in the Django admin (district operators: their cities only).

Saves go through the domain like the pages: profiles through update_organisation_profile
(its checks and audit; a later rule there applies here too), verification through
verify_organisation (an action; the field is read-only), invitations through invite_member.
Memberships come from claims and invitations: district operators only see them here.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from innobelt.audit.domain import record_action
from innobelt.kit.admin_scoping import (
    DomainSaveAdmin,
    OperatorScopedAdmin,
    ReadOnlyScopedAdmin,
    ScopedInline,
    is_platform_operator,
)
from innobelt.organisations import domain
from innobelt.organisations.models import Claim, Incubation, Invitation, Membership, Organisation


class MembershipInline(ScopedInline, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    operator_read_only = True  # district operators: memberships come from claims and invitations (the pages)


@admin.register(Organisation)
class OrganisationAdmin(DomainSaveAdmin, OperatorScopedAdmin):
    city_lookup = "city"
    list_display = ["name_zh", "name_en", "kind", "city", "verification", "is_goi_member", "is_synthetic"]
    list_filter = ["verification", "kind", "city", "is_goi_member", "is_synthetic", "industries"]
    search_fields = ["name_zh", "name_en", "credit_code", "slug"]
    filter_horizontal = ["industries", "agreements"]
    readonly_fields = ["verification", "verified_at", "created_at", "updated_at"]
    inlines = [MembershipInline]
    actions = ["verify_selected"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["slug", "is_synthetic"]  # the domain changes neither
        return fields

    @admin.action(description=_("Verify the selected organisations"))
    def verify_selected(self, request, queryset):
        done = 0
        for org in queryset:
            try:
                domain.verify_organisation(actor=request.user, organisation=org)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, f"{org}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
        messages.success(request, _("%(n)d organisations verified.") % {"n": done})

    def save_model(self, request, obj, form, change):
        """The one place an admin save of an organisation reaches the domain: the profile rules, their
        audit entry and whatever else the domain does on a change of profile happen here as on the pages."""
        data = form.cleaned_data
        profile = {name: data[name] for name in domain.PROFILE_FIELDS if name in data}
        try:
            if change:
                saved = domain.update_organisation_profile(actor=request.user, organisation=Organisation.objects.get(pk=obj.pk),
                                                           changes=profile, industries=data.get("industries"))
            else:
                extra = {name: data[name] for name in ("slug", "is_synthetic") if name in data}
                saved = domain.create_organisation(actor=request.user, industries=data.get("industries") or (), **profile, **extra)
        except (ValidationError, PermissionDenied) as exc:
            self.refuse(exc)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "agreements" in form.changed_data:
            record_action(actor=request.user, action="organisation.agreements_changed", target=form.instance,
                          data={"agreements": sorted(a.pk for a in form.cleaned_data["agreements"])})
        domain.refresh_search_document(form.instance)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Membership and (formset.new_objects or formset.changed_objects or formset.deleted_objects):
            record_action(actor=request.user, action="organisation.memberships_changed_in_admin", target=form.instance,
                          data={"added": [m.user_id for m in formset.new_objects],
                                "changed": [m.user_id for m, _fields in formset.changed_objects],
                                "removed": [m.user_id for m in formset.deleted_objects]})


@admin.register(Claim)
class ClaimAdmin(OperatorScopedAdmin):
    """Claims are made on the pages and decided there (approve or refuse): read only here."""

    city_lookup = "organisation__city"
    list_display = ["user", "organisation", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["user__email", "organisation__name_zh", "organisation__name_en"]
    readonly_fields = ["user", "organisation", "kind", "status", "position", "evidence", "decided_by", "decided_at", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InvitationAdminForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["organisation", "email", "role"]


@admin.register(Invitation)
class InvitationAdmin(DomainSaveAdmin, OperatorScopedAdmin):
    """Invitations are sent through the domain (who may invite, e-mail, audit) and do not change
    afterwards: pointing one at another organisation would make its holder a member there."""

    city_lookup = "organisation__city"
    form = InvitationAdminForm
    list_display = ["email", "organisation", "role", "created_at", "accepted_at"]
    search_fields = ["email", "organisation__name_zh", "organisation__name_en"]
    autocomplete_fields = ["organisation"]

    def has_add_permission(self, request):
        return is_platform_operator(request.user)  # as on the pages: org admins and platform operators invite

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["organisation", "email", "role", "invited_by", "created_at", "accepted_at"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            saved = domain.invite_member(actor=request.user, organisation=data["organisation"], email=data["email"], role=data["role"])
        except (ValidationError, PermissionDenied) as exc:
            self.refuse(exc)
        obj.pk = saved.pk
        obj.refresh_from_db()


@admin.register(Incubation)
class IncubationAdmin(ReadOnlyScopedAdmin):
    """Incubations are named by the incubator and confirmed or declined by the startup on the pages and through
    the API (the domain checks who): read only here, for the operators of the incubator's city."""

    city_lookup = "incubator__city"
    list_display = ["incubator", "startup", "status", "started_on", "ended_on", "named_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["incubator__name_zh", "incubator__name_en", "startup__name_zh", "startup__name_en"]
    list_select_related = ["incubator", "startup"]
    readonly_fields = ["incubator", "startup", "status", "started_on", "ended_on", "named_by", "named_at", "decided_by",
                       "decided_at"]
