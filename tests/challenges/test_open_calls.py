"""Open calls with a reward (揭榜挂帅): a district operator lists a problem with funding and milestones; teams apply;
one or more are selected; each milestone's share is released only on acceptance and never twice, also when two
operators accept at the same moment (PostgreSQL: one connection per thread)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from innobelt.challenges import domain
from innobelt.challenges.domain.open_calls import AlreadyDecided, share_of
from innobelt.challenges.models import MilestoneProgress, OpenCall
from innobelt.notifications.models import Notification
from tests.factories import UserFactory
from tests.races import in_parallel

FUNDING = Decimal("3000000.01")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_call(operator, city, **changes):
    fields = {
        "city": city,
        "title_zh": "宝山新材料揭榜挂帅：高温合金增材制造",
        "problem": "航空发动机叶片的高温合金粉末。",
        "funding": FUNDING,
        "deadline": timezone.now() + timedelta(days=30),
        "milestones": [{"name_zh": "样件", "share": 30}, {"name_zh": "中试", "share": 70}],
    }
    return domain.post_open_call(actor=operator, **{**fields, **changes})


@pytest.fixture
def call_with_team(scene):
    operator = UserFactory(operator_for=[scene.city])
    call = post_call(operator, scene.city)
    application = domain.apply_to_open_call(actor=scene.solver, open_call=call, organisation=scene.solver_org, text="We print superalloy blades.")
    domain.select_team(actor=operator, application=application)
    return operator, call, application


def test_shares_must_add_up_and_only_the_citys_operators_post(scene):
    operator = UserFactory(operator_for=[scene.city])
    with pytest.raises(ValidationError):
        post_call(operator, scene.city, milestones=[{"name_zh": "样件", "share": 30}])
    with pytest.raises(ValidationError):
        post_call(operator, scene.city, funding=Decimal("-1"))
    with pytest.raises(PermissionDenied):
        post_call(UserFactory(), scene.city)
    assert OpenCall.objects.count() == 0
    assert share_of(Decimal("100.01"), 50) == Decimal("50.01")  # half-up to the fen


def test_funding_is_released_only_on_acceptance_and_once(scene, call_with_team):
    operator, call, application = call_with_team
    first, second = call.milestones.all()
    progress = domain.report_milestone(actor=scene.solver, application=application, milestone=first, report="Done.")
    assert progress.released is None
    domain.send_back_milestone(actor=operator, progress=progress, note="Add the test data.")
    progress.refresh_from_db()
    assert (progress.status, progress.released) == ("sent_back", None)
    with pytest.raises(AlreadyDecided):
        domain.accept_milestone(actor=operator, progress=progress)  # nothing reported now
    progress = domain.report_milestone(actor=scene.solver, application=application, milestone=first, report="Data.")
    domain.accept_milestone(actor=operator, progress=progress)
    progress.refresh_from_db()
    assert progress.released == Decimal("900000.00")
    with pytest.raises(AlreadyDecided):
        domain.accept_milestone(actor=operator, progress=progress)
    with pytest.raises(AlreadyDecided):
        domain.report_milestone(actor=scene.solver, application=application, milestone=first, report="Again.")
    assert Notification.objects.filter(recipient=scene.solver_admin, kind="challenges.open_call_step").count() == 3
    p2 = domain.report_milestone(actor=scene.solver, application=application, milestone=second, report="Pilot line.")
    domain.accept_milestone(actor=operator, progress=p2)
    released = sum(p.released for p in MilestoneProgress.objects.all())
    assert released == FUNDING  # 900000.00 + 2100000.01


def test_through_the_api_a_second_acceptance_is_a_409(scene, call_with_team):
    operator, call, application = call_with_team
    milestone = call.milestones.first()
    team = signed_in(scene.solver)
    url = f"/api/v1/open-calls/applications/{application.pk}/milestones/{milestone.pk}"
    assert team.post(f"{url}/report", {"report": "Done."}, content_type="application/json").status_code == 200
    assert team.post(f"{url}/accept").status_code == 403
    ops = signed_in(operator)
    accepted = ops.post(f"{url}/accept")
    assert accepted.status_code == 200 and accepted.json()["progress"][0]["released"] == "900000.00"
    again = ops.post(f"{url}/accept")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


@pytest.mark.django_db(transaction=True)
def test_two_operators_accepting_at_once_release_the_funding_once(scene):
    if connection.vendor != "postgresql":
        pytest.skip("needs a connection per thread (PostgreSQL)")
    operators = [UserFactory(operator_for=[scene.city]), UserFactory(is_platform_operator=True)]
    call = post_call(operators[0], scene.city)
    application = domain.apply_to_open_call(actor=scene.solver, open_call=call, organisation=scene.solver_org, text="We print superalloy blades.")
    domain.select_team(actor=operators[0], application=application)
    progress = domain.report_milestone(actor=scene.solver, application=application, milestone=call.milestones.first(), report="Done.")

    def accept(operator):
        try:
            domain.accept_milestone(actor=operator, progress=progress)
            return "accepted"
        except AlreadyDecided:
            return "refused"

    outcomes = sorted(in_parallel(accept, operators))
    assert outcomes == ["accepted", "refused"]
    progress.refresh_from_db()
    assert progress.released == Decimal("900000.00")
    assert MilestoneProgress.objects.filter(released__isnull=False).count() == 1


def test_the_milestones_of_a_call_add_up_to_its_funding_to_the_fen(scene):
    from innobelt.challenges.domain.open_calls import milestone_amount

    operator = UserFactory(operator_for=[scene.city])
    call = post_call(
        operator, scene.city, funding=Decimal("100.05"), milestones=[{"name_zh": n, "share": s} for n, s in (("一", 33), ("二", 33), ("三", 34))]
    )
    amounts = [milestone_amount(m) for m in call.milestones.all()]
    assert sum(amounts) == Decimal("100.05") and amounts == [Decimal("33.02"), Decimal("33.01"), Decimal("34.02")]


def test_the_citys_operators_are_told_of_each_application_and_each_reported_milestone(scene):
    operator = UserFactory(operator_for=[scene.city])
    call = post_call(operator, scene.city)
    application = domain.apply_to_open_call(actor=scene.solver, open_call=call, organisation=scene.solver_org, text="We print superalloy blades.")
    applied = Notification.objects.get(recipient=operator, kind="challenges.open_call_to_operator")
    assert applied.link == f"/open-calls/applications/{application.pk}/"
    assert any(name and name in applied.subject for name in (scene.solver_org.name_zh, scene.solver_org.name_en))
    domain.select_team(actor=operator, application=application)
    first = call.milestones.order_by("position").first()
    domain.report_milestone(actor=scene.solver_admin, application=application, milestone=first, report="The blades passed.")
    reported = Notification.objects.filter(recipient=operator, kind="challenges.open_call_to_operator").exclude(pk=applied.pk).get()
    assert first.name in reported.subject and str(share_of(FUNDING, 30)) in reported.body
    assert not Notification.objects.filter(recipient=scene.solver_admin, kind="challenges.open_call_to_operator").exists()


@pytest.mark.parametrize(("language", "expected"), [("en", "took applications until"), ("zh-hans", "报名截止时间为")])
def test_a_late_application_is_refused_in_the_persons_language_and_nothing_is_stored(scene, language, expected):
    operator = UserFactory(operator_for=[scene.city])
    call = post_call(operator, scene.city)
    OpenCall.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    response = signed_in(scene.solver).post(
        f"/api/v1/open-calls/{call.pk}/applications",
        {"organisation": scene.solver_org.slug, "text": "We print superalloy blades."},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400 and expected in response.json()["error"]["message"]
    assert "China time" in response.json()["error"]["message"] or "北京时间" in response.json()["error"]["message"]
    assert not call.applications.exists()
    assert not Notification.objects.filter(kind="challenges.open_call_to_operator").exists()
