import pytest
from django.test import Client

from innobelt.showcase.models import Achievement, AwardProgramme, Nomination
from innobelt.web.demo import load_demo


@pytest.mark.django_db
def test_the_demo_has_results_an_open_programme_and_comacs_achievement():
    summary = load_demo()
    assert summary["published achievements"] == 2
    achievement = Achievement.objects.get(organisation__slug="comac-innovation-valley")
    assert achievement.status == Achievement.Status.PUBLISHED
    assert sorted(link.kind for link in achievement.trail.all()) == ["booking", "booking", "challenge", "proposal"]
    assert AwardProgramme.objects.filter(year=2024, status="published").count() == 3
    assert Nomination.objects.filter(programme__year=2024, status="awarded").count() == 12
    assert AwardProgramme.objects.filter(status="open").count() == 1
    wuxi = Achievement.objects.get(organisation__slug="wuxi-iot-sensing-startup")
    assert wuxi.status == Achievement.Status.PUBLISHED and [link.kind for link in wuxi.trail.all()] == ["service_request"]
    assert "在普陀设立上海销售办公室" in Client().get("/showcase/?city=wuxi").content.decode()
    english = Client().get(f"/en/showcase/?city=putuo&year={wuxi.year}").content.decode()
    assert "opens its Shanghai sales office" in english and "Pilot of in-service inspection" not in english
