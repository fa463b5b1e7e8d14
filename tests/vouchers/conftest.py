from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from innobelt.belt.models import City
from innobelt.organisations.models import Membership, Organisation
from innobelt.resources.domain.pricing import set_prices
from innobelt.resources.domain.statements import issue_booking_line
from innobelt.vouchers import domain
from innobelt.vouchers.models import Programme, Use
from tests.factories import (
    AccessRequestFactory,
    BookingFactory,
    CityFactory,
    IndustryFactory,
    MembershipFactory,
    OrganisationFactory,
    ResourceFactory,
    UserFactory,
)
from tests.resources.conftest import at

PRICE = "500"  # yuan per hour for SMEs: with a 30 % co-payment the voucher pays ¥350.00 of each hour


@dataclass
class Scene:
    suzhou: City
    pudong: City
    industry: object
    suzhou_operator: object
    pudong_operator: object
    sme: Organisation  # a verified Suzhou SME
    sme_admin: object
    sme_member: object
    lab: Organisation  # a Pudong laboratory with a priced instrument
    lab_admin: object
    equipment: object
    local_lab: Organisation  # a Suzhou laboratory
    local_equipment: object
    access: object  # the SME's active request for the Pudong instrument
    local_access: object
    programme: Programme  # Suzhou's, spendable in accepting cities, accepted by Pudong


@pytest.fixture
def scene(db) -> Scene:
    suzhou = CityFactory(slug="suzhou", name_zh="苏州市", name_en="Suzhou")
    pudong = CityFactory(slug="pudong", name_zh="浦东新区", name_en="Pudong", kind=City.Kind.SHANGHAI_DISTRICT)
    industry = IndustryFactory()
    suzhou_operator = UserFactory(operator_for=[suzhou])
    pudong_operator = UserFactory(operator_for=[pudong])
    verified = Organisation.Verification.VERIFIED
    sme = OrganisationFactory(
        kind=Organisation.Kind.SME,
        city=suzhou,
        verification=verified,
        industries=[industry],
        size_band=Organisation.SizeBand.SMALL,
        name_en="Suzhou Sensors",
    )
    lab = OrganisationFactory(
        kind=Organisation.Kind.LABORATORY, city=pudong, verification=verified, name_en="Pudong Lab"
    )
    local_lab = OrganisationFactory(kind=Organisation.Kind.LABORATORY, city=suzhou, verification=verified)
    lab_admin = MembershipFactory(organisation=lab, role=Membership.Role.ADMIN).user
    local_admin = MembershipFactory(organisation=local_lab, role=Membership.Role.ADMIN).user
    equipment = ResourceFactory(owner=lab)
    local_equipment = ResourceFactory(owner=local_lab)
    set_prices(actor=lab_admin, resource=equipment, prices={("sme", "hour"): PRICE})
    set_prices(actor=local_admin, resource=local_equipment, prices={("sme", "hour"): PRICE})
    sme_admin = MembershipFactory(organisation=sme, role=Membership.Role.ADMIN).user
    sme_member = MembershipFactory(organisation=sme).user
    access = AccessRequestFactory(resource=equipment, organisation=sme, requested_by=sme_member)
    local_access = AccessRequestFactory(resource=local_equipment, organisation=sme, requested_by=sme_member)
    today = timezone.localdate()
    programme = domain.create_programme(
        actor=suzhou_operator,
        authority=suzhou,
        name_zh="苏州科技创新券",
        name_en="Suzhou innovation vouchers",
        budget_fen=1_000_000_00,
        per_firm_cap_fen=200_000_00,
        co_payment_percent=30,
        uses=[Use.INSTRUMENT_TIME, Use.SAMPLE_TESTING],
        spendable=Programme.Spendable.ACCEPTING,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=60),
        validity_days=180,
    )
    domain.accept_programme(actor=pudong_operator, programme=programme, city=pudong)
    return Scene(
        suzhou=suzhou,
        pudong=pudong,
        industry=industry,
        suzhou_operator=suzhou_operator,
        pudong_operator=pudong_operator,
        sme=sme,
        sme_admin=sme_admin,
        sme_member=sme_member,
        lab=lab,
        lab_admin=lab_admin,
        equipment=equipment,
        local_lab=local_lab,
        local_equipment=local_equipment,
        access=access,
        local_access=local_access,
        programme=programme,
    )


def issue(scene: Scene, amount_fen: int, *, programme: Programme | None = None):
    """A voucher of `amount_fen` for the scene's SME (applied for and approved through the domain)."""
    programme = programme or scene.programme
    application = domain.apply_for_voucher(
        actor=scene.sme_member,
        programme=programme,
        organisation=scene.sme,
        requested_fen=amount_fen,
        purpose="Testing our sensor housings.",
    )
    return domain.approve_application(actor=scene.suzhou_operator, application=application, amount_fen=amount_fen)


def booking(scene: Scene, n: int = 0, *, local: bool = False, hours: int = 1):
    """A confirmed booking of the Pudong (or Suzhou) instrument, `n` hours into the bookable days, with its bill."""
    access = scene.local_access if local else scene.access
    start = at(2 + n // 12, 8 + n % 12)
    made = BookingFactory(access_request=access, start=start, end=start + timedelta(hours=hours))
    issue_booking_line(booking=made)
    return made


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # the smallest file the files app takes as a PDF


@pytest.fixture
def samples(scene):
    """The Pudong instrument takes samples at ¥120.00 each for SMEs."""
    scene.equipment.accepts_samples = True
    scene.equipment.save()
    set_prices(actor=scene.lab_admin, resource=scene.equipment, prices={("sme", "sample"): "120", ("sme", "hour"): "500"})
    return scene


@pytest.fixture(autouse=True)
def _english_by_default():
    """These tests read messages in English unless they switch language themselves."""
    from django.utils import translation

    with translation.override("en"):
        yield
