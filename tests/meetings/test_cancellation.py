"""Issue 19, bug 2: a meeting has one state everywhere. When a registration is cancelled (by the
person or the organiser) the person's meetings become cancelled (kept, with the reason), and the
grid, both agendas, both calendar feeds and the API say so; both sides and the organisers are told.
A scheduler re-run cancels the meetings it drops instead of deleting them."""

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation
from icalendar import Calendar

from innobelt.events import domain as events_domain
from innobelt.events.hooks import RECEIVERS
from innobelt.meetings import domain
from innobelt.meetings.domain.scheduling import build_instance
from innobelt.meetings.models import Meeting
from innobelt.notifications.models import Notification
from tests.factories import MeetingFactory
from tests.meetings.helpers import admin_of, programme_with, user_of, want

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def placed():
    """p meets q in slot 0 and r in slot 1; r meets s in slot 0 (two tables per slot)."""
    programme, slots, (p, q, r, s) = programme_with(slots=2, tables=2, people=4)
    pq = MeetingFactory(programme=programme, slot=slots[0], a=p, b=q, table=1)
    pr = MeetingFactory(programme=programme, slot=slots[1], a=p, b=r, table=1)
    rs = MeetingFactory(programme=programme, slot=slots[0], a=r, b=s, table=2)
    return programme, slots, (p, q, r, s), (pq, pr, rs)


def _statuses(*meetings):
    return [(m.refresh_from_db() or m.status, m.cancel_reason) for m in meetings]


def test_meetings_connects_its_receiver_to_the_events_hook():
    assert "meetings" in RECEIVERS


@pytest.mark.parametrize("by", ["person", "organiser"])
def test_cancelling_a_registration_cancels_the_persons_meetings_and_keeps_the_rows(placed, by):
    programme, _slots, (p, q, r, s), (pq, pr, rs) = placed
    organiser = admin_of(programme.event.organiser)
    actor = user_of(p) if by == "person" else organiser
    events_domain.cancel_registration(actor=actor, registration=p.registration)
    assert _statuses(pq, pr, rs) == [("cancelled", "registration"), ("cancelled", "registration"), ("scheduled", "")]
    assert Meeting.objects.filter(programme=programme).count() == 3
    assert pq.cancelled_at is not None and pq.cancelled_by == actor


def test_both_sides_and_the_organiser_are_told(placed):
    programme, _slots, (p, q, r, s), (pq, pr, _rs) = placed
    organiser = admin_of(programme.event.organiser)
    events_domain.cancel_registration(actor=user_of(p), registration=p.registration)
    told = Notification.objects.filter(kind="meetings.cancelled")
    assert sorted(n.recipient_id for n in told) == sorted([user_of(p).pk, user_of(q).pk, user_of(r).pk])
    to_q = told.get(recipient=user_of(q))
    assert f"{pq.table} 号桌" in to_q.body and "一方的活动报名已取消" in to_q.body  # in the reader's language (Chinese by default)
    assert to_q.link == f"/meetings/{programme.event_id}/agenda/"
    mine = told.get(recipient=user_of(p))
    assert mine.body.count("的洽谈已取消") == 2  # one message listing both of p's meetings
    assert not told.filter(recipient=user_of(s)).exists()
    to_organiser = Notification.objects.get(kind="meetings.cancelled_for_organiser", recipient=organiser)
    assert to_organiser.body.count("\n") == 1 and to_organiser.link.endswith("/grid/")


def test_the_other_agenda_shows_the_meeting_cancelled_without_buttons_in_both_languages(placed):
    programme, _slots, (p, q, _r, _s), (pq, _pr, _rs) = placed
    events_domain.cancel_registration(actor=user_of(p), registration=p.registration)
    client = client_of(user_of(q))
    for language, cancelled, reason in (("en", "cancelled", "a registration for the event was cancelled"), ("zh-hans", "已取消", None)):
        prefix = "/en" if language == "en" else ""
        page = client.get(f"{prefix}/meetings/{programme.event_id}/agenda/").content.decode()
        row = page[page.index(f'id="agenda-{pq.pk}"'):]
        row = row[:row.index("</tr>")]
        assert cancelled in row and 'class="badge meeting-cancelled"' in row
        if reason:
            assert reason in row
        assert "meetings/m/" not in row  # neither the outcome form nor the cancel button


def test_the_cancelled_persons_agenda_api_and_both_feeds_agree(placed):
    programme, _slots, (p, q, _r, _s), (pq, pr, _rs) = placed
    events_domain.cancel_registration(actor=user_of(p), registration=p.registration)
    for person, expected in ((p, {pq.pk, pr.pk}), (q, {pq.pk})):
        feed = Calendar.from_ical(Client().get(f"/meetings/calendar/{person.calendar_token}.ics").content)
        entries = {str(e["UID"]): str(e["STATUS"]) for e in feed.walk("VEVENT")}
        assert entries == {f"meeting-{pk}@innobelt": "CANCELLED" for pk in expected}
        api = client_of(user_of(person)).get(f"/api/v1/meeting-programmes/{programme.event_id}/agenda").json()
        assert {(m["id"], m["status"], m["cancel_reason"]) for m in api} == {(pk, "cancelled", "registration") for pk in expected}
    page = client_of(user_of(p)).get(f"/en/meetings/{programme.event_id}/agenda/").content.decode()
    assert 'id="agenda-former"' in page and page.count("meeting-cancelled") == 2 and "meetings/m/" not in page


