"""Pages of the service zone's catalogue and requests at /services/ (English under /en/)."""

from django.urls import path

from innobelt.services import views, views_calendar

app_name = "services"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:pk>/", views.service_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_service, name="edit_service"),
    path("<int:pk>/retire/", views.retire_service, name="retire_service"),
    path("mine/", views.my_services, name="my_services"),
    path("offer/", views.add_service, name="add_service"),
    path("<int:pk>/request/", views.request_form, name="request_service"),
    path("request/", views.request_form, name="request_any"),
    path("requests/", views.my_requests, name="my_requests"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/attachments/", views.add_attachments, name="add_attachments"),
    path("requests/<int:pk>/attachments/<uuid:file_id>/", views.request_attachment, name="request_attachment"),
    path("requests/<int:pk>/status/", views.change_status, name="change_status"),
    path("requests/<int:pk>/pass-on/", views.pass_on, name="pass_on"),
    path("requests/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("requests/<int:pk>/voucher/", views.choose_voucher, name="choose_voucher"),
    path("requests/<int:pk>/reassign/", views.reassign, name="reassign"),
    path("queue/", views.provider_queue, name="provider_queue"),
    path("operators/", views.operator_queue, name="operator_queue"),
    path("operators/figures/", views.operator_figures, name="operator_figures"),
    path("operators/requests/", views.operator_requests, name="operator_requests"),
    path("operators/calendar/", views_calendar.calendar_years, name="calendar_years"),
    path("operators/calendar/<int:year>/", views_calendar.calendar_year, name="calendar_year"),
]
