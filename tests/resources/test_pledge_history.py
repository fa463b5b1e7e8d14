"""Sharing pledges have a history (PledgeTerm, ADR 0304 "Pledges have a history"): set_pledge writes the new value from
the moment of the change, the operators' figures of a past month read the pledge in force as that month ended, the
quarter close records the pledge in force as the quarter ended, and the migration seeds the history from the audit
trail and today's pledges. Pledged hours are drawn from today's pledge as before."""

import importlib
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from innobelt.audit.models import AuditEntry
from innobelt.notifications.models import Notification
from innobelt.resources.city_figures import city_figures
from innobelt.resources.domain.pricing import set_prices
from innobelt.resources.domain.statements import close_pledge_quarters, pledge_remaining, set_pledge
from innobelt.resources.models import PledgeQuarter, PledgeTerm, SharingPledge, StatementLine
from innobelt.resources.statement_queries import pledges_in_force, quarter_start
from tests.factories import BookingFactory, ResourceFactory, UserFactory
from tests.resources.conftest import at as days_from_today


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=hour)


def month(year: int, number: int) -> date:
    return date(year, number, 1)


def _line(access, *, issued: datetime, pledged: int, quarter: date) -> StatementLine:
    booking = BookingFactory(access_request=access, start=issued + timedelta(days=1), end=issued + timedelta(days=1, hours=max(pledged, 1)))
    return StatementLine.objects.create(
        booking=booking, resource=access.resource, owner=access.resource.owner, organisation=access.organisation, kind="charge",
        issued_at=issued, user_class="sme", hours=Decimal(max(pledged, 1)), free_hours=Decimal("0"), pledged_hours=pledged,
        pledge_quarter=quarter, charged_hours=Decimal("0"), amount=Decimal("0.00"))


def _figures(scene, first: date, now: datetime) -> tuple[int, int]:
    (_weeks, (row,)) = city_figures([scene.city], first, now=now)
    return row.pledged_per_quarter, row.pledged_hours_used


@pytest.fixture
def history(scene):
    """The equipment's pledge: 10 h from 10 January 2025, 6 h from 15 February (mid-quarter), ended on 10 April, 8 h from
    1 May; a second instrument of the city pledges 5 h throughout. Pledged hours drawn: 3 in January and 2 in March
    (first quarter), 1 in May (second)."""
    owner = scene.owner_admin
    q1, q2 = date(2025, 1, 1), date(2025, 4, 1)
    set_pledge(actor=owner, resource=scene.equipment, hours_per_quarter=10, now=at(date(2025, 1, 10)))
    _line(scene.access, issued=at(date(2025, 1, 20)), pledged=3, quarter=q1)
    set_pledge(actor=owner, resource=scene.equipment, hours_per_quarter=6, now=at(date(2025, 2, 15)))
    _line(scene.access, issued=at(date(2025, 3, 5)), pledged=2, quarter=q1)
    set_pledge(actor=owner, resource=scene.equipment, hours_per_quarter=0, now=at(date(2025, 4, 10)))
    set_pledge(actor=owner, resource=scene.equipment, hours_per_quarter=8, now=at(date(2025, 5, 1)))
    _line(scene.access, issued=at(date(2025, 5, 2)), pledged=1, quarter=q2)
    other = ResourceFactory(owner=scene.owner_org, city=scene.city)
    set_pledge(actor=owner, resource=other, hours_per_quarter=5, now=at(date(2024, 12, 1)))
    scene.other = other  # type: ignore[attr-defined]
    return scene


