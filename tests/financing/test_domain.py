"""Funding needs, theses, meeting requests and awards within the fund's budget."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innobelt.audit.models import AuditEntry
from innobelt.conversations.models import Thread
from innobelt.financing import domain, queries
from innobelt.financing.models import Fund, FundApplication, FundingNeed
from innobelt.notifications.models import Notification
from tests.financing.factories import make_application, make_fund, make_need, make_thesis

pytestmark = pytest.mark.django_db


def test_a_startup_posts_a_need_seen_by_verified_investors_and_its_team_only(scene):
    need = domain.post_funding_need(
        actor=scene.founder,
        organisation=scene.startup,
        industries=[scene.ic],
        title_en="Series A for a RISC-V AI chip",
        stage="a",
        amount="8000000.005",
        use_of_funds="Tape-out at 28 nm.",
    )
    assert need.amount == Decimal("8000000.01")  # half-up to the fen
    assert need.city == scene.wuxi
    assert AuditEntry.objects.filter(action="financing.need_posted").count() == 1
    readers = {"founder": scene.founder, "partner": scene.partner, "operator": scene.operator}
    for name, user in readers.items():
        assert queries.visible_needs(user).filter(pk=need.pk).exists(), name
    for user in (None, scene.unverified_partner, scene.bystander, scene.reviewers[0]):
        assert not queries.visible_needs(user).filter(pk=need.pk).exists()


def test_a_hidden_need_stays_with_the_team(scene):
    need = make_need(scene.startup, visibility=FundingNeed.Visibility.HIDDEN)
    assert not queries.visible_needs(scene.partner).filter(pk=need.pk).exists()
    assert queries.visible_needs(scene.founder).filter(pk=need.pk).exists()


def test_only_startups_and_smes_post_and_amounts_are_checked(scene):
    with pytest.raises(PermissionDenied):
        domain.post_funding_need(actor=scene.partner, organisation=scene.investor, stage="a", amount="1", title_en="x", use_of_funds="y")
    with pytest.raises(ValidationError) as exc:
        domain.post_funding_need(actor=scene.founder, organisation=scene.startup, stage="a", amount="-5", title_en="x", use_of_funds="y")
    assert "amount" in exc.value.message_dict


def test_the_fitting_investor_sees_the_need_first_with_reasons(scene):
    fitting = make_need(scene.startup, industries=[scene.ic], title_en="IC design Series A")
    other_startup = make_need(
        scene.startup.__class__.objects.create(kind="startup", slug="bio-s", name_en="Bio", city=scene.shanghai),
        industries=[scene.bio],
        title_en="Biotech seed",
        stage="seed",
        amount=Decimal("500000"),
    )
    make_thesis(scene.investor, sectors=[scene.ic], cities=[scene.wuxi])
    ranked = queries.needs_for_investor(scene.partner, scene.investor)
    assert [r.obj for r in ranked] == [fitting, other_startup]
    assert len(ranked[0].reasons) >= 4
    assert any("无锡" in reason or "Wuxi" in reason for reason in ranked[0].reasons)


def test_the_startup_sees_fitting_investors_first(scene):
    need = make_need(scene.startup, industries=[scene.ic])
    make_thesis(scene.other_investor, sectors=[scene.bio], stages=["seed"])
    make_thesis(scene.investor, sectors=[scene.ic], cities=[scene.wuxi])
    ranked = queries.investors_for_need(scene.founder, need)
    assert [r.obj.organisation for r in ranked] == [scene.investor, scene.other_investor]
    assert ranked[0].reasons


def test_an_investor_requests_a_meeting_once(scene):
    need = make_need(scene.startup)
    meeting = domain.request_meeting(actor=scene.partner, need=need, investor=scene.investor, message="Could we meet next week in Wuxi?")
    thread = Thread.objects.get(pk=meeting.thread_id)
    assert (thread.starter, thread.recipient) == (scene.investor, scene.startup)
    assert Notification.objects.filter(recipient=scene.founder, kind="financing.meeting_requested").exists()
    with pytest.raises(ValidationError):
        domain.request_meeting(actor=scene.partner, need=need, investor=scene.investor, message="Again")
    with pytest.raises(PermissionDenied):
        domain.request_meeting(actor=scene.unverified_partner, need=need, investor=scene.unverified_investor, message="Hello")


def test_application_is_prefilled_scored_by_two_and_awarded_within_budget(scene):
    scene.startup.credit_code = "91320214MA1XXXXX0X"
    fund = make_fund(city=scene.wuxi, sector=scene.ic, budget=Decimal("1000000"), reviewers=scene.reviewers)
    need = make_need(scene.startup, industries=[scene.ic])
    application = domain.apply_to_fund(actor=scene.founder, fund=fund, organisation=scene.startup, amount="600000", plan="Tape-out.", need=need)
    assert application.prefilled["industries"] == ["integrated-circuits"]
    assert application.prefilled["need"]["title"] == need.title
    with pytest.raises(ValidationError):  # not scored yet
        domain.award_application(actor=scene.operator, application=application)
    with pytest.raises(ValidationError):
        domain.score_application(actor=scene.reviewers[0], application=application, score=90, no_conflict=False)
    for reviewer in scene.reviewers:
        domain.score_application(actor=reviewer, application=application, score=85, no_conflict=True)
    with pytest.raises(PermissionDenied):
        domain.award_application(actor=scene.founder, application=application)
    domain.award_application(actor=scene.operator, application=application)
    fund.refresh_from_db()
    assert (fund.awarded_total, fund.remaining) == (Decimal("600000.00"), Decimal("400000.00"))
    assert FundApplication.objects.get(pk=application.pk).status == "awarded"
    with pytest.raises(domain.AlreadyDecided):
        domain.award_application(actor=scene.operator, application=application)


def test_an_award_above_what_is_left_is_refused(scene):
    fund = make_fund(city=scene.wuxi, budget=Decimal("1000000"))
    first = make_application(fund, scene.startup, reviewers=scene.reviewers)
    second = make_application(fund, scene.other_investor, reviewers=scene.reviewers)
    domain.award_application(actor=scene.operator, application=first)
    with pytest.raises(domain.BudgetExceeded):
        domain.award_application(actor=scene.operator, application=second)
    domain.award_application(actor=scene.operator, application=second, amount="400000")
    assert Fund.objects.get(pk=fund.pk).remaining == Decimal("0.00")


def test_a_reviewer_of_the_applicant_has_a_conflict(scene):
    fund = make_fund(city=scene.wuxi, reviewers=[scene.founder])
    application = make_application(fund, scene.startup)
    with pytest.raises(PermissionDenied):
        domain.score_application(actor=scene.founder, application=application, score=100, no_conflict=True)
