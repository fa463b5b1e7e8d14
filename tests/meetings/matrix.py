"""Permission matrix rows and id-guessing probes of 1:1 meetings (loaded by
tests/test_permission_matrix.py and tests/test_id_guessing.py).

The world: org A (city W) organises a published innovation day with a 1:1 programme of
three slots. The "member" role (a plain member of A) is a confirmed participant who meets
`p1` in the first slot and has asked to meet `p2`; a scheduler run is done. Organisers are
admin_a, operator_w and platform. admin_b and operator_x organise nothing here: every
page and operation is a 404 for them, never a 403, so they learn nothing.
"""

from datetime import timedelta

from django.utils import timezone

from innobelt.meetings.models import MeetingRequest, ScheduleRun
from tests.factories import EventFactory, MeetingFactory, ParticipantFactory, ProgrammeFactory, RegistrationFactory, SlotFactory

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def signed_in(status, anonymous=L):
    return row(anonymous, *[status] * 6)


def extend_world(world):
    start = (timezone.localtime() + timedelta(days=30)).replace(hour=9, minute=0, second=0, microsecond=0)
    event = EventFactory(organiser=world.org_a, city=world.city_w, kind="innovation_day", starts_at=start,
                         ends_at=start + timedelta(hours=8), title_en="Innovation day of A")
    programme = ProgrammeFactory(event=event)
    slots = [SlotFactory(programme=programme, starts_at=start + timedelta(minutes=20 * i), tables=5) for i in range(3)]
    member_reg = RegistrationFactory(event=event, user=world.users["member"], organisation=world.org_a, code="MMMMMM")
    member = ParticipantFactory(programme=programme, registration=member_reg)
    p1, p2 = ParticipantFactory(programme=programme), ParticipantFactory(programme=programme)
    MeetingRequest.objects.create(programme=programme, requester=member, target=p1, priority="must")
    MeetingRequest.objects.create(programme=programme, requester=member, target=p2, priority="like")
    run = ScheduleRun.objects.create(programme=programme, status="done", value=1, bound=1, gap=0.0, method="highs",
                                     solver_status="optimal", meetings_count=1, requested_by=world.users["admin_a"])
    meeting = MeetingFactory(programme=programme, slot=slots[0], a=member, b=p1, table=1, run=run)
    world.extra.update(mt_event=event, mt_programme=programme, mt_slots=slots, mt_member=member, mt_p1=p1, mt_p2=p2,
                       mt_run=run, mt_meeting=meeting)


def _x(world, name):
    return world.extra[f"mt_{name}"]


def _e(world):
    return _x(world, "event").pk


PARTICIPANT = row(L, 200, 404, 404, 404, 404, 404)
PARTICIPANT_POST = row(L, 302, 404, 404, 404, 404, 404)
ORGANISER = row(L, 404, 200, 404, 200, 404, 200)
ORGANISER_POST = row(L, 404, 302, 404, 302, 404, 302)
PARTY_POST = row(L, 302, 302, 404, 302, 404, 302)