def test_set_pledge_writes_a_term_per_change_and_the_latest_is_todays_pledge(history):
    terms = list(PledgeTerm.objects.filter(resource=history.equipment).values_list("valid_from", "hours_per_quarter", "set_by"))
    assert [(t.date(), hours) for t, hours, _by in terms] == [(date(2025, 1, 10), 10), (date(2025, 2, 15), 6), (date(2025, 4, 10), 0),
                                                              (date(2025, 5, 1), 8)]
    assert {by for _t, _h, by in terms} == {history.owner_admin.pk}
    set_pledge(actor=history.owner_admin, resource=history.equipment, hours_per_quarter=8)  # no change: no term
    assert PledgeTerm.objects.filter(resource=history.equipment).count() == 4
    set_pledge(actor=history.owner_admin, resource=history.equipment, hours_per_quarter=12)
    latest = PledgeTerm.objects.filter(resource=history.equipment).last()
    assert latest.hours_per_quarter == SharingPledge.objects.get(resource=history.equipment).hours_per_quarter == 12
    assert pledges_in_force(timezone.now() + timedelta(seconds=1))[history.equipment.pk] == 12


def test_a_refused_change_writes_no_term(history):
    with pytest.raises(ValidationError):
        set_pledge(actor=history.owner_admin, resource=history.equipment, hours_per_quarter=5000)
    assert PledgeTerm.objects.filter(resource=history.equipment).count() == 4


def test_past_months_read_the_pledge_in_force_as_they_ended(history):
    now = at(date(2025, 6, 15))
    assert _figures(history, month(2024, 12), now) == (5, 0)  # only the other instrument's pledge yet
    assert _figures(history, month(2025, 1), now) == (10 + 5, 3)
    assert _figures(history, month(2025, 2), now) == (6 + 5, 3)  # changed mid-quarter: February ended with 6
    assert _figures(history, month(2025, 3), now) == (6 + 5, 3 + 2)
    assert _figures(history, month(2025, 4), now) == (5, 0)  # ended on 10 April
    assert _figures(history, month(2025, 5), now) == (8 + 5, 1)
    assert _figures(history, month(2025, 6), now) == (8 + 5, 1)  # the current month: today's pledges


def test_a_change_after_a_quarter_leaves_its_figures_alone(history):
    before = [_figures(history, month(2025, n), at(date(2025, 6, 15))) for n in (1, 2, 3, 5)]
    set_pledge(actor=history.owner_admin, resource=history.equipment, hours_per_quarter=20, now=at(date(2025, 6, 20)))
    assert [_figures(history, month(2025, n), at(date(2025, 6, 21))) for n in (1, 2, 3, 5)] == before
    assert _figures(history, month(2025, 6), at(date(2025, 6, 21))) == (20 + 5, 1)


def test_the_api_and_the_page_answer_the_past_pledge(history):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(UserFactory(is_platform_operator=True))
    answer = client.get("/api/v1/resources/figures?month=2025-02").json()
    (row,) = [c for c in answer["cities"] if c["city"] == history.city.slug]
    assert (row["pledged_hours_per_quarter"], row["pledged_hours_used"]) == (11, 3)
    html = client.get("/resources/figures/?month=2025-02").content.decode()
    assert f'id="city-{history.city.slug}"' in html and "<td>11</td><td>3</td>" in html


def test_the_quarter_close_records_the_pledge_in_force_as_the_quarter_ended(history):
    ended_early = ResourceFactory(owner=history.owner_org, city=history.city)
    set_pledge(actor=history.owner_admin, resource=ended_early, hours_per_quarter=7, now=at(date(2025, 1, 5)))
    set_pledge(actor=history.owner_admin, resource=ended_early, hours_per_quarter=0, now=at(date(2025, 3, 1)))
    set_pledge(actor=history.owner_admin, resource=history.other, hours_per_quarter=0)  # ended today, after the quarter
    assert close_pledge_quarters(now=at(date(2025, 4, 20))) == 2  # not the pledge ended before the quarter did
    rows = {row.resource_id: (row.quarter, row.hours_pledged, row.hours_used) for row in PledgeQuarter.objects.all()}
    assert rows == {history.equipment.pk: (date(2025, 1, 1), 6, 5), history.other.pk: (date(2025, 1, 1), 5, 0)}  # 6 then, 8 now
    told = set(Notification.objects.filter(kind="resources.pledge_quarter").values_list("link", flat=True))
    assert told == {f"/resources/{history.equipment.pk}/"}  # the ended pledge's owner is not told its hours are available again
    assert close_pledge_quarters(now=at(date(2025, 4, 21))) == 0  # once per quarter


