import pytest
from django.test import Client

from innobelt.accounts.models import User
from innobelt.organisations.models import Incubation
from innobelt.showcase.models import Achievement, AwardProgramme, Nomination
from innobelt.web.demo import load_demo


@pytest.mark.django_db
def test_the_demo_has_results_an_open_programme_and_comacs_achievement():
    summary = load_demo()
    assert summary["published achievements"] == 2
    achievement = Achievement.objects.get(organisation__slug="comac-innovation-valley")
    assert achievement.status == Achievement.Status.PUBLISHED
    assert sorted(link.kind for link in achievement.trail.all()) == ["booking", "booking", "challenge", "pilot"]
    assert AwardProgramme.objects.filter(year=2024, status="published").count() == 3
    assert Nomination.objects.filter(programme__year=2024, status="awarded").count() == 12
    assert AwardProgramme.objects.filter(status="open").count() == 1
    wuxi = Achievement.objects.get(organisation__slug="wuxi-iot-sensing-startup")
    assert wuxi.status == Achievement.Status.PUBLISHED and [link.kind for link in wuxi.trail.all()] == ["service_request"]
    assert "在普陀设立上海销售办公室" in Client().get("/showcase/?city=wuxi").content.decode()
    english = Client().get(f"/en/showcase/?city=putuo&year={wuxi.year}").content.decode()
    assert "opens its Shanghai sales office" in english and "Pilot of in-service inspection" not in english
    # demo startups confirmed their incubators: the Outstanding Incubators' evidence counts and names them
    assert summary["confirmed incubations"] == 3
    assert set(Incubation.objects.values_list("status", flat=True)) == {Incubation.Status.CONFIRMED}
    incubators = Nomination.objects.filter(programme__kind="incubator", programme__year=2024)
    figures = {n.organisation.slug: n.figure("startups_incubated") for n in incubators}
    assert figures["plug-and-play-shanghai"] == 2 and figures["xnode"] == 1
    plug_and_play = incubators.get(organisation__slug="plug-and-play-shanghai")
    assert "startups_incubated" in plug_and_play.programme.criteria.values_list("evidence", flat=True)
    operator = Client()
    operator.force_login(User.objects.get(email="pudong@innobelt.local"))
    page = operator.get(f"/en/showcase/nominations/{plug_and_play.pk}/").content.decode()
    assert "Suzhou WaferTest Semiconductor" in page and "Wuxi SmartSense Robotics (demo)" in page