def test_the_grid_lists_the_cancelled_meetings_out_of_the_cells(placed):
    programme, _slots, (p, _q, _r, _s), (pq, pr, rs) = placed
    events_domain.cancel_registration(actor=user_of(p), registration=p.registration)
    page = client_of(admin_of(programme.event.organiser)).get(f"/en/meetings/{programme.event_id}/grid/").content.decode()
    assert f'id="meeting-{rs.pk}"' in page and f'id="meeting-{pq.pk}"' not in page
    cancelled = page[page.index('id="cancelled-meetings"'):]
    assert f'id="cancelled-{pq.pk}"' in cancelled and f'id="cancelled-{pr.pk}"' in cancelled
    assert "meetings/m/" not in cancelled
    listed = client_of(admin_of(programme.event.organiser)).get(f"/api/v1/meeting-programmes/{programme.event_id}/meetings").json()
    assert [m["id"] for m in listed] == [rs.pk]


def test_a_meeting_with_an_outcome_is_not_cancelled_by_the_receiver(placed):
    _programme, _slots, (p, _q, _r, _s), (pq, pr, _rs) = placed
    Meeting.objects.filter(pk=pq.pk).update(outcome="held")
    events_domain.cancel_registration(actor=user_of(p), registration=p.registration)
    assert _statuses(pq, pr) == [("scheduled", ""), ("cancelled", "registration")]


def test_cancelling_a_meeting_records_who_and_tells_the_organiser(placed):
    programme, _slots, (p, q, _r, _s), (pq, pr, _rs) = placed
    organiser = admin_of(programme.event.organiser)
    domain.cancel_meeting(actor=user_of(p), meeting=pq)
    domain.cancel_meeting(actor=organiser, meeting=pr)
    assert _statuses(pq, pr) == [("cancelled", "participant"), ("cancelled", "organiser")]
    assert Notification.objects.filter(kind="meetings.cancelled", recipient=user_of(q)).exists()
    assert Notification.objects.filter(kind="meetings.cancelled_for_organiser", recipient=organiser).count() == 1  # not for its own


def test_pairs_cancelled_with_a_registration_or_by_a_run_may_meet_again_decisions_block(placed):
    programme, _slots, (p, q, r, s), (pq, pr, rs) = placed
    want(p, q), want(p, r), want(r, s)
    Meeting.objects.filter(pk=pq.pk).update(status="cancelled", cancel_reason="rescheduled")
    Meeting.objects.filter(pk=pr.pk).update(status="cancelled", cancel_reason="registration")
    Meeting.objects.filter(pk=rs.pk).update(status="cancelled", cancel_reason="participant")
    instance, _keep = build_instance(programme)
    assert {(x["a"], x["b"]) for x in instance["requests"]} == {(p.key, q.key), (p.key, r.key)}


def test_a_rerun_cancels_the_meetings_it_drops_instead_of_deleting_them(django_capture_on_commit_callbacks):
    programme, slots, (p, q, r) = programme_with(slots=1, tables=1, people=3)
    organiser = admin_of(programme.event.organiser)
    want(p, q, "must"), want(q, p, "must")
    stale = MeetingFactory(programme=programme, slot=slots[0], a=p, b=r, table=1)  # nobody asked for p-r any more
    with django_capture_on_commit_callbacks(execute=True):
        domain.request_schedule_run(actor=organiser, programme=programme, full=True)
    stale.refresh_from_db()
    assert (stale.status, stale.cancel_reason) == ("cancelled", "rescheduled")
    assert Meeting.objects.get(programme=programme, status="scheduled").b_id in (p.pk, q.pk)
    feed = Calendar.from_ical(Client().get(f"/meetings/calendar/{r.calendar_token}.ics").content)
    assert [str(e["STATUS"]) for e in feed.walk("VEVENT")] == ["CANCELLED"]


def test_the_migration_cancels_meetings_left_behind_by_earlier_cancellations(placed):
    _programme, _slots, (p, q, _r, _s), (pq, pr, rs) = placed
    p.registration.status = "cancelled"  # as the old code left it: registration cancelled, meetings scheduled
    p.registration.save()
    Meeting.objects.filter(pk=rs.pk).update(status="cancelled", cancelled_by=user_of(rs.a))
    migration = importlib.import_module("innobelt.meetings.migrations.0003_meeting_cancel_reason")
    migration.one_state_everywhere(apps, None)
    assert _statuses(pq, pr, rs) == [("cancelled", "registration"), ("cancelled", "registration"), ("cancelled", "participant")]


def test_reason_labels_are_translated():
    with translation.override("zh-hans"):
        assert str(Meeting.CancelReason.REGISTRATION.label) != "a registration for the event was cancelled"