PAGES = {
    "meetings:mine": ("get", lambda w: "/meetings/", None, signed_in(200)),
    "meetings:calendar": ("get", lambda w: f"/meetings/calendar/{_x(w, 'member').calendar_token}.ics", None, row(*[200] * 7)),
    "meetings:join": ("post", lambda w: f"/meetings/{_e(w)}/join/", None, PARTICIPANT_POST),
    "meetings:profile": ("get", lambda w: f"/meetings/{_e(w)}/profile/", None, PARTICIPANT),
    "meetings:people": ("get", lambda w: f"/meetings/{_e(w)}/people/", None, PARTICIPANT),
    "meetings:request": ("post", lambda w: f"/meetings/{_e(w)}/people/{_x(w, 'p2').pk}/request/", lambda w: {"priority": "must"},
                         PARTICIPANT_POST),
    "meetings:respond": ("post", lambda w: f"/meetings/{_e(w)}/people/{_x(w, 'p1').pk}/respond/", lambda w: {"answer": "accept"},
                         PARTICIPANT_POST),  # the member was not asked: a message, nothing changes
    "meetings:agenda": ("get", lambda w: f"/meetings/{_e(w)}/agenda/", None, PARTICIPANT),
    "meetings:cancel": ("post", lambda w: f"/meetings/m/{_x(w, 'meeting').pk}/cancel/", None, PARTY_POST),
    "meetings:outcome": ("post", lambda w: f"/meetings/m/{_x(w, 'meeting').pk}/outcome/", lambda w: {"outcome": "held"}, PARTY_POST),
    "meetings:manage": ("get", lambda w: f"/meetings/{_e(w)}/manage/", None, ORGANISER),
    "meetings:add_slots": ("post", lambda w: f"/meetings/{_e(w)}/slots/",
                           lambda w: {"first_start": timezone.localtime(_x(w, "event").starts_at + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
                                      "count": "2"}, ORGANISER_POST),
    "meetings:remove_slot": ("post", lambda w: f"/meetings/{_e(w)}/slots/{_x(w, 'slots')[2].pk}/remove/", None, ORGANISER_POST),
    "meetings:set_tables": ("post", lambda w: f"/meetings/{_e(w)}/slots/tables/", lambda w: {f"slot-{_x(w, 'slots')[2].pk}": "4"},
                            ORGANISER_POST),
    "meetings:take_in_requests": ("post", lambda w: f"/meetings/{_e(w)}/event-requests/", None, ORGANISER_POST),
    "meetings:run": ("post", lambda w: f"/meetings/{_e(w)}/runs/", None, ORGANISER_POST),
    "meetings:run_status": ("get", lambda w: f"/meetings/{_e(w)}/runs/{_x(w, 'run').pk}/", None, ORGANISER),
    "meetings:grid": ("get", lambda w: f"/meetings/{_e(w)}/grid/", None, ORGANISER),
    "meetings:fix_meeting": ("post", lambda w: f"/meetings/{_e(w)}/fixed/",
                             lambda w: {"a": _x(w, "p1").pk, "b": _x(w, "p2").pk, "slot": _x(w, "slots")[1].pk}, ORGANISER_POST),
}

P = "/api/v1/meeting-programmes"
API_PARTICIPANT = row(401, 200, 404, 404, 404, 404, 404)
API_ORGANISER = row(401, 404, 200, 404, 200, 404, 200)
API_BOTH = row(401, 200, 200, 404, 200, 404, 200)

API = {
    "GET /api/v1/meeting-programmes/{event_id}": (lambda w: (f"{P}/{_e(w)}", None), API_BOTH),
    "PUT /api/v1/meeting-programmes/{event_id}": (lambda w: (f"{P}/{_e(w)}", {"meeting_minutes": 20, "fairness": "first"}), API_ORGANISER),
    "POST /api/v1/meeting-programmes/{event_id}/slots": (
        lambda w: (f"{P}/{_e(w)}/slots", {"first_start": (_x(w, "event").starts_at + timedelta(hours=3)).isoformat(), "count": 2}),
        row(401, 404, 201, 404, 201, 404, 201)),
    "DELETE /api/v1/meeting-programmes/{event_id}/slots/{slot_id}": (lambda w: (f"{P}/{_e(w)}/slots/{_x(w, 'slots')[2].pk}", None),
                                                                     row(401, 404, 204, 404, 204, 404, 204)),
    "PATCH /api/v1/meeting-programmes/{event_id}/slots/{slot_id}": (lambda w: (f"{P}/{_e(w)}/slots/{_x(w, 'slots')[2].pk}", {"tables": 4}),
                                                                    API_ORGANISER),
    "POST /api/v1/meeting-programmes/{event_id}/event-requests": (lambda w: (f"{P}/{_e(w)}/event-requests", None), API_ORGANISER),
    "POST /api/v1/meeting-programmes/{event_id}/join": (lambda w: (f"{P}/{_e(w)}/join", None), API_PARTICIPANT),
    "GET /api/v1/meeting-programmes/{event_id}/participants": (lambda w: (f"{P}/{_e(w)}/participants", None), API_BOTH),
    "GET /api/v1/meeting-programmes/{event_id}/me": (lambda w: (f"{P}/{_e(w)}/me", None), API_PARTICIPANT),
    "PATCH /api/v1/meeting-programmes/{event_id}/me": (lambda w: (f"{P}/{_e(w)}/me", {"offers": "Wafer testing"}), API_PARTICIPANT),
    "GET /api/v1/meeting-programmes/{event_id}/suggestions": (lambda w: (f"{P}/{_e(w)}/suggestions", None), API_PARTICIPANT),
    "GET /api/v1/meeting-programmes/{event_id}/requests": (lambda w: (f"{P}/{_e(w)}/requests", None), API_PARTICIPANT),
    "PUT /api/v1/meeting-programmes/{event_id}/requests/{participant_id}": (
        lambda w: (f"{P}/{_e(w)}/requests/{_x(w, 'p2').pk}", {"priority": "no"}), API_PARTICIPANT),
    "GET /api/v1/meeting-programmes/{event_id}/requests-received": (lambda w: (f"{P}/{_e(w)}/requests-received", None), API_PARTICIPANT),
    "PUT /api/v1/meeting-programmes/{event_id}/requests-received/{participant_id}": (  # requests are wishes here: nothing to answer
        lambda w: (f"{P}/{_e(w)}/requests-received/{_x(w, 'p1').pk}", {"accept": True}), row(401, 400, 404, 404, 404, 404, 404)),
    "GET /api/v1/meeting-programmes/{event_id}/agenda": (lambda w: (f"{P}/{_e(w)}/agenda", None), API_PARTICIPANT),
    "GET /api/v1/meeting-programmes/{event_id}/meetings": (lambda w: (f"{P}/{_e(w)}/meetings", None), API_ORGANISER),
    "POST /api/v1/meeting-programmes/{event_id}/fixed-meetings": (
        lambda w: (f"{P}/{_e(w)}/fixed-meetings", {"a": _x(w, "p1").pk, "b": _x(w, "p2").pk, "slot": _x(w, "slots")[1].pk}),
        row(401, 404, 201, 404, 201, 404, 201)),
    "POST /api/v1/meeting-programmes/{event_id}/runs": (lambda w: (f"{P}/{_e(w)}/runs", {}), row(401, 404, 202, 404, 202, 404, 202)),
    "GET /api/v1/meeting-programmes/{event_id}/runs": (lambda w: (f"{P}/{_e(w)}/runs", None), API_ORGANISER),
    "GET /api/v1/meeting-runs/{run_id}": (lambda w: (f"/api/v1/meeting-runs/{_x(w, 'run').pk}", None), API_ORGANISER),
    "POST /api/v1/meetings/{meeting_id}/cancel": (lambda w: (f"/api/v1/meetings/{_x(w, 'meeting').pk}/cancel", None), API_BOTH),
    "PUT /api/v1/meetings/{meeting_id}/outcome": (lambda w: (f"/api/v1/meetings/{_x(w, 'meeting').pk}/outcome", {"outcome": "held"}),
                                                  row(401, 400, 400, 404, 400, 404, 400)),
}


# id guessing (tests/test_id_guessing.py): admin_b guesses the ids of this programme's records

def secret_programme(world):
    programme = _x(world, "programme")
    programme.time_limit = 123.25
    programme.save()
    e = _e(world)
    return [("get", f"{P}/{e}"), ("put", f"{P}/{e}"), ("get", f"/meetings/{e}/manage/"), ("post", f"{P}/{e}/runs")], "123.25"


def secret_slot(world):
    slot = _x(world, "slots")[2]
    slot.tables = 9173
    slot.save()
    e = _e(world)
    return [("post", f"/meetings/{e}/slots/{slot.pk}/remove/"), ("delete", f"{P}/{e}/slots/{slot.pk}"), ("get", f"{P}/{e}"),
            ("get", f"/meetings/{e}/grid/"), ("post", f"/meetings/{e}/slots/tables/"),
            ("patch", f"{P}/{e}/slots/{slot.pk}", {"tables": 9}), ("post", f"{P}/{e}/event-requests")], "9173"


def secret_participant(world):
    member = _x(world, "member")
    member.offers = "SECRET-OFFER-4821"
    member.save()
    e = _e(world)
    probes = [("get", f"/meetings/{e}/people/"), ("get", f"/meetings/{e}/agenda/"), ("get", f"/meetings/{e}/profile/"),
              ("get", f"{P}/{e}/participants"), ("get", f"{P}/{e}/me"), ("get", f"{P}/{e}/meetings"),
              ("post", f"/meetings/{e}/people/{member.pk}/request/"), ("post", f"/meetings/{e}/join/"), ("post", f"{P}/{e}/join")]
    return probes, "SECRET-OFFER-4821"


def secret_request(world):
    p2 = _x(world, "p2")
    user = p2.registration.user
    user.display_name = "SECRET-WISHED-7305"
    user.save()
    e = _e(world)
    return [("get", f"{P}/{e}/requests"), ("get", f"/meetings/{e}/people/"), ("get", f"{P}/{e}/participants")], "SECRET-WISHED-7305"


def secret_run(world):
    run = ScheduleRun.objects.create(programme=_x(world, "programme"), status="failed", error="SECRET-RUN-ERROR-6610")
    e = _e(world)
    return [("get", f"/api/v1/meeting-runs/{run.pk}"), ("get", f"/meetings/{e}/runs/{run.pk}/"), ("get", f"{P}/{e}/runs"),
            ("get", f"/meetings/{e}/manage/")], "SECRET-RUN-ERROR-6610"


def secret_meeting(world):
    meeting = _x(world, "meeting")
    user = meeting.b.registration.user
    user.display_name = "SECRET-PARTNER-3391"
    user.save()
    e = _e(world)
    return [("post", f"/meetings/m/{meeting.pk}/cancel/"), ("post", f"/meetings/m/{meeting.pk}/outcome/"),
            ("post", f"/api/v1/meetings/{meeting.pk}/cancel"), ("get", f"{P}/{e}/agenda"), ("get", f"/meetings/{e}/grid/"),
            ("get", f"{P}/{e}/meetings")], "SECRET-PARTNER-3391"


PRIVATE_PROBES = {
    "meetings.programme": secret_programme,
    "meetings.slot": secret_slot,
    "meetings.participant": secret_participant,
    "meetings.meetingrequest": secret_request,
    "meetings.schedulerun": secret_run,
    "meetings.meeting": secret_meeting,
}
