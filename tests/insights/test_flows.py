"""Cross-city flows on the display wall: bookings and access requests (tests/insights/test_views.py), voucher
redemptions from the issuing city to where they were spent, and 1:1 meetings held between an organisation
of one city and one of another, each pair suppressed below the threshold."""

from django.test import Client, override_settings

from innobelt.insights import registry
from innobelt.insights.registry import BELT, FIGURES, Scope
from innobelt.insights.wall import FLOWS, compute_wall
from tests.factories import MeetingFactory, MembershipFactory, ParticipantFactory, ProgrammeFactory, RegistrationFactory, SlotFactory, UserFactory
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


def dashboard_pairs(html: str) -> dict[tuple[str, str, str], tuple[str, str]]:
    """The city-pair table of a dashboard: (figure, from, to) → (number, drill-down link)."""
    table = html.split('id="city-pairs"')[1].split("</table>")[0]
    out = {}
    for row in table.split("<tr data-figure=")[1:]:
        figure = row.split('"')[1]
        source, target = row.split('data-pair="')[1].split('"')[0].split(":")
        cell = row.split("<td>")[-1]
        link = cell.split('href="')[1].split('"')[0] if 'href="' in cell else ""
        number = cell.split(">")[1].split("<")[0] if link else cell.split("<")[0]
        out[(figure, source, target)] = (number, link)
    return out


def counted_from_the_records(known):
    """Each flow between W and X counted straight from the records, without the registry."""
    from innobelt.meetings.models import Meeting
    from innobelt.resources.models import AccessRequest, Booking
    from innobelt.vouchers.models import Reservation, Voucher

    w, x = known.city_w, known.city_x
    redeemed = Reservation.objects.filter(status="redeemed")
    held = Meeting.objects.filter(status="scheduled", outcome__in=["held", "follow_up"])
    between = {(w, x), (x, w)}
    meetings = sum(
        1 for m in held.select_related("a__registration__organisation", "b__registration__organisation")
        if (m.a.registration.organisation.city, m.b.registration.organisation.city) in between
    )
    return {
        ("bookings", "known-x", "known-w"): Booking.objects.filter(status="confirmed", organisation__city=x, resource__city=w).count(),
        ("access_requests", "known-x", "known-w"): AccessRequest.objects.filter(organisation__city=x, resource__city=w).count(),
        ("vouchers_issued", "known-w", "known-x"): Voucher.objects.filter(programme__authority=w, organisation__city=x).count(),
        ("vouchers_redeemed", "known-x", "known-w"): redeemed.filter(voucher__programme__authority=x, provider_city=w).count(),
        ("vouchers_settled", "known-x", "known-w"): redeemed.filter(
            voucher__programme__authority=x, provider_city=w, claim__status="approved"
        ).count(),
        ("meetings_held", *sorted(["known-w", "known-x"], key=lambda slug: {"known-w": w.pk, "known-x": x.pk}[slug])): meetings,
    }


def test_the_dashboards_table_the_flows_between_cities_counted_from_the_records(known):
    make_apps(known)
    meetings(known)
    expected = counted_from_the_records(known)
    # known values of make_known / make_apps / meetings: W's programme issued two vouchers to X's SMEs, X's
    # startup redeemed two at W's laboratory (one paid), X's firms met W's three times
    assert expected[("vouchers_issued", "known-w", "known-x")] == 2
    assert expected[("vouchers_redeemed", "known-x", "known-w")] == 2 and expected[("vouchers_settled", "known-x", "known-w")] == 1
    assert 3 in expected.values() and all(n > 0 for n in expected.values())
    platform = Client()
    platform.force_login(UserFactory(is_platform_operator=True))
    html = platform.get("/en/insights/belt/").content.decode()
    table = dashboard_pairs(html)
    assert {key: int(number) for key, (number, _link) in table.items()} == expected  # no other pair: W–W is no flow
    assert table[("bookings", "known-x", "known-w")][1] == "/en/resources/figures/?city=known-w"  # the figure's own drill-down
    assert table[("vouchers_issued", "known-w", "known-x")][1] == "/en/vouchers/figures/?city=known-x"  # narrowed to where it went
    assert '"id": "chart-flows"' in html or "chart-flows" in html.split('id="city-pairs"')[0]
    assert 'id="chart-flows" type="application/json"' in html

    # a city's dashboard shows what came in and what went out; an organisation's its own
    operator = Client()
    operator.force_login(UserFactory(operator_for=[known.city_x]))
    assert dashboard_pairs(operator.get(f"/en/insights/cities/{known.city_x.slug}/").content.decode()) == table
    startup = known.smes[5]
    own = registry.by_city_pair(FIGURES["vouchers_redeemed"], Scope(organisation=startup), "voucher__programme__authority")
    assert sum(v.count for v in own.values()) == 2
    member = Client()
    member.force_login(MembershipFactory(organisation=startup).user)
    mine = dashboard_pairs(member.get(f"/en/insights/organisations/{startup.slug}/").content.decode())
    assert mine[("vouchers_redeemed", "known-x", "known-w")][0] == "2"


@override_settings(INSIGHTS_MIN_COUNT=2)
def test_open_data_leaves_out_pairs_below_the_threshold(known):
    make_apps(known)
    meetings(known)
    rows = Client().get("/insights/open-data/city-pairs.json").json()["rows"]
    found = {(r["figure"], r["from"], r["to"]): r["value"] for r in rows}
    assert found[("vouchers_redeemed", "known-x", "known-w")] == "2" and found[("vouchers_issued", "known-w", "known-x")] == "2"
    assert ("vouchers_settled", "known-x", "known-w") not in found  # one record: not shown, not even as an empty row
    assert all(int(value) >= 2 for value in found.values())


def test_the_whole_belts_table_lists_each_flows_largest_pairs_and_adds_up_the_others(known):
    from innobelt.insights.flows import pair_rows
    from innobelt.insights.registry import Value
    from tests.factories import CityFactory

    w, x, y = known.city_w, known.city_x, CityFactory(slug="known-y")
    pairs = {
        "bookings": {(w.pk, x.pk): Value(3, 3), (x.pk, w.pk): Value(5, 5), (x.pk, y.pk): Value(1, 1)},
        "vouchers_issued": {(y.pk, w.pk): Value(2, 2)},
    }
    rows, others = pair_rows(pairs, BELT, public=False, limit=1)
    assert [(r.figure.key, r.source.slug, r.target.slug, r.value.value) for r in rows] == [
        ("bookings", "known-x", "known-w", 5), ("vouchers_issued", "known-y", "known-w", 2)]
    assert [(o.figure.key, o.pairs, o.value.value) for o in others] == [("bookings", 2, 4)]
    rows, others = pair_rows(pairs, BELT, public=True, limit=None)  # a public page: below INSIGHTS_MIN_COUNT (5) left out
    assert [(r.figure.key, r.value.value) for r in rows] == [("bookings", 5)] and others == []
