from django.urls import path

from innobelt.meetings.views import organiser, participant

app_name = "meetings"
urlpatterns = [
    path("", participant.mine, name="mine"),
    path("calendar/<str:token>.ics", participant.calendar, name="calendar"),
    path("m/<int:meeting_id>/cancel/", participant.cancel, name="cancel"),
    path("m/<int:meeting_id>/outcome/", participant.outcome, name="outcome"),
    path("<int:event_id>/join/", participant.join, name="join"),
    path("<int:event_id>/profile/", participant.profile, name="profile"),
    path("<int:event_id>/people/", participant.people, name="people"),
    path("<int:event_id>/people/<int:participant_id>/request/", participant.set_request, name="request"),
    path("<int:event_id>/people/<int:participant_id>/respond/", participant.respond, name="respond"),
    path("<int:event_id>/agenda/", participant.agenda, name="agenda"),
    path("<int:event_id>/manage/", organiser.manage, name="manage"),
    path("<int:event_id>/slots/", organiser.add_slots, name="add_slots"),
    path("<int:event_id>/slots/tables/", organiser.set_tables, name="set_tables"),
    path("<int:event_id>/slots/<int:slot_id>/remove/", organiser.remove_slot, name="remove_slot"),
    path("<int:event_id>/event-requests/", organiser.take_in_requests, name="take_in_requests"),
    path("<int:event_id>/runs/", organiser.run, name="run"),
    path("<int:event_id>/runs/<int:run_id>/", organiser.run_status, name="run_status"),
    path("<int:event_id>/grid/", organiser.grid, name="grid"),
    path("<int:event_id>/fixed/", organiser.fix_meeting, name="fix_meeting"),
]
