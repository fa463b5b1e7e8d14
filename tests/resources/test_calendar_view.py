"""The calendar across instruments (page and API): who sees booking details, the views, bad input."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from innobelt.permissions import can
from innobelt.resources import queries
from innobelt.resources.models import Blackout, Booking
from tests.factories import BookingFactory, MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory
from tests.resources.conftest import at

BOOKER_ORG = "Secretive Coatings Ltd"
BOOKER = "Wanda Booker"


@pytest.fixture
def booked(scene):
    """The scene's equipment and a second instrument of the owner; the seeker booked the first on day 2, 10–12."""
    scene.seeker_org.name_en = BOOKER_ORG
    scene.seeker_org.save()
    scene.seeker.display_name = BOOKER
    scene.seeker.save()
    second = ResourceFactory(owner=scene.owner_org, title_en="Second rheometer", opening_hours=[[0, "09:00", "12:00"]])
    booking = BookingFactory(access_request=scene.access, start=at(2, 10), end=at(2, 12))
    Blackout.objects.create(resource=scene.equipment, start=at(2, 14), end=at(2, 16), kind=Blackout.Kind.MAINTENANCE)
    return scene, second, booking


def page(user, *query):
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get("/en/resources/calendar/?" + "&".join(query))
    assert response.status_code == 200
    return response.content.decode()


def day(n):
    return f"date={at(n, 0):%Y-%m-%d}"


@pytest.mark.django_db
def test_outsiders_see_busy_blocks_without_who_booked(booked):
    scene, second, booking = booked
    stranger = MembershipFactory(organisation=OrganisationFactory(city=scene.city)).user
    operator = UserFactory(operator_for=[scene.city])
    for viewer in (None, stranger, operator):
        html = page(viewer, f"r={scene.equipment.pk}", f"r={second.pk}", "view=day", day(2))
        assert "10:00–12:00" in html and "cal-busy" in html and "14:00–16:00" in html
        assert BOOKER_ORG not in html and BOOKER not in html and scene.seeker_org.name_zh not in html
        assert booking.get_absolute_url() not in html and "cal-mine" not in html.split("<table", 1)[1]
        assert "08:00–10:00" in html and "12:00–14:00" in html and "16:00–20:00" in html  # free around them


@pytest.mark.django_db
def test_the_owner_sees_who_booked_and_the_booker_sees_their_own(booked):
    scene, second, booking = booked
    html = page(scene.owner_member, f"r={scene.equipment.pk}", "view=week", day(2))
    assert BOOKER_ORG in html and BOOKER in html and booking.get_absolute_url() in html
    assert "cal-mine" not in html.split("<table", 1)[1]  # only in the legend
    mine = page(scene.seeker_admin, f"r={scene.equipment.pk}", "view=week", day(2))
    assert 'class="cal-block cal-mine"' in mine.split("<table", 1)[1] and booking.get_absolute_url() in mine


@pytest.mark.django_db
def test_my_organisations_instruments_at_once(booked):
    scene, second, _booking = booked
    other = ResourceFactory(title_en="Someone else's press")
    html = page(scene.owner_admin, "mine=on", "view=day", day(2))
    assert scene.equipment.title_en in html and "Second rheometer" in html and other.title_en not in html


@pytest.mark.django_db
def test_hidden_and_other_kinds_are_left_out(booked):
    scene, second, _booking = booked
    draft = ResourceFactory(owner=scene.owner_org, status="draft", published_at=None, title_en="Unannounced draft")
    patent = ResourceFactory(owner=scene.owner_org, kind="patent", title_en="A patent")
    html = page(None, f"r={draft.pk}", f"r={patent.pk}", f"r={second.pk}")
    assert "Unannounced draft" not in html and "A patent" not in html and "Second rheometer" in html
    assert "Unannounced draft" in page(scene.owner_member, f"r={draft.pk}")


@pytest.mark.django_db
def test_day_week_and_month_with_previous_next_and_today(booked):
    scene, second, _booking = booked
    target = timezone.localdate() + timedelta(days=2)
    week = page(None, f"r={scene.equipment.pk}", f"r={second.pk}", "view=week", day(2))
    monday = target - timedelta(days=target.weekday())
    assert f"{monday:%Y-%m-%d} – {monday + timedelta(days=6):%Y-%m-%d}" in week
    assert week.count('<th scope="row">') == 7
    assert f"date={monday - timedelta(days=7):%Y-%m-%d}" in week and f"date={monday + timedelta(days=7):%Y-%m-%d}" in week
    assert f"date={timezone.localdate():%Y-%m-%d}" in week  # today
    assert "09:00–12:00" in week  # the second instrument's Monday
    month = page(None, f"r={scene.equipment.pk}", "view=month", day(2))
    first = target.replace(day=1)
    assert month.count('<th scope="row">') == ((first + timedelta(days=32)).replace(day=1) - first).days
    assert "2.0 h booked" in month and "8.0 h free" in month and "closure" in month  # 12 h open: 2 booked, 2 closed
    html_zh = Client().get(f"/resources/calendar/?r={scene.equipment.pk}&view=day&{day(2)}").content.decode()
    assert "仪器日历" in html_zh and "空闲" in html_zh


