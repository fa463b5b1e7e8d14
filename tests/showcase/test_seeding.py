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


@pytest.mark.django_db
def test_the_demo_incubations_go_through_the_real_flow_by_the_incubators_own_demo_accounts():
    from innobelt.audit.models import AuditEntry
    from innobelt.notifications.models import Notification
    from innobelt.web.demo import DEMO_PASSWORD, accounts_with_published_password, demo_emails

    load_demo()
    incubations = list(Incubation.objects.select_related("incubator", "startup", "named_by", "decided_by").order_by("pk"))
    assert len(incubations) == 3
    for incubation in incubations:
        # named by the incubator's own demo admin, confirmed by the startup's admin: the flow's two sides
        assert incubation.named_by is not None and incubation.named_by.memberships.filter(
            organisation=incubation.incubator, role="admin").exists()
        assert incubation.decided_by.memberships.filter(organisation=incubation.startup, role="admin").exists()
        actions = set(AuditEntry.objects.filter(target_id=str(incubation.pk)).values_list("action", flat=True))
        assert {"organisation.incubation_named", "organisation.incubation_confirmed"} <= actions
    assert {i.named_by.email for i in incubations} == {"plugandplay@innobelt.local", "xnode@innobelt.local"}
    ended = Incubation.objects.get(startup__slug="demo-changzhou-sourcestore-energy")
    assert (ended.started_on.isoformat(), ended.ended_on.isoformat()) == ("2024-05-06", "2025-11-30")
    assert Notification.objects.filter(recipient__email="plugandplay@innobelt.local", kind="organisation.incubation_confirmed").count() == 2
    # like every demo account: the published password, listed for the production check
    assert {"plugandplay@innobelt.local", "xnode@innobelt.local"} <= demo_emails()
    assert {"plugandplay@innobelt.local", "xnode@innobelt.local"} <= set(accounts_with_published_password())
    manager = User.objects.get(email="plugandplay@innobelt.local")
    assert manager.check_password(DEMO_PASSWORD) and manager.is_active
    client = Client()
    client.force_login(manager)
    page = client.get("/en/organisations/plug-and-play-shanghai/incubations/").content.decode()
    assert "Suzhou WaferTest Semiconductor" in page
    # loading again changes nothing
    assert "already loaded" in load_demo()["demo data"]
    assert Incubation.objects.count() == 3 and User.objects.filter(email__in=["plugandplay@innobelt.local", "xnode@innobelt.local"]).count() == 2
