from django.contrib import admin

from innobelt.audit.models import AuditEntry
from innobelt.kit.admin_scoping import PlatformReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(PlatformReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_repr", "ip_address"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "target_repr", "actor__email"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
