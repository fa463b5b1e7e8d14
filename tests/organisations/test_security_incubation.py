"""Incubation (issue 26): a startup's confirmation is what makes the incubator's claim count, as public evidence for
its award nomination (showcase/evidence.py, "startups incubated (confirmed by each startup)"). The incubator's
admins must not confirm their own claim by also being an admin of the startup (for instance of an organisation
they created themselves): another admin of the startup decides, on the page and in the API."""

from datetime import date

import pytest
from django.test import Client

from innobelt.organisations import incubation as domain
from innobelt.organisations.models import Incubation, Membership
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def scene(db):
    incubator = OrganisationFactory(kind="incubator", slug="xnode-sec", name_en="XNode Sec", name_zh="")
    startup = OrganisationFactory(kind="startup", slug="shell-startup", name_en="Shell Startup", name_zh="")
    both = MembershipFactory(organisation=incubator, role=Membership.Role.ADMIN).user
    MembershipFactory(organisation=startup, user=both, role=Membership.Role.ADMIN)
    incubation = domain.name_incubated_startup(actor=both, incubator=incubator, startup=startup,
                                               started_on=date(2024, 3, 1))
    return {"incubator": incubator, "startup": startup, "both": both, "incubation": incubation}


def test_an_admin_of_the_incubator_cannot_confirm_its_claim_as_the_startups_admin_on_the_page(scene):
    client = client_for(scene["both"])
    page = client.get("/en/organisations/shell-startup/incubations/").content.decode()
    assert "XNode Sec" in page and "Confirm" not in page
    assert client.post(f"/organisations/incubations/{scene['incubation'].pk}/confirm/").status_code == 403
    assert Incubation.objects.get().status == Incubation.Status.NAMED
    assert "XNode Sec" not in Client().get("/en/organisations/shell-startup/incubations/").content.decode()


def test_nor_in_the_api(scene):
    confirmed = client_for(scene["both"]).post(f"/api/v1/incubations/{scene['incubation'].pk}/confirm")
    assert confirmed.status_code == 403
    assert Incubation.objects.get().status == Incubation.Status.NAMED


def test_another_admin_of_the_startup_still_confirms(scene):
    other = MembershipFactory(organisation=scene["startup"], role=Membership.Role.ADMIN).user
    assert client_for(other).post(f"/api/v1/incubations/{scene['incubation'].pk}/confirm").status_code == 200
    assert Incubation.objects.get().status == Incubation.Status.CONFIRMED
