from django.contrib import admin

from innobelt.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "subject", "read_at"]
    list_filter = ["kind"]
    search_fields = ["subject", "recipient__email"]

    def has_module_permission(self, request):
        return bool(request.user.is_active and request.user.is_platform_operator)

    has_view_permission = lambda self, request, obj=None: self.has_module_permission(request)  # noqa: E731
