"""The figures of vouchers, services, talent, financing and the showcase equal the counts of a small Belt with
known records (on top of tests/insights/conftest.make_known), scoped like the others; private records
(hidden profiles and funding needs, unpublished achievements and award results) never count."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from innobelt.insights import registry
from innobelt.insights.registry import BELT, FIGURES, Scope
from innobelt.insights.wall import compute_wall
from innobelt.talent.models import PositionApplication, TalentProfile
from innobelt.vouchers.models import Claim, Programme, Reservation, Voucher
from tests.factories import AccessRequestFactory, BookingFactory, UserFactory
from tests.financing.factories import make_application, make_fund, make_need
from tests.insights.conftest import Known
from tests.showcase.factories import AchievementFactory, NominationFactory, ProgrammeFactory
from tests.talent.factories import make_position, make_profile

TODAY = timezone.localdate


@dataclass
class Apps:
    known: Known
    programme_w: Programme
    programme_x: Programme


def programme(city) -> Programme:
    return Programme.objects.create(
        authority=city,
        name_zh="创新券",
        budget_fen=10_000_000,
        per_firm_cap_fen=1_000_000,
        opens_on=TODAY() - timedelta(days=30),
        closes_on=TODAY() + timedelta(days=30),
    )


def voucher(programme, organisation) -> Voucher:
    return Voucher.objects.create(
        programme=programme, organisation=organisation, issued_fen=500_000, available_fen=500_000, expires_on=TODAY() + timedelta(days=300)
    )


def reservation(voucher, provider, status, claim=None) -> Reservation:
    booking = BookingFactory(access_request=AccessRequestFactory(resource__owner=provider, organisation=voucher.organisation))
    return Reservation.objects.create(
        voucher=voucher,
        booking=booking,
        provider=provider,
        provider_city=provider.city,
        use="instrument_time",
        idempotency_key=f"key-{booking.pk}",
        total_fen=100_000,
        amount_fen=70_000,
        co_payment_fen=30_000,
        status=status,
        claim=claim,
        created_by=booking.booked_by,
        settled_at=timezone.now() if status != Reservation.Status.RESERVED else None,
    )


def make_apps(known: Known) -> Apps:
    """Vouchers: W's programme issued three (two SMEs of X, one of W), X's one (the startup of X). The startup
    redeemed two at the laboratory in W (X → W; one paid through an approved claim, one claimed and waiting),
    an SME of X one (W → W); one more is only reserved and one released.
    Services: three requests for W (two resolved: one by its resolution day, one late), one for X.
    Talent: the laboratory posted two positions in W (three applications, one hire), an SME of X one (one
    application); profiles: public (W), verified-only (W and X), hidden (X).
    Financing: two SMEs of X posted needs of 5 and 3 million (the startup's hidden need of 1 million does not
    count); W's fund awarded 600,000 to an SME of X (one rejected, one waiting).
    Showcase: the laboratory published two achievements (a draft and one in review do not count); a published
    award programme awarded the laboratory; an unpublished one has an awarded nomination that does not count."""
    w, x, lab, smes = known.city_w, known.city_x, known.lab, known.smes
    p_w, p_x = programme(w), programme(x)
    v_x = voucher(p_x, smes[5])
    v_w = voucher(p_w, smes[3])
    voucher(p_w, smes[4])
    voucher(p_w, smes[0])
    admin = UserFactory()
    approved = Claim.objects.create(programme=p_x, provider=lab, amount_fen=70_000, submitted_by=admin, status="approved", decided_at=timezone.now())
    waiting = Claim.objects.create(programme=p_x, provider=lab, amount_fen=70_000, submitted_by=admin)
    reservation(v_x, lab, Reservation.Status.REDEEMED, approved)
    reservation(v_x, lab, Reservation.Status.REDEEMED, waiting)
    reservation(v_w, lab, Reservation.Status.REDEEMED)
    reservation(v_w, lab, Reservation.Status.RESERVED)
    reservation(v_w, lab, Reservation.Status.RELEASED)

    from innobelt.services.models import ServiceRequest

    def service_request(firm, target, **fields):
        return ServiceRequest.objects.create(firm=firm, category="market_entry", need="Help", firm_city=firm.city, target_city=target, **fields)

    now = timezone.now()
    service_request(smes[3], w, status="resolved", resolved_at=now, resolution_due_on=TODAY() + timedelta(days=1))
    service_request(smes[4], w, status="closed", resolved_at=now, resolution_due_on=TODAY() - timedelta(days=1))
    service_request(smes[3], w)
    service_request(smes[0], x)

    positions = [make_position(lab), make_position(lab)]
    other = make_position(smes[4])
    for n, position in enumerate([positions[0], positions[0], positions[1], other]):
        PositionApplication.objects.create(position=position, applicant=UserFactory(), status="hired" if n == 0 else "applied")
    make_profile(cities=[w])
    make_profile(cities=[w, x], visibility=TalentProfile.Visibility.VERIFIED)
    make_profile(cities=[x], visibility=TalentProfile.Visibility.HIDDEN)

    make_need(smes[3], amount=Decimal("5000000"))
    make_need(smes[4], amount=Decimal("3000000"))
    make_need(smes[5], amount=Decimal("1000000"), visibility="hidden")
    fund = make_fund(city=w)
    make_application(fund, smes[3], status="awarded", awarded_amount=Decimal("600000"), decided_at=now)
    make_application(fund, smes[4], status="rejected", decided_at=now)
    make_application(fund, smes[0])

    AchievementFactory(organisation=lab)
    AchievementFactory(organisation=lab)
    AchievementFactory(organisation=lab, status="draft", published_at=None)
    AchievementFactory(organisation=lab, status="in_review", published_at=None)
    published = ProgrammeFactory(status="published", published_at=now)
    NominationFactory(programme=published, organisation=lab, status="awarded", decided_at=now)
    NominationFactory(programme=published, organisation=smes[0], status="not_awarded", decided_at=now)
    NominationFactory(programme=ProgrammeFactory(status="closed"), organisation=smes[1], status="awarded", decided_at=now)
    return Apps(known=known, programme_w=p_w, programme_x=p_x)


@pytest.fixture
def apps(known):
    return make_apps(known)


EXPECTED = {  # (the whole Belt, city W, city X), computed by hand from make_apps
    "vouchers_issued": (4, 3, 1),
    "vouchers_redeemed": (3, 3, 0),
    "vouchers_settled": (1, 1, 0),
    "service_requests": (4, 3, 1),
    "service_requests_resolved": (2, 2, 0),
    "service_requests_in_time": (1, 1, 0),
    "positions": (3, 2, 1),
    "position_applications": (4, 3, 1),
    "hires": (1, 1, 0),
    "talent_profiles": (2, 2, 1),
    "funding_needs": (2, 0, 2),
    "funding_sought": (Decimal("8000000"), 0, Decimal("8000000")),
    "fund_awards": (1, 0, 1),
    "fund_awarded": (Decimal("600000"), 0, Decimal("600000")),
    "achievements_published": (2, 2, 0),
    "awards": (1, 1, 0),
}


def test_every_figure_of_the_new_apps_equals_the_count_from_the_records(apps):
    w, x = Scope(cities=(apps.known.city_w,)), Scope(cities=(apps.known.city_x,))
    for key, (belt, in_w, in_x) in EXPECTED.items():
        figure = FIGURES[key]
        assert (registry.value(figure, BELT).value, registry.value(figure, w).value, registry.value(figure, x).value) == (belt, in_w, in_x), key
        assert sum(v.value for _, v in registry.by_month(figure, BELT, 12)) == belt, key


def test_an_organisation_counts_its_own(apps):
    lab, smes = apps.known.lab, apps.known.smes
    own = {
        (lab, "vouchers_settled"): 1,  # the provider paid
        (lab, "positions"): 2,
        (lab, "position_applications"): 3,
        (lab, "hires"): 1,
        (lab, "achievements_published"): 2,
        (lab, "awards"): 1,
        (lab, "vouchers_issued"): 0,
        (smes[5], "vouchers_issued"): 1,
        (smes[5], "vouchers_redeemed"): 2,
        (smes[3], "vouchers_redeemed"): 1,
        (smes[3], "service_requests"): 2,
        (smes[3], "service_requests_in_time"): 1,
        (smes[3], "fund_awarded"): Decimal("600000"),
        (smes[5], "funding_needs"): 0,  # hidden
        (smes[4], "funding_sought"): Decimal("3000000"),
    }
    for (organisation, key), expected in own.items():
        assert registry.value(FIGURES[key], Scope(organisation=organisation)).value == expected, (organisation.slug, key)
    assert "talent_profiles" not in {f.key for f in registry.figures_for(Scope(organisation=lab))}  # people, no owner


def test_voucher_redemptions_by_city_pair(apps):
    w, x = apps.known.city_w.pk, apps.known.city_x.pk
    from innobelt.insights.figures_vouchers import ISSUING_CITY

    redeemed = registry.by_city_pair(FIGURES["vouchers_redeemed"], BELT, ISSUING_CITY)
    assert {k: v.value for k, v in redeemed.items()} == {(x, w): 2}  # W → W is no flow
    settled = registry.by_city_pair(FIGURES["vouchers_settled"], BELT, ISSUING_CITY)
    assert {k: v.value for k, v in settled.items()} == {(x, w): 1}


def test_dashboards_show_the_new_figures_with_drill_down_links(apps):
    from innobelt.organisations.models import Membership
    from tests.factories import MembershipFactory

    client = Client()
    client.force_login(UserFactory(is_platform_operator=True))
    html = client.get("/en/insights/belt/").content.decode()
    for label, link in [
        ("Innovation vouchers issued", "/en/vouchers/figures/"),
        ("Service requests resolved by their resolution day", "/en/services/operators/requests/?resolution=in_time"),
        ("Hires", "/en/talent/"),
        ("Fund awards", "/en/financing/"),
        ("Achievements published", "/en/showcase/"),
    ]:
        assert label in html and f'href="{link}' in html, label
    member = MembershipFactory(organisation=apps.known.smes[3], role=Membership.Role.ADMIN).user
    client.force_login(member)
    html = client.get(f"/en/insights/organisations/{apps.known.smes[3].slug}/").content.decode()
    assert "Voucher redemptions" in html and 'href="/en/vouchers/"' in html and 'href="/en/services/requests/"' in html


@override_settings(INSIGHTS_MIN_COUNT=1)
def test_private_records_never_count_in_public_figures(known):
    """Only private records, six of each: with a threshold of one, every public screen still shows nothing."""
    lab, smes = known.lab, known.smes
    closed = ProgrammeFactory(status="closed")
    for n in range(6):
        make_profile(cities=[known.city_w], visibility=TalentProfile.Visibility.HIDDEN)
        make_need(smes[n % 6], visibility="hidden")
        AchievementFactory(organisation=lab, status=["draft", "confirming", "in_review", "sent_back"][n % 4], published_at=None)
        NominationFactory(programme=closed, organisation=smes[n % 6], status="awarded")
    private = ["talent_profiles", "funding_needs", "funding_sought", "achievements_published", "awards"]
    for key in private:
        assert registry.value(FIGURES[key], BELT).count == 0, key
    wall = compute_wall()
    shown = {c["key"]: c["value"] for c in wall["counters"]}
    assert shown["achievements_published"] is None  # nothing behind it: not even a zero on the wall
    client = Client()
    figures = client.get("/insights/open-data/figures.json").json()["rows"]
    for row in figures:
        if row["figure"] in private:
            assert row["value"] in ("", None), row
    by_city = client.get("/insights/open-data/figures-by-city.json").json()["rows"]
    assert not [r for r in by_city if r["figure"] in private and r["value"] not in ("", None)]
