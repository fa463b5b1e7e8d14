"""Startups incubated as evidence: the figure equals the count of the nominee's confirmed incubations overlapping
the evidence period; those awaiting confirmation, declined, ended before the period or another incubator's do not
count. The startups behind it are named and linked: a confirmed incubation is public."""

from datetime import date

import pytest
from django.test import Client

from innobelt.organisations.models import Incubation
from innobelt.showcase.domain.awards import nominate
from innobelt.showcase.evidence import compute_evidence
from tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from tests.showcase.factories import ProgrammeFactory as AwardProgrammeFactory

pytestmark = pytest.mark.django_db
FIRST, LAST = date(2025, 1, 1), date(2025, 12, 31)


def _incubation(incubator, name_en, *, status="confirmed", started_on=date(2024, 3, 1), ended_on=None):
    startup = OrganisationFactory(kind="startup", name_en=name_en, name_zh="")
    return Incubation.objects.create(incubator=incubator, startup=startup, status=status, started_on=started_on,
                                     ended_on=ended_on)


@pytest.fixture
def incubator(db):
    city = CityFactory()
    incubator = OrganisationFactory(kind="incubator", city=city, name_en="Nominee Incubator")
    _incubation(incubator, "Still Incubated")  # since 2024, still: counts
    _incubation(incubator, "Joined In June", started_on=date(2025, 6, 1))  # counts
    _incubation(incubator, "Graduated In March", ended_on=date(2025, 3, 31))  # ended in the period: counts
    # planted, none counts
    _incubation(incubator, "PRIVATE-AWAITING", status="named")
    _incubation(incubator, "PRIVATE-DECLINED", status="declined")
    _incubation(incubator, "Graduated Before", ended_on=date(2024, 12, 31))
    _incubation(incubator, "Joins Later", started_on=date(2026, 1, 2))
    other = OrganisationFactory(kind="incubator", name_en="Other Incubator")
    _incubation(other, "Another Incubator's Startup")
    return {"incubator": incubator, "city": city}


def test_startups_incubated_equals_the_confirmed_incubations_in_the_period(incubator):
    figure = {i["key"]: i for i in compute_evidence(incubator["incubator"], FIRST, LAST)}["startups_incubated"]
    counted = Incubation.objects.filter(incubator=incubator["incubator"], status="confirmed",
                                        started_on__lte=LAST).exclude(ended_on__lt=FIRST)
    assert figure["value"] == 3 == counted.count()
    assert sorted(r["label_en"] for r in figure["records"]) == ["Graduated In March", "Joined In June",
                                                                 "Still Incubated"]
    assert {r["id"] for r in figure["records"]} == {i.startup_id for i in counted}


def test_the_nomination_names_and_links_the_startups_and_nothing_unconfirmed(incubator):
    admin = MembershipFactory(organisation=incubator["incubator"], role="admin").user
    programme = AwardProgrammeFactory(city=incubator["city"], evidence_from=FIRST, evidence_to=LAST)
    nomination = nominate(actor=admin, programme=programme, organisation=incubator["incubator"],
                          statement="We incubate.")
    assert nomination.figure("startups_incubated") == 3
    client = Client()
    client.force_login(admin)
    page = client.get(f"/en/showcase/nominations/{nomination.pk}/").content.decode()
    startup = Incubation.objects.get(startup__name_en="Joined In June").startup
    assert "startups incubated (confirmed by each startup)" in page
    assert f'href="/en/organisations/{startup.slug}/"' in page or f'href="/organisations/{startup.slug}/"' in page
    assert "PRIVATE" not in page and "Another Incubator" not in page
