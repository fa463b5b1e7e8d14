"""Pages of dashboards, the display wall and open data, read-only at /insights/ (English under /en/)."""

from django.urls import path

from innobelt.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.index, name="index"),
    path("belt/", views.belt, name="belt"),
    path("cities/<slug:slug>/", views.city, name="city"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("reports/<int:year>/q<int:quarter>/", views.quarterly_belt, name="quarterly_belt"),
    path("reports/<int:year>/q<int:quarter>/<slug:slug>/", views.quarterly_city, name="quarterly_city"),
    path("reports/runs/<int:year>/q<int:quarter>/", views.report_start_belt, name="report_start_belt"),
    path("reports/runs/<int:year>/q<int:quarter>/<slug:slug>/", views.report_start_city, name="report_start_city"),
    path("reports/runs/<uuid:run_id>/", views.report_run, name="report_run"),
    path("reports/runs/<uuid:run_id>/download/", views.report_download, name="report_download"),
    path("wall/", views.wall, name="wall"),
    path("wall/data/", views.wall_json, name="wall_data"),
    path("open-data/", views.open_data_index, name="open_data"),
    path("open-data/<slug:key>.<str:file_format>", views.open_data_download, name="open_data_download"),
]
