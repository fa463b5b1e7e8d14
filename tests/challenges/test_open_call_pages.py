"""The open-call pages (揭榜挂帅): a team applies on the page, the district's operator selects it, the team reports a
milestone, the operator sends it back (nothing released), the team reports again, the operator accepts (its share is
released, once: a second acceptance is refused with a message and releases nothing)."""

from datetime import timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from innobelt.challenges import domain
from innobelt.challenges.models import MilestoneProgress, OpenCallApplication
from tests.factories import UserFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_team_applies_is_selected_and_is_paid_a_milestone_only_on_acceptance_on_the_pages(scene):
    operator = UserFactory(operator_for=[scene.city])
    call = domain.post_open_call(
        actor=operator,
        city=scene.city,
        title_zh="宝山揭榜挂帅：氢脆防护",
        title_en="Baoshan open call: hydrogen embrittlement",
        problem="超高强钢的氢致开裂。",
        funding=Decimal("1000000.00"),
        deadline=timezone.now() + timedelta(days=30),
        milestones=[{"name_zh": "实验室验证", "name_en": "Laboratory validation", "share": 30}, {"name_zh": "工程验证", "share": 70}],
    )
    first = call.milestones.get(position=0)
    anonymous = Client()
    assert "Baoshan open call: hydrogen embrittlement" in anonymous.get("/en/open-calls/").content.decode()
    page = anonymous.get(f"/en/open-calls/{call.pk}/").content.decode()
    assert "¥300000.00" in page and "¥700000.00" in page and 'id="apply-form"' not in page

    team = signed_in(scene.solver_admin)
    assert 'id="apply-form"' in team.get(f"/en/open-calls/{call.pk}/").content.decode()
    response = team.post(f"/en/open-calls/{call.pk}/apply/", {"organisation": scene.solver_org.pk, "text": "  "})
    assert OpenCallApplication.objects.count() == 0  # an empty text: refused, nothing stored
    response = team.post(f"/en/open-calls/{call.pk}/apply/", {"organisation": scene.solver_org.pk, "text": "Nano-precipitate hydrogen traps."})
    application = OpenCallApplication.objects.get()
    assert response["Location"] == f"/en/open-calls/applications/{application.pk}/"
    assert 'id="apply-form"' not in team.get(f"/en/open-calls/{call.pk}/").content.decode()  # applied once

    report_url = f"/en/open-calls/applications/{application.pk}/milestones/{first.pk}/report/"
    team.post(report_url, {"report": "Done early."})
    assert not MilestoneProgress.objects.exists()  # only a selected team reports
    operator_client = signed_in(operator)
    operator_client.post(f"/en/open-calls/applications/{application.pk}/select/")
    application.refresh_from_db()
    assert application.status == "selected"

    team.post(report_url, {"report": "Elongation loss 18 % after charging."})
    progress = MilestoneProgress.objects.get()
    assert (progress.status, progress.released) == ("reported", None)
    assert team.post(f"/en/open-calls/applications/{application.pk}/milestones/{first.pk}/accept/").status_code == 403
    operator_client.post(f"/en/open-calls/applications/{application.pk}/milestones/{first.pk}/send-back/", {"note": "Add the test data."})
    progress.refresh_from_db()
    assert (progress.status, progress.released) == ("sent_back", None)
    assert "Add the test data." in team.get(f"/en/open-calls/applications/{application.pk}/").content.decode()

    team.post(report_url, {"report": "Test data attached."})
    response = operator_client.post(f"/en/open-calls/applications/{application.pk}/milestones/{first.pk}/accept/", follow=True)
    assert "¥300000.00 released to the team" in response.content.decode()
    response = operator_client.post(f"/en/open-calls/applications/{application.pk}/milestones/{first.pk}/accept/", follow=True)
    assert "already accepted or sent back" in response.content.decode()
    progress.refresh_from_db()
    assert (progress.status, progress.released) == ("accepted", Decimal("300000.00"))
    assert MilestoneProgress.objects.count() == 1
    assert "¥300000.00 released on" in team.get(f"/en/open-calls/applications/{application.pk}/").content.decode()


def test_other_teams_and_other_districts_do_not_read_an_application(scene):
    operator = UserFactory(operator_for=[scene.city])
    call = domain.post_open_call(
        actor=operator,
        city=scene.city,
        title_zh="揭榜",
        problem="问题。",
        funding=Decimal("100000"),
        deadline=timezone.now() + timedelta(days=3),
        milestones=[{"name_zh": "全部", "share": 100}],
    )
    application = domain.apply_to_open_call(actor=scene.solver, open_call=call, organisation=scene.solver_org, text="SECRET-PLAN-4411")
    for outsider in (scene.owner_admin, UserFactory(), UserFactory(operator_for=[]), scene.unverified_member):
        client = signed_in(outsider)
        assert client.get(f"/en/open-calls/applications/{application.pk}/").status_code == 404
        assert "SECRET-PLAN-4411" not in client.get(f"/en/open-calls/{call.pk}/").content.decode()
    assert "SECRET-PLAN-4411" in signed_in(operator).get(f"/en/open-calls/applications/{application.pk}/").content.decode()
