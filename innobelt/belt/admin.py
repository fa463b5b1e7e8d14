from django.contrib import admin

from innobelt.belt.models import City, CooperationAgreement, FollowUpAction, Industry
from innobelt.kit.admin_scoping import OperatorScopedAdmin, ScopedInline, is_platform_operator


@admin.register(Industry)
class IndustryAdmin(OperatorScopedAdmin):
    list_display = ["code", "name_zh", "name_en", "parent"]
    search_fields = ["code", "name_zh", "name_en"]


@admin.register(City)
class CityAdmin(OperatorScopedAdmin):
    city_lookup = "pk"
    list_display = ["name_zh", "name_en", "kind", "commute_minutes", "gdp_band", "position"]
    list_filter = ["kind", "gdp_band"]
    search_fields = ["name_zh", "name_en", "slug"]
    filter_horizontal = ["specialties"]

    def has_add_permission(self, request):
        return is_platform_operator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_platform_operator(request.user)  # as the rules say (belt.change_city): district operators read


class FollowUpActionInline(ScopedInline, admin.TabularInline):
    model = FollowUpAction
    extra = 1
    autocomplete_fields = ["owner"]


@admin.register(CooperationAgreement)
class CooperationAgreementAdmin(OperatorScopedAdmin):
    city_lookup = "cities"
    list_display = ["name_zh", "name_en", "signed_on", "status"]
    list_filter = ["status", "cities", "focus_industries"]
    search_fields = ["name_zh", "name_en", "text_zh", "text_en"]
    filter_horizontal = ["cities", "focus_industries"]
    date_hierarchy = "signed_on"
    inlines = [FollowUpActionInline]
