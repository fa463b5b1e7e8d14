from django.contrib import admin

from innobelt.kit.admin_scoping import OperatorScopedAdmin
from innobelt.matching.models import MatchFeedback


@admin.register(MatchFeedback)
class MatchFeedbackAdmin(OperatorScopedAdmin):
    list_display = ["created_at", "user", "action", "target", "query"]
    list_filter = ["action"]
    search_fields = ["query", "target"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
