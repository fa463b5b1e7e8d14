"""Stored files in the admin: read only (uploads and their checks are on the pages); deleting goes
through the domain, which removes the file on disk too and records it."""

from django.contrib import admin

from innobelt.files import domain
from innobelt.files.models import StoredFile
from innobelt.kit.admin_scoping import OperatorScopedAdmin


@admin.register(StoredFile)
class StoredFileAdmin(OperatorScopedAdmin):
    city_lookup = "organisation__city"
    list_display = ["original_name", "kind", "content_type", "size", "organisation", "is_public", "created_at"]
    list_filter = ["kind", "is_public"]
    readonly_fields = ["original_name", "kind", "content_type", "size", "sha256", "storage_name", "organisation", "is_public",
                       "uploaded_by", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        domain.delete_file(actor=request.user, stored=obj)

    def delete_queryset(self, request, queryset):
        for stored in queryset:
            domain.delete_file(actor=request.user, stored=stored)
