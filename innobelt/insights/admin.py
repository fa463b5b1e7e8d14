"""The admin of the Belt's data: quarterly reports asked for on the pages or through the API, read only (the
pages ask for them; a run is a record of what happened). District operators see their cities' and districts'
reports, platform operators every one, the whole Belt's included (kit.admin_scoping)."""

from django.contrib import admin

from innobelt.insights.models import ReportRun
from innobelt.kit.admin_scoping import ReadOnlyScopedAdmin


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyScopedAdmin):
    city_lookup = "city"  # the whole Belt's reports (no city): platform operators only
    deletable = False  # its file would stay in the storage; old files are cleaned up by the periodic task
    list_display = ["created_at", "city", "year", "quarter", "file_format", "status", "counted_figures", "total_figures", "size",
                    "requested_by", "finished_at"]
    list_filter = ["status", "file_format", "year", "quarter", "city"]
    list_select_related = ["city", "requested_by"]
    date_hierarchy = "created_at"
