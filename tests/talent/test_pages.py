"""Pages of the organisations' positions: post, edit and close through the domain, in both languages."""

import pytest
from django.test import Client

from innobelt.audit.models import AuditEntry
from innobelt.organisations.models import Membership
from innobelt.talent.models import Position
from tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from tests.talent.factories import make_position

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_admin_posts_edits_and_closes_a_position():
    city = CityFactory()
    org = OrganisationFactory(city=city, is_goi_member=True)
    admin = MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user
    client = _client(admin)
    assert "Post a position" in client.get("/en/talent/positions/new/").content.decode()
    response = client.post(
        "/en/talent/positions/new/",
        {
            "organisation": org.pk,
            "kind": "postdoc",
            "title_en": "Postdoc in EDA",
            "description": "Placement research.",
            "language": "en",
            "level": "junior",
        },
    )
    position = Position.objects.get(title_en="Postdoc in EDA")
    assert response.status_code == 302 and response["Location"] == position.get_absolute_url()
    assert position.goi_participant and position.city == city and position.posted_by == admin
    # no title in any language: the domain's message on the page, nothing stored
    response = client.post(
        "/en/talent/positions/new/", {"organisation": org.pk, "kind": "job", "description": "x", "language": "zh", "level": "senior"}
    )
    assert response.status_code == 200 and Position.objects.count() == 1
    page = client.get(f"/talent/positions/{position.pk}/edit/").content.decode()
    assert "编辑职位" in page  # Chinese by default
    response = client.post(
        f"/en/talent/positions/{position.pk}/edit/",
        {
            "kind": "postdoc",
            "title_en": "Postdoc in EDA",
            "title_zh": "EDA博士后",
            "description": "Routing research.",
            "language": "both",
            "level": "junior",
        },
    )
    assert response.status_code == 302
    position.refresh_from_db()
    assert (position.title_zh, position.description, position.language) == ("EDA博士后", "Routing research.", "both")
    assert client.post(f"/en/talent/positions/{position.pk}/close/").status_code == 302
    position.refresh_from_db()
    assert position.status == Position.Status.CLOSED
    assert not Client().get(f"/talent/positions/{position.pk}/").status_code == 200  # closed: its organisation's only
    client.post(f"/en/talent/positions/{position.pk}/close/")  # again: a message, nothing changes
    assert list(AuditEntry.objects.filter(action__startswith="talent.position").order_by("pk").values_list("action", flat=True)) == [
        "talent.position_posted",
        "talent.position_changed",
        "talent.position_closed",
    ]


def test_another_organisation_neither_edits_nor_closes():
    position = make_position(OrganisationFactory(), title_en="Not yours")
    outsider = MembershipFactory(organisation=OrganisationFactory(), role=Membership.Role.ADMIN).user
    client = _client(outsider)
    assert client.post(f"/en/talent/positions/{position.pk}/edit/", {"title_en": "Mine", "description": "x"}).status_code == 403
    assert client.post(f"/en/talent/positions/{position.pk}/close/").status_code == 403
    position.refresh_from_db()
    assert (position.title_en, position.status) == ("Not yours", "open")


def test_a_member_who_is_no_admin_cannot_post():
    org = OrganisationFactory()
    member = MembershipFactory(organisation=org).user
    response = _client(member).post("/en/talent/positions/new/", {"organisation": org.pk, "title_en": "x", "description": "y"})
    assert response.status_code == 200 and "Only the administrators" in response.content.decode()
    assert not Position.objects.exists()
