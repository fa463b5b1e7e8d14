"""Cross-city flows on the display wall: bookings and access requests (tests/insights/test_views.py), voucher
redemptions from the issuing city to where they were spent, and 1:1 meetings held between an organisation
of one city and one of another, each pair suppressed below the threshold."""

from django.test import Client, override_settings

from innobelt.insights import registry
from innobelt.insights.registry import BELT, FIGURES
from innobelt.insights.wall import FLOWS, compute_wall
from tests.factories import MeetingFactory, ParticipantFactory, ProgrammeFactory, RegistrationFactory, SlotFactory
from tests.insights.test_figures_apps import make_apps


def meetings(known):
    """At the laboratory's past forum (in W): W's two SMEs met X's three firms three times (held, both
    directions), met each other once (W with W: no flow), and one more W–X meeting was a no-show."""
    w0, w1, x3, x4, x5 = (known.smes[n] for n in (0, 1, 3, 4, 5))
    event = known.extra["past_event"]
    programme = ProgrammeFactory(event=event)
    registrations = {r.organisation_id: r for r in event.registrations.all()}
    for org in (w0, w1):
        registrations[org.pk] = RegistrationFactory(event=event, organisation=org)
    person = {org.pk: ParticipantFactory(programme=programme, registration=registrations[org.pk]) for org in (w0, w1, x3, x4, x5)}
    slot = SlotFactory(programme=programme)
    for table, (a, b, outcome) in enumerate(
        [(w0, x3, "held"), (x4, w1, "follow_up"), (w0, x5, "held"), (w1, w0, "held"), (x3, w1, "no_show")], start=1
    ):
        MeetingFactory(slot=slot, a=person[a.pk], b=person[b.pk], table=table, outcome=outcome)


def test_meetings_between_cities_count_either_way(known):
    meetings(known)
    w, x = known.city_w.pk, known.city_x.pk
    flow = next(f for f in FLOWS if f.figure == "meetings_held")
    directed = registry.by_city_pair(FIGURES["meetings_held"], BELT, flow.from_path, flow.to_path)
    assert {k: v.value for k, v in directed.items()} == {(w, x): 2, (x, w): 1}
    assert {k: v.value for k, v in registry.either_way(directed).items()} == {(min(w, x), max(w, x)): 3}
    assert registry.value(FIGURES["meetings_held"], BELT).value == 4  # the W–W meeting counts, only not as a flow


@override_settings(INSIGHTS_MIN_COUNT=2)
def test_the_wall_shows_voucher_and_meeting_flows_above_the_threshold(known):
    make_apps(known)
    meetings(known)
    data = Client().get("/insights/wall/data/").json()
    flows = {(f["figure"], f["from"], f["to"]): (f["value"], f["both_ways"]) for f in data["flows"]}
    pair = tuple(sorted([known.city_w, known.city_x], key=lambda c: c.pk))
    assert flows[("meetings_held", pair[0].slug, pair[1].slug)] == ("3", True)
    assert flows[("vouchers_redeemed", "known-x", "known-w")] == ("2", False)
    assert ("vouchers_settled", "known-x", "known-w") not in flows  # one redemption paid: below the threshold
    values = [int(f["value"]) for f in data["flows"]]
    assert values == sorted(values, reverse=True)  # the largest first


@override_settings(INSIGHTS_MIN_COUNT=4)
def test_a_meeting_flow_below_the_threshold_is_not_shown(known):
    meetings(known)
    assert not [f for f in compute_wall()["flows"] if f["figure"] == "meetings_held"]
