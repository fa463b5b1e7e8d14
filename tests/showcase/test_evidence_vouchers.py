"""Evidence from innovation vouchers: shares redeemed at the nominee (as provider) and by the nominee (as SME),
each figure equal to the count of the records, with others' records planted beside them (issue 26)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from innobelt.organisations.models import Organisation
from innobelt.showcase.domain.awards import assign_reviewer, nominate
from innobelt.showcase.evidence import compute_evidence, period
from innobelt.vouchers.models import Reservation
from tests.factories import CityFactory, MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory
from tests.showcase.factories import ProgrammeFactory
from tests.showcase.platform_records import redemption, voucher_of

pytestmark = pytest.mark.django_db
RESERVED, RELEASED = Reservation.Status.RESERVED, Reservation.Status.RELEASED


@pytest.fixture
def world(db):
    city = CityFactory()
    lab = OrganisationFactory(kind=Organisation.Kind.LABORATORY, city=city, name_en="Nominee Lab")
    other_lab = OrganisationFactory(kind=Organisation.Kind.LABORATORY, city=city, name_en="PRIVATE-OTHER-LAB")
    sme = OrganisationFactory(kind=Organisation.Kind.SME, city=city, name_en="PRIVATE-SME")
    startup = OrganisationFactory(kind=Organisation.Kind.STARTUP, city=city, name_en="PRIVATE-STARTUP")
    sme_voucher = voucher_of(sme, name_zh="苏州创新券", name_en="Suzhou vouchers")
    startup_voucher = voucher_of(startup, name_zh="浦东创新券", name_en="Pudong vouchers")
    lab_voucher = voucher_of(lab, name_zh="实验室创新券", name_en="Lab vouchers")
    instrument = ResourceFactory(owner=lab)
    # spent at the lab: 2 of the SME's, 1 of the startup's in the period
    redemption(sme_voucher, lab, days_ago=5, resource=instrument)
    redemption(sme_voucher, lab, days_ago=6, resource=instrument)
    redemption(startup_voucher, lab, days_ago=7, resource=instrument)
    # not counted for the lab: still reserved, released, settled before the period, the lab's own voucher
    redemption(sme_voucher, lab, days_ago=3, status=RESERVED, resource=instrument)
    redemption(startup_voucher, lab, days_ago=4, status=RELEASED, resource=instrument)
    redemption(sme_voucher, lab, days_ago=90, resource=instrument)
    redemption(lab_voucher, lab, days_ago=8, resource=instrument)
    # planted: another lab's redemptions, of the same firms' vouchers
    redemption(sme_voucher, other_lab, days_ago=5)
    redemption(startup_voucher, other_lab, days_ago=5)
    # the lab as a firm: its voucher spent at the other lab twice
    redemption(lab_voucher, other_lab, days_ago=9)
    redemption(lab_voucher, other_lab, days_ago=10)
    today = timezone.localdate()
    return {
        "lab": lab,
        "other_lab": other_lab,
        "sme": sme,
        "lab_voucher": lab_voucher,
        "sme_voucher": sme_voucher,
        "startup_voucher": startup_voucher,
        "first": today - timedelta(days=30),
        "last": today,
    }


def _figures(evidence):
    return {item["key"]: item for item in evidence}


def _counted(first, last, **where):
    start, end = period(first, last)
    return Reservation.objects.filter(status=Reservation.Status.REDEEMED, settled_at__gte=start, settled_at__lt=end, **where)


def test_every_voucher_figure_equals_the_count_of_its_records(world):
    lab, first, last = world["lab"], world["first"], world["last"]
    figures = _figures(compute_evidence(lab, first, last))
    as_provider, as_sme = figures["vouchers_redeemed_as_provider"], figures["vouchers_redeemed_as_sme"]
    assert as_provider["value"] == 3 == _counted(first, last, provider=lab).exclude(voucher__organisation=lab).count()
    assert as_sme["value"] == 2 == _counted(first, last, voucher__organisation=lab).exclude(provider=lab).count()
    # behind the figures: the public voucher programmes (one number each), and the lab's own voucher
    assert [(r["label_en"], r["value"]) for r in as_provider["records"]] == [
        ("Suzhou vouchers", 2),
        ("Pudong vouchers", 1),
    ]
    assert [(r["kind"], r["id"], r["value"]) for r in as_sme["records"]] == [("voucher", world["lab_voucher"].pk, 2)]
    assert sum(r["value"] for r in as_provider["records"]) == as_provider["value"]
    # the SME's own figure counts its redemptions at both labs
    sme_figures = _figures(compute_evidence(world["sme"], first, last))
    assert sme_figures["vouchers_redeemed_as_sme"]["value"] == 3
    assert sme_figures["vouchers_redeemed_as_provider"]["value"] == 0


def test_a_reviewer_sees_the_counts_but_no_other_organisations_records(world):
    lab = world["lab"]
    operator = UserFactory(is_platform_operator=True)
    programme = ProgrammeFactory(evidence_from=world["first"], evidence_to=world["last"])
    nomination = nominate(actor=operator, programme=programme, organisation=lab)
    judge = UserFactory()
    assign_reviewer(actor=operator, nomination=nomination, reviewer=judge)
    client = Client()
    client.force_login(judge)
    page = client.get(f"/en/showcase/nominations/{nomination.pk}/").content.decode()
    assert "PRIVATE-" not in page
    assert f"vouchers/programmes/{world['sme_voucher'].programme_id}/" in page  # public programme pages
    assert f"/vouchers/{world['lab_voucher'].pk}/" not in page  # the lab's voucher: only its people open it
    member = MembershipFactory(organisation=lab).user
    client.force_login(member)
    assert f"/vouchers/{world['lab_voucher'].pk}/" in client.get(f"/en/showcase/nominations/{nomination.pk}/").content.decode()