def test_pledged_hours_are_still_drawn_from_todays_pledge(scene):
    set_prices(actor=scene.owner_admin, resource=scene.equipment, prices={("sme", "hour"): "50"})
    set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=3, now=timezone.now() - timedelta(days=400))
    set_pledge(actor=scene.owner_admin, resource=scene.equipment, hours_per_quarter=2)
    from innobelt.resources import domain

    (booking,) = domain.book_equipment(actor=scene.seeker, access_request=scene.access, start=days_from_today(2, 9),
                                       end=days_from_today(2, 12)).created
    line = StatementLine.objects.get(booking=booking)
    assert (line.pledged_hours, line.charged_hours) == (2, Decimal("1.00"))
    assert pledge_remaining(scene.equipment, quarter_start(booking.start)) == 0


def test_the_migration_seeds_the_history_from_the_audit_trail_and_todays_pledges(scene):
    migration = importlib.import_module("innobelt.resources.migrations.0012_pledge_terms")
    audited, unaudited, ended = scene.equipment, ResourceFactory(owner=scene.owner_org), ResourceFactory(owner=scene.owner_org)

    def entry(resource, when, before, after):
        AuditEntry.objects.create(action="resource.pledge_changed", target_type="resources.resource", target_id=str(resource.pk),
                                  data={"before": before, "after": after}, created_at=when, actor=scene.owner_admin)

    entry(audited, at(date(2025, 1, 10)), None, 10)
    entry(audited, at(date(2025, 2, 15)), 10, 6)
    entry(ended, at(date(2025, 1, 3)), None, 4)
    entry(ended, at(date(2025, 3, 3)), 4, None)
    AuditEntry.objects.create(action="resource.pledge_changed", target_type="resources.resource", target_id="999999",
                              data={"before": None, "after": 3})  # a resource deleted since
    SharingPledge.objects.create(resource=audited, hours_per_quarter=6, updated_at=at(date(2025, 2, 15)))
    SharingPledge.objects.create(resource=unaudited, hours_per_quarter=9, updated_at=at(date(2025, 5, 5)))
    migration.seed_pledge_terms(apps, None)
    terms = {(t.resource_id, t.valid_from.date(), t.hours_per_quarter) for t in PledgeTerm.objects.all()}
    assert terms == {(audited.pk, date(2025, 1, 10), 10), (audited.pk, date(2025, 2, 15), 6), (ended.pk, date(2025, 1, 3), 4),
                     (ended.pk, date(2025, 3, 3), 0), (unaudited.pk, date(2025, 5, 5), 9)}
    assert PledgeTerm.objects.filter(resource=audited).first().set_by == scene.owner_admin
    assert pledges_in_force(at(date(2025, 2, 1))) == {audited.pk: 10, ended.pk: 4}
    assert pledges_in_force(at(date(2025, 6, 1))) == {audited.pk: 6, unaudited.pk: 9}


@pytest.mark.parametrize(("language", "heading", "ended"), [("/en", "The pledge's history", "ended"), ("", "承诺变更记录", "已终止")])
def test_the_owners_pledge_page_lists_the_history_newest_first(history, language, heading, ended):
    client = Client()
    client.force_login(history.owner_admin)
    html = client.get(f"{language}/resources/{history.equipment.pk}/pledge/").content.decode()
    table = html[html.index('id="pledge-history"'):]
    assert heading in html and ended in table
    assert [table.index(day) for day in ("2025-05-01", "2025-04-10", "2025-02-15", "2025-01-10")] == sorted(
        table.index(day) for day in ("2025-05-01", "2025-04-10", "2025-02-15", "2025-01-10"))
    outsider = Client()
    outsider.force_login(history.seeker_admin)
    assert outsider.get(f"/resources/{history.equipment.pk}/pledge/").status_code == 403
