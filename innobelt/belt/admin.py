from django.contrib import admin

from innobelt.accounts.admin_scoping import OperatorScopedAdmin
from innobelt.belt.models import City, CooperationAgreement, FollowUpAction, Industry


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

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_platform_operator:
            return qs
        return qs.filter(pk__in=request.user.operator_cities.values("pk"))

    def has_add_permission(self, request):
        return bool(request.user.is_active and request.user.is_platform_operator)


class FollowUpActionInline(admin.TabularInline):
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
