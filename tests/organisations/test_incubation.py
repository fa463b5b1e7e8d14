"""Incubation: the incubator's admin names a startup, the startup's admin confirms or declines, on pages and in
the API; only a confirmed incubation is public; bad input is refused with nothing stored; a decided one is a 409."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from innobelt.notifications.models import Notification
from innobelt.organisations.models import Incubation, Membership
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def scene(db):
    incubator = OrganisationFactory(kind="incubator", slug="xnode-test", name_en="XNode Test", name_zh="")
    startup = OrganisationFactory(kind="startup", slug="sensor-startup", name_en="Sensor Startup", name_zh="")
    return {
        "incubator": incubator, "startup": startup,
        "incubator_admin": MembershipFactory(organisation=incubator, role=Membership.Role.ADMIN).user,
        "startup_admin": MembershipFactory(organisation=startup, role=Membership.Role.ADMIN).user,
        "startup_member": MembershipFactory(organisation=startup, role=Membership.Role.MEMBER).user,
    }


def test_named_on_the_page_confirmed_by_the_startup_and_shown_on_both_pages(scene):
    incubator_admin, startup_admin = client_for(scene["incubator_admin"]), client_for(scene["startup_admin"])
    named = incubator_admin.post("/en/organisations/xnode-test/incubations/",
                                 {"startup": "sensor-startup", "started_on": "2024-03-01"})
    assert named.status_code == 302
    incubation = Incubation.objects.get()
    assert (incubation.status, incubation.started_on, incubation.named_by) == ("named", date(2024, 3, 1),
                                                                               scene["incubator_admin"])
    note = Notification.objects.get(recipient=scene["startup_admin"])
    assert note.kind == "organisation.incubation_named" and note.link == "/organisations/sensor-startup/incubations/"
    # awaiting confirmation: not public
    assert "XNode Test" not in Client().get("/en/organisations/sensor-startup/incubations/").content.decode()
    assert 'id="incubation"' not in Client().get("/en/organisations/sensor-startup/").content.decode()
    page = startup_admin.get("/en/organisations/sensor-startup/incubations/").content.decode()
    assert "XNode Test" in page and "Confirm" in page
    assert client_for(scene["startup_member"]).post(f"/organisations/incubations/{incubation.pk}/confirm/"
                                                    ).status_code == 403
    assert incubator_admin.post(f"/organisations/incubations/{incubation.pk}/confirm/").status_code == 403
    assert startup_admin.post(f"/organisations/incubations/{incubation.pk}/confirm/").status_code == 302
    incubation.refresh_from_db()
    assert (incubation.status, incubation.decided_by) == ("confirmed", scene["startup_admin"])
    assert Notification.objects.filter(recipient=scene["incubator_admin"],
                                       kind="organisation.incubation_confirmed").exists()
    startup_page = Client().get("/en/organisations/sensor-startup/").content.decode()
    assert "Incubated by" in startup_page and "XNode Test" in startup_page
    assert "Sensor Startup" in Client().get("/organisations/xnode-test/").content.decode().split('id="incubation"')[1]
    # decided once: a second decision changes nothing
    again = startup_admin.post(f"/en/organisations/incubations/{incubation.pk}/decline/", follow=True)
    assert "This incubation is already confirmed by the startup." in again.content.decode()
    incubation.refresh_from_db()
    assert incubation.status == "confirmed"


def test_bad_input_is_refused_in_the_user_language_and_nothing_stored(scene):
    admin = client_for(scene["incubator_admin"])
    url = "/organisations/xnode-test/incubations/"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    cases = [
        ({"startup": "xnode-test", "started_on": "2024-01-01"}, "An organisation cannot incubate itself.",
         "一个机构不能孵化它自己。"),
        ({"startup": "sensor-startup", "started_on": tomorrow}, "The incubation cannot start in the future.",
         "孵化不能从未来的日期开始。"),
        ({"startup": "sensor-startup", "started_on": "2024-01-01", "ended_on": "2023-01-01"},
         "The incubation cannot end before it starts.", "孵化的结束日期不能早于开始日期。"),
        ({"startup": "nobody-here", "started_on": "2024-01-01"}, "No organisation has this address.",
         "没有机构使用这个地址。"),
    ]
    for data, english, chinese in cases:
        assert english in admin.post(f"/en{url}", data).content.decode()
        assert chinese in admin.post(url, data).content.decode()
    assert not Incubation.objects.exists()


def test_the_api_names_confirms_declines_with_structured_errors(scene):
    incubator_admin, startup_admin = client_for(scene["incubator_admin"]), client_for(scene["startup_admin"])
    url = "/api/v1/organisations/xnode-test/incubations"
    made = incubator_admin.post(url, {"startup": "sensor-startup", "started_on": "2023-09-01",
                                      "ended_on": "2025-06-30"}, content_type=JSON)
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["startup"], body["status"], body["ended_on"]) == ("sensor-startup", "named", "2025-06-30")
    twice = incubator_admin.post(url, {"startup": "sensor-startup", "started_on": "2024-01-01"}, content_type=JSON,
                                 headers={"accept-language": "en"})
    assert twice.status_code == 400 and twice.json()["error"]["fields"][0]["field"] == "startup"
    assert Incubation.objects.count() == 1
    assert Client().get(url).json() == []  # not confirmed yet: not public
    assert [i["id"] for i in startup_admin.get("/api/v1/organisations/sensor-startup/incubations").json()] == [body["id"]]
    assert client_for(scene["startup_member"]).post(f"/api/v1/incubations/{body['id']}/decline").status_code == 403
    assert client_for(MembershipFactory().user).post(f"/api/v1/incubations/{body['id']}/decline").status_code == 404
    declined = startup_admin.post(f"/api/v1/incubations/{body['id']}/decline")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    conflict = startup_admin.post(f"/api/v1/incubations/{body['id']}/confirm", headers={"accept-language": "en"})
    assert conflict.status_code == 409 and "already declined" in conflict.json()["error"]["message"]
    # declined: the incubator may name it again, and this time it is confirmed
    again = incubator_admin.post(url, {"startup": "sensor-startup", "started_on": "2023-09-01"}, content_type=JSON)
    assert again.status_code == 201
    assert startup_admin.post(f"/api/v1/incubations/{again.json()['id']}/confirm").status_code == 200
    public = Client().get(url).json()
    assert [(i["startup"], i["status"]) for i in public] == [("sensor-startup", "confirmed")]
    # only the incubator's admins name its startups
    for user in (scene["startup_admin"], scene["startup_member"]):
        assert client_for(user).post(url, {"startup": "sensor-startup", "started_on": "2024-01-01"},
                                     content_type=JSON).status_code == 403
    assert Client().post(url, {"startup": "sensor-startup", "started_on": "2024-01-01"},
                         content_type=JSON).status_code == 401
