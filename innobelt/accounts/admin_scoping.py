"""Django admin for operators: platform operators see everything, district
operators see and change only what belongs to their cities."""

from django.contrib import admin


def is_platform_operator(user) -> bool:
    return bool(user.is_active and user.is_staff and user.is_platform_operator)


def is_any_operator(user) -> bool:
    return bool(user.is_active and user.is_staff and (user.is_platform_operator or user.operator_cities.exists()))


class OperatorScopedAdmin(admin.ModelAdmin):
    #: the lookup from the model to its city, e.g. "city" or "cities"; None: platform operators only
    city_lookup: str | None = None

    def in_scope(self, request, obj) -> bool:
        if is_platform_operator(request.user):
            return True
        if self.city_lookup is None or obj is None:
            return self.city_lookup is not None and is_any_operator(request.user)
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_platform_operator(request.user):
            return qs
        if self.city_lookup is None:
            return qs.none()
        return qs.filter(**{f"{self.city_lookup}__in": request.user.operator_cities.all()}).distinct()

    def has_module_permission(self, request):
        return is_platform_operator(request.user) or (self.city_lookup is not None and is_any_operator(request.user))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or self.in_scope(request, obj))

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return is_platform_operator(request.user)
