import pytest
from django.test import Client

from innobelt.showcase.models import Achievement

pytestmark = pytest.mark.django_db


def test_drafting_through_the_page_with_a_trail_and_a_partner(scene):
    client = Client()
    client.force_login(scene.comac_member)
    page = client.get("/en/showcase/new/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f"booking:{scene.bookings[0].pk}" in body and f"challenge:{scene.challenge.pk}" in body
    assert f"booking:{scene.stranger_booking.pk}" not in body  # another organisation's booking
    assert "Coating Startup" in body  # a partner met through the proposal
    response = client.post(
        "/en/showcase/new/",
        {
            "organisation": scene.comac.slug,
            "kind": "milestone",
            "title_zh": "复合材料检测试点",
            "title_en": "Composite inspection pilot",
            "story_language": "zh",
            "story_zh": "试点成功。",
            "story_en": "",
            "year": 2026,
            "revenue": "1000000.00",
            "patents_filed": 1,
            "products_launched": 0,
            "jobs": 4,
            "partners": [scene.partner.pk],
            "cities": [scene.pudong.pk],
            "trail": [
                f"challenge:{scene.challenge.pk}",
                f"booking:{scene.bookings[0].pk}",
                f"booking:{scene.bookings[1].pk}",
            ],
        },
    )
    achievement = Achievement.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/showcase/achievements/{achievement.pk}/")
    assert achievement.trail.count() == 3 and achievement.partners.get().organisation == scene.partner


def test_a_forged_trail_record_is_refused(scene):
    client = Client()
    client.force_login(scene.comac_member)
    response = client.post(
        "/showcase/new/",
        {
            "organisation": scene.comac.slug,
            "kind": "achievement",
            "title_en": "X",
            "story_language": "en",
            "story_en": "Y",
            "year": 2026,
            "patents_filed": 0,
            "products_launched": 0,
            "jobs": 0,
            "trail": [f"booking:{scene.stranger_booking.pk}"],
        },
    )
    assert response.status_code == 200 and not Achievement.objects.exists()


def test_the_public_gallery_in_both_languages(scene):
    from tests.showcase.factories import AchievementFactory

    achievement = AchievementFactory(organisation=scene.comac, title_zh="公开成果", title_en="Public achievement")
    achievement.cities.set([scene.pudong])
    assert "公开成果" in Client().get("/showcase/?city=pudong").content.decode()
    assert "Public achievement" in Client().get("/en/showcase/?city=pudong").content.decode()
    assert "Public achievement" not in Client().get(f"/en/showcase/?city={scene.other_city.slug}").content.decode()
