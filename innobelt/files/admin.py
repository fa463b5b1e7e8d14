from django.contrib import admin

from innobelt.accounts.admin_scoping import OperatorScopedAdmin
from innobelt.files.models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(OperatorScopedAdmin):
    city_lookup = "organisation__city"
    list_display = ["original_name", "kind", "content_type", "size", "organisation", "is_public", "created_at"]
    list_filter = ["kind", "is_public"]
    readonly_fields = ["original_name", "content_type", "size", "sha256", "storage_name", "organisation", "uploaded_by", "created_at"]
