"""Name badges of the people with a place: 8 a sheet of A4, name, organisation, code and the check-in QR code
(the same code as the ticket's), managers only (as the registrations page), audited; in Chromium the print is
one A4 page per 8 badges."""

import re

import pytest
from django.test import Client

from innobelt.audit.models import AuditEntry
from innobelt.events import tickets
from innobelt.events.models import Registration
from tests.events.conftest import person
from tests.factories import EventFactory, MembershipFactory, RegistrationFactory

S = Registration.Status


def named(scene, name, **kwargs):
    membership = MembershipFactory(user__display_name=name)
    return RegistrationFactory(event=scene.event, user=membership.user, organisation=membership.organisation, **kwargs)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_eight_badges_a_sheet_with_the_tickets_qr_code(scene, monkeypatch):
    monkeypatch.setattr("django.core.signing.time.time", lambda: 1_900_000_000.0)  # the token's timestamp: one second for all
    confirmed = [RegistrationFactory(event=scene.event) for _ in range(10)]
    named(scene, "Not yet", status=S.WAITLISTED, confirmed_at=None)
    response = client_for(scene.admin).get(f"/en/events/{scene.event.pk}/registrations/badges/")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    sheets = page.split('<div class="badge-sheet">')[1:]
    assert [s.count('<article class="name-badge">') for s in sheets] == [8, 2]
    assert "Not yet" not in page and "10 badges, one for each person with a place." in page
    for registration in confirmed:
        url = "http://testserver" + tickets.check_in_path(registration)
        assert tickets.qr_svg_inline(url, title="Check-in QR code") in page  # the ticket's code, inline (no request, no CDN)
        assert registration.code in page and registration.organisation.name_en in page
    assert '<svg viewBox="0 0 ' in page and "<title>Check-in QR code</title>" in page
    assert AuditEntry.objects.get(action="event.badges_printed").data == {"badges": 10}


@pytest.mark.django_db
def test_names_are_text_and_chinese_pages_show_chinese(scene):
    named(scene, "<script>alert(1)</script>王小明")
    page = client_for(scene.admin).get(f"/events/{scene.event.pk}/registrations/badges/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;王小明" in page and "<script>alert" not in page
    assert "签到二维码" in page and "共 1 个胸牌" in page


@pytest.mark.django_db
def test_nobody_yet(scene):
    page = client_for(scene.admin).get(f"/en/events/{scene.event.pk}/registrations/badges/").content.decode()
    assert "Nobody has a place yet." in page


@pytest.mark.django_db
def test_who_may_print_as_who_may_open_the_registrations_page(scene):
    RegistrationFactory(event=scene.event)
    draft = EventFactory(organiser=scene.organiser, city=scene.city, status="draft", published_at=None)
    outsider = person()
    for who, event, expected in [(scene.staff, scene.event, 403), (outsider, scene.event, 403), (outsider, draft, 404),
                                 (scene.admin, draft, 200)]:
        client = client_for(who)
        assert client.get(f"/en/events/{event.pk}/registrations/").status_code == expected
        assert client.get(f"/en/events/{event.pk}/registrations/badges/").status_code == expected
    assert Client().get(f"/en/events/{scene.event.pk}/registrations/badges/").status_code == 302
    assert AuditEntry.objects.filter(action="event.badges_printed").count() == 1


@pytest.mark.browser
def test_printed_on_a4_one_page_per_eight_badges(page, live_server, transactional_db, scene):
    for _ in range(9):
        RegistrationFactory(event=scene.event)
    client = Client()
    client.force_login(scene.admin)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page.goto(f"{live_server.url}/en/events/{scene.event.pk}/registrations/badges/")
    assert page.locator(".name-badge svg").count() == 9
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(sizes) == 2, sizes  # 9 badges: a full sheet of 8 and one more
    assert all(abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in sizes)  # A4 in points