@pytest.mark.django_db
def test_bad_input_is_told_and_shows_nothing_else(booked):
    scene, _second, _booking = booked
    assert "Choose instruments from the register." in page(None, "r=abc")
    assert "Choose at most 12 instruments." in page(None, *[f"r={n}" for n in range(1, 14)])
    assert "Give dates between 2000-01-01 and 2100-12-31." in page(None, f"r={scene.equipment.pk}", "date=1850-01-01")
    assert "Enter a valid date." in page(None, f"r={scene.equipment.pk}", "date=tomorrow")
    assert 'id="calendar-next"' not in page(None, f"r={scene.equipment.pk}", "view=month", "date=2100-12-31")


@pytest.mark.django_db
def test_details_agree_with_the_booking_rule(booked):
    """calendar_blocks gives a booking only to whom resources.view_booking lets see it."""
    scene, second, booking = booked
    stranger = MembershipFactory(organisation=OrganisationFactory()).user
    platform = UserFactory(is_platform_operator=True)
    for user in (scene.owner_admin, scene.owner_member, scene.seeker, scene.seeker_admin, stranger, platform,
                 UserFactory(operator_for=[scene.city])):
        blocks = queries.calendar_blocks(user, [scene.equipment], at(2, 0).date(), at(2, 0).date())[scene.equipment.pk]
        shown = [b["booking"] for d in blocks.values() for b in d if "booking" in b]
        assert (shown == [booking]) == can(user, "resources.view_booking", booking), user


# the API --------------------------------------------------------------------------------------

def api(user, query):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get("/api/v1/resources/availability?" + query)


@pytest.mark.django_db
def test_the_api_gives_blocks_and_never_who_booked(booked):
    scene, second, _booking = booked
    first = f"{at(2, 0):%Y-%m-%d}"
    for viewer in (None, scene.owner_admin, scene.seeker):
        response = api(viewer, f"ids={scene.equipment.pk},{second.pk}&start={first}&end={first}")
        assert response.status_code == 200
        body = response.json()
        assert BOOKER_ORG not in response.content.decode() and BOOKER not in response.content.decode()
        assert [r["id"] for r in body["resources"]] == [scene.equipment.pk, second.pk]
        blocks = [(b["start"][11:16], b["end"][11:16], b["state"], b["closure"]) for b in body["resources"][0]["blocks"]]
        assert blocks == [("08:00", "10:00", "free", None), ("10:00", "12:00", "busy", None), ("12:00", "14:00", "free", None),
                          ("14:00", "16:00", "closed", "maintenance"), ("16:00", "20:00", "free", None)]
        assert body["resources"][0]["blocks"][0]["start"].endswith("+08:00")


@pytest.mark.django_db
def test_the_api_refuses_bad_windows_and_too_many_ids(booked):
    scene, _second, _booking = booked
    pk = scene.equipment.pk
    for query in [f"ids={pk}&start=2026-01-01&end=2026-03-01", f"ids={pk}&start=2026-01-02&end=2026-01-01",
                  f"ids={pk}&start=1999-12-31&end=2000-01-01", f"ids={pk}&start=1767225600&end=2026-01-01",
                  "ids=1,x&start=2026-01-01&end=2026-01-01", f"ids={pk}&start=2026-01-01",
                  "ids=" + ",".join(str(n) for n in range(1, 14)) + "&start=2026-01-01&end=2026-01-01"]:
        response = api(None, query)
        assert response.status_code in (400, 422), query
        assert set(response.json()["error"]) >= {"code", "message"}
    draft = ResourceFactory(owner=scene.owner_org, status="draft", published_at=None)
    assert api(None, f"ids={draft.pk}&start=2026-01-01&end=2026-01-01").json()["resources"] == []
    assert Booking.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"])
def test_who_booked_in_the_matrix_world(role):
    """The matrix world's booking (org B on org A's instrument): its organisation and booker are named on the
    calendar only to org A's people (owner), org B's (booker) and platform operators; the API names them to nobody."""
    from tests.test_permission_matrix import client_for, world_for_test

    world = world_for_test()
    booking = world.extra["booking"]
    booking.organisation.name_en, booking.organisation.name_zh = "Booker Org B Ltd", "乙方预约单位"
    booking.organisation.save()
    booking.booked_by.display_name = "Booker Person B"
    booking.booked_by.save()
    client = client_for(world, role)
    when = f"{timezone.localtime(booking.start):%Y-%m-%d}"
    html = client.get(f"/resources/calendar/?r={booking.resource_id}&view=day&date={when}").content.decode()
    table = html.split("<table", 1)[1]
    named = "乙方预约单位" in table and "Booker Person B" in table
    assert named == (role in {"member", "admin_a", "admin_b", "platform"}), role
    assert "cal-busy" in table or "cal-mine" in table
    if not named:
        assert "乙方预约单位" not in html and "Booker Person B" not in html and booking.get_absolute_url() not in html
    api = client.get(f"/api/v1/resources/availability?ids={booking.resource_id}&start={when}&end={when}").content.decode()
    assert "Booker" not in api and "乙方" not in api and '"busy"' in api
