from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from innobelt.accounts.admin_scoping import OperatorScopedAdmin
from innobelt.organisations import domain
from innobelt.organisations.models import Claim, Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(OperatorScopedAdmin):
    city_lookup = "city"
    list_display = ["name_zh", "name_en", "kind", "city", "verification", "is_goi_member", "is_synthetic"]
    list_filter = ["verification", "kind", "city", "is_goi_member", "is_synthetic", "industries"]
    search_fields = ["name_zh", "name_en", "credit_code", "slug"]
    filter_horizontal = ["industries", "agreements"]
    readonly_fields = ["verified_at", "created_at", "updated_at"]
    inlines = [MembershipInline]
    actions = ["verify_selected"]

    @admin.action(description=_("Verify the selected organisations"))
    def verify_selected(self, request, queryset):
        for org in queryset:
            domain.verify_organisation(actor=request.user, organisation=org)
        messages.success(request, _("%(n)d organisations verified.") % {"n": queryset.count()})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from innobelt.audit.domain import record_action

        record_action(actor=request.user, action="organisation.changed_in_admin" if change else "organisation.created_in_admin", target=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        domain.refresh_search_document(form.instance)


@admin.register(Claim)
class ClaimAdmin(OperatorScopedAdmin):
    city_lookup = "organisation__city"
    list_display = ["user", "organisation", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["user__email", "organisation__name_zh", "organisation__name_en"]
    readonly_fields = ["user", "organisation", "kind", "status", "decided_by", "decided_at", "created_at"]


@admin.register(Invitation)
class InvitationAdmin(OperatorScopedAdmin):
    city_lookup = "organisation__city"
    list_display = ["email", "organisation", "role", "created_at", "accepted_at"]
    readonly_fields = ["token"]
