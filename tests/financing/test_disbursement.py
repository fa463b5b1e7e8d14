"""Disbursement of an award by milestones: amounts adding up to the award, each released once and never
beyond the award (409 the second time over the API; two operators at once on PostgreSQL)."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from innobelt.accounts.domain import create_api_token
from innobelt.audit.models import AuditEntry
from innobelt.financing import disbursements
from innobelt.financing.models import FundApplication, Milestone
from innobelt.notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory
from tests.financing.factories import make_application, make_fund
from tests.resources.test_concurrency import _post, concurrent_server  # noqa: F401 (the fixture)


def _awarded(scene, amount=Decimal("600000")):
    fund = make_fund(city=scene.wuxi, sector=scene.ic)
    return make_application(fund, scene.startup, status=FundApplication.Status.AWARDED, awarded_amount=amount, reviewers=scene.reviewers)


PLAN = [
    {"title_en": "Tape-out", "amount": "250000.005", "due": date(2027, 3, 31)},
    {"title_zh": "样片测试", "amount": "349999.99"},
]


@pytest.mark.django_db
def test_milestones_add_up_to_the_award_to_the_fen(scene):
    application = _awarded(scene)
    with pytest.raises(ValidationError) as exc:
        disbursements.plan_milestones(actor=scene.operator, application=application, milestones=[{"title_en": "All", "amount": "599999.99"}])
    assert "599999.99" in str(exc.value) and not Milestone.objects.exists()
    with pytest.raises(PermissionDenied):
        disbursements.plan_milestones(actor=scene.founder, application=application, milestones=PLAN)
    milestones = disbursements.plan_milestones(actor=scene.operator, application=application, milestones=PLAN)
    assert [m.amount for m in milestones] == [Decimal("250000.01"), Decimal("349999.99")]  # half-up to the fen
    submitted = make_application(make_fund(city=scene.wuxi, sector=scene.ic), scene.startup)
    with pytest.raises(ValidationError):  # not awarded
        disbursements.plan_milestones(actor=scene.operator, application=submitted, milestones=[{"title_en": "x", "amount": "1"}])


@pytest.mark.django_db
def test_a_milestone_is_released_once_and_never_beyond_the_award(scene):
    application = _awarded(scene)
    first, second = disbursements.plan_milestones(actor=scene.operator, application=application, milestones=PLAN)
    disbursements.release_milestone(actor=scene.operator, milestone=first)
    with pytest.raises(disbursements.AlreadyReleased):
        disbursements.release_milestone(actor=scene.operator, milestone=first)
    with pytest.raises(ValidationError):  # the plan is fixed once money went out
        disbursements.plan_milestones(actor=scene.operator, application=application, milestones=PLAN)
    # a milestone row forged beyond the award (the plan's check bypassed) is still refused at release
    forged = Milestone.objects.create(application=application, number=9, title_en="Forged", amount=Decimal("400000"))
    with pytest.raises(disbursements.BeyondAward):
        disbursements.release_milestone(actor=scene.operator, milestone=forged)
    disbursements.release_milestone(actor=scene.operator, milestone=second)
    application.refresh_from_db()
    assert application.released_total == application.awarded_amount == Decimal("600000.00")
    assert AuditEntry.objects.filter(action="financing.milestone_released").count() == 2
    assert Notification.objects.filter(kind="financing.milestone_released", recipient=scene.founder).count() == 2


@pytest.mark.django_db
def test_the_api_answers_409_the_second_time_and_the_page_plans_and_releases(scene):
    application = _awarded(scene)
    token = create_api_token(user=scene.operator, name="t")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    base = f"/api/v1/funds/{application.fund_id}/applications/{application.pk}/milestones"
    body = {"milestones": [{"title_en": "Tape-out", "amount": "600000", "due": "2027-03-31"}]}
    response = api.put(base, body, content_type="application/json")
    assert response.status_code == 200, response.content
    milestone = response.json()[0]
    assert api.post(f"{base}/{milestone['id']}/release", content_type="application/json").status_code == 200
    second = api.post(f"{base}/{milestone['id']}/release", content_type="application/json")
    assert second.status_code == 409 and second.json()["error"]["code"] == "conflict"
    assert api.put(base, {"milestones": [{"title_en": "x", "amount": "1"}]}, content_type="application/json").status_code == 400
    # the page: an operator plans and releases; the awardee reads it in Chinese
    other = _awarded(scene)
    page = Client()
    page.force_login(scene.operator)
    page.post(f"/en/financing/applications/{other.pk}/milestones/", {"lines": "100000 | 流片 | 2027-03-31\n500000 | Volume production"})
    planned = list(other.milestones.all())
    assert [(m.title, m.amount) for m in planned] == [("流片", Decimal("100000.00")), ("Volume production", Decimal("500000.00"))]
    page.post(f"/en/financing/applications/{other.pk}/milestones/{planned[0].pk}/release/")
    page.post(f"/en/financing/applications/{other.pk}/milestones/{planned[0].pk}/release/")  # again: a message
    other.refresh_from_db()
    assert other.released_total == Decimal("100000.00")
    reader = Client()
    reader.force_login(scene.founder)
    assert "按里程碑拨付" in reader.get(f"/financing/applications/{other.pk}/").content.decode()
    outsider = Client()
    outsider.force_login(MembershipFactory().user)
    assert outsider.post(f"/en/financing/applications/{other.pk}/milestones/{planned[1].pk}/release/").status_code == 404


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_operators_release_the_same_milestone_at_once(concurrent_server, scene):  # noqa: F811 (the fixture)
    application = _awarded(scene)
    (milestone,) = disbursements.plan_milestones(actor=scene.operator, application=application, milestones=[{"title_en": "All", "amount": "600000"}])
    tokens = [create_api_token(user=user, name="race")[1] for user in (scene.operator, UserFactory(operator_for=[scene.wuxi]))]
    server = concurrent_server
    server.open()
    barrier = threading.Barrier(2)
    url = f"{server.url}/api/v1/funds/{application.fund_id}/applications/{application.pk}/milestones/{milestone.pk}/release"
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda i: _post(url, tokens[i], {}, barrier), range(2)))
    assert Counter(status for status, _body in results) == {200: 1, 409: 1}, results
    assert server.run(lambda: FundApplication.objects.get(pk=application.pk).released_total) == Decimal("600000.00")
