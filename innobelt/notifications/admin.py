from django.contrib import admin

from innobelt.kit.admin_scoping import is_platform_operator
from innobelt.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "subject", "read_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "recipient__email"]

    def has_module_permission(self, request):
        return is_platform_operator(request.user)

    has_view_permission = lambda self, request, obj=None: self.has_module_permission(request)  # noqa: E731

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
