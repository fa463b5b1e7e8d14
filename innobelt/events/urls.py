from django.urls import path

from innobelt.events.views import checkin, events, pitches, registrations

app_name = "events"
urlpatterns = [
    path("", events.event_list, name="list"),
    path("new/", events.create, name="create"),
    path("manage/", events.manage, name="manage"),
    path("mine/", registrations.mine, name="mine"),
    path("meeting-requests/", pitches.meeting_requests, name="meeting_requests"),
    path("check-in/<str:token>/", checkin.check_in_token, name="check_in_token"),
    path("registrations/<int:pk>/", registrations.registration, name="registration"),
    path("registrations/<int:pk>/qr.svg", registrations.qr, name="qr"),
    path("registrations/<int:pk>/cancel/", registrations.cancel, name="cancel"),
    path("registrations/<int:pk>/approve/", registrations.approve, name="approve"),
    path("registrations/<int:pk>/reject/", registrations.reject, name="reject"),
    path("sessions/<int:pk>/calendar.ics", events.session_ics, name="session_calendar"),
    path("pitches/<int:pk>/", pitches.pitch, name="pitch"),
    path("pitches/<int:pk>/deck/", pitches.deck, name="pitch_deck"),
    path("pitches/<int:pk>/decide/", pitches.decide, name="decide_pitch"),
    path("pitches/<int:pk>/rate/", pitches.rate, name="rate_pitch"),
    path("ratings/<int:pk>/meeting/", pitches.request_meeting, name="request_meeting"),
    path("<int:pk>/", events.detail, name="detail"),
    path("<int:pk>/edit/", events.edit, name="edit"),
    path("<int:pk>/publish/", events.publish, name="publish"),
    path("<int:pk>/programme/", events.programme, name="programme"),
    path("<int:pk>/programme/<slug:part>/<int:item>/remove/", events.remove_item, name="remove_item"),
    path("<int:pk>/register/", registrations.register, name="register"),
    path("<int:pk>/registrations/", registrations.registrations, name="registrations"),
    path("<int:pk>/registrations/export.<slug:file_format>", registrations.export, name="export_registrations"),
    path("<int:pk>/registrations/message/", registrations.message, name="message_registrants"),
    path("<int:pk>/registrations/badges/", registrations.badges, name="badges"),
    path("<int:pk>/check-in/", checkin.check_in, name="check_in"),
    path("<int:pk>/calendar.ics", events.event_ics, name="calendar"),
    path("<int:pk>/pitches/", pitches.pitches, name="pitches"),
    path("<int:pk>/pitches/apply/", pitches.apply, name="apply_pitch"),
]
