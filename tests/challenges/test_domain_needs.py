"""Needs: posting, answering, deciding, renewing and expiring, each with its rule, audit entry and messages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from innobelt.audit.models import AuditEntry
from innobelt.challenges import domain
from innobelt.challenges.models import Need, NeedInterest
from innobelt.notifications.models import Notification
from innobelt.permissions import can
from tests.challenges.factories import NeedFactory, NeedInterestFactory


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


def post(scene, **fields):
    values = {
        "title_zh": "耐盐雾涂层",
        "problem": "机身紧固件需要耐盐雾1000小时的涂层。",
        "deadline": days(30),
        "budget_min": Decimal("200000.00"),
        "budget_max": Decimal("500000.00"),
    }
    values.update(fields)
    return domain.post_need(actor=scene.owner_member, owner=scene.owner_org, industries=[scene.industry], **values)


def test_a_member_of_a_verified_organisation_posts_a_need(scene):
    need = post(scene, title_en="Salt-spray resistant coating")
    assert (need.status, need.owner, need.posted_by, need.budget_max) == ("open", scene.owner_org, scene.owner_member, Decimal("500000.00"))
    assert list(need.industries.all()) == [scene.industry]
    assert "耐盐雾涂层" in need.search_document and " coat" in need.search_document
    assert AuditEntry.objects.filter(action="need.posted", target_id=str(need.pk)).count() == 1


@pytest.mark.parametrize("who", ["unverified_member", "solver"])
def test_posting_for_an_unverified_or_foreign_organisation_is_refused(scene, who):
    owner = scene.unverified_org if who == "unverified_member" else scene.owner_org
    with pytest.raises(PermissionDenied):
        domain.post_need(actor=getattr(scene, who), owner=owner, title_en="x", problem="y", deadline=days(3))
    assert Need.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"deadline": days(-1)}, "deadline"),
        ({"deadline": days(400)}, "deadline"),
        ({"budget_min": Decimal("10"), "budget_max": Decimal("5")}, "budget_max"),
        ({"budget_min": Decimal("-1")}, "budget_min"),
        ({"title_zh": "", "title_en": ""}, "__all__"),
        ({"problem": "   "}, "problem"),
        ({"confidentiality": "secret"}, "confidentiality"),
    ],
)
def test_bad_input_is_refused_with_nothing_stored(scene, fields, field):
    with pytest.raises(ValidationError) as caught:
        post(scene, **fields)
    assert field in caught.value.message_dict
    assert Need.objects.count() == 0
    assert not AuditEntry.objects.filter(action="need.posted").exists()


def test_unknown_fields_cannot_be_set(scene):
    with pytest.raises(ValidationError):
        post(scene, status="closed")


def test_an_answer_reaches_the_owners_admins(scene):
    need = post(scene)
    interest = domain.express_interest(actor=scene.solver, need=need, organisation=scene.solver_org, message="  We coat fasteners for rail.  ")
    assert (interest.status, interest.message, interest.submitted_by) == ("pending", "We coat fasteners for rail.", scene.solver)
    told = Notification.objects.get(kind="challenges.interest_received")
    assert told.recipient == scene.owner_admin
    assert scene.solver_org.name_en in told.subject or scene.solver_org.name_zh in told.subject
    assert AuditEntry.objects.filter(action="need.interest_expressed").count() == 1


@pytest.mark.parametrize("case", ["own", "twice", "closed", "past_deadline", "empty", "unverified"])
def test_answers_that_are_refused_store_nothing(scene, case):
    need = post(scene)
    actor, organisation, message = scene.solver, scene.solver_org, "We can help."
    if case == "own":
        actor, organisation = scene.owner_member, scene.owner_org
    elif case == "twice":
        NeedInterestFactory(need=need, organisation=scene.solver_org)
    elif case == "closed":
        domain.close_need(actor=scene.owner_admin, need=need)
    elif case == "past_deadline":
        Need.objects.filter(pk=need.pk).update(deadline=days(-1))
    elif case == "empty":
        message = "  "
    elif case == "unverified":
        actor, organisation = scene.unverified_member, scene.unverified_org
    before = NeedInterest.objects.count()
    with pytest.raises((ValidationError, PermissionDenied)):
        domain.express_interest(actor=actor, need=need, organisation=organisation, message=message)
    assert NeedInterest.objects.count() == before
    assert not Notification.objects.filter(kind="challenges.interest_received").exists()


def test_a_need_for_verified_members_cannot_be_answered_by_someone_who_cannot_see_it(scene):
    need = NeedFactory(owner=scene.owner_org, confidentiality=Need.Confidentiality.VERIFIED)
    assert not can(scene.unverified_member, "challenges.view_need", need)
    assert can(scene.solver, "challenges.view_need", need)


def test_accepting_opens_the_details_after_an_nda(scene):
    need = post(scene, confidentiality=Need.Confidentiality.NDA, details="Drawing 7731-B and the test rig.")
    assert can(scene.solver, "challenges.view_need", need)
    assert not can(scene.solver, "challenges.read_need_details", need)
    interest = domain.express_interest(actor=scene.solver, need=need, organisation=scene.solver_org, message="Hello")
    assert not can(scene.solver, "challenges.read_need_details", need)
    with pytest.raises(PermissionDenied):
        domain.accept_interest(actor=scene.owner_member, interest=interest)  # a member, not an admin
    domain.accept_interest(actor=scene.owner_admin, interest=interest)
    interest.refresh_from_db()
    assert (interest.status, interest.decided_by) == ("accepted", scene.owner_admin)
    assert can(scene.solver, "challenges.read_need_details", need)
    assert can(scene.owner_member, "challenges.read_need_details", need)
    told = {n.recipient for n in Notification.objects.filter(kind="challenges.interest_accepted")}
    assert told == {scene.solver, scene.solver_admin}
    with pytest.raises(ValidationError):
        domain.decline_interest(actor=scene.owner_admin, interest=interest, reason="Changed our mind")


def test_declining_needs_a_reason_the_solver_reads(scene):
    need = post(scene)
    interest = domain.express_interest(actor=scene.solver, need=need, organisation=scene.solver_org, message="Hello")
    with pytest.raises(ValidationError):
        domain.decline_interest(actor=scene.owner_admin, interest=interest, reason=" ")
    assert NeedInterest.objects.get(pk=interest.pk).status == "pending"
    domain.decline_interest(actor=scene.owner_admin, interest=interest, reason="We chose an in-house solution.")
    interest.refresh_from_db()
    assert (interest.status, interest.decline_reason) == ("declined", "We chose an in-house solution.")
    told = Notification.objects.filter(kind="challenges.interest_declined", recipient=scene.solver).get()
    assert told.body == "We chose an in-house solution."
    assert AuditEntry.objects.filter(action="need.interest_declined").count() == 1


def test_withdrawing_an_answer(scene):
    need = post(scene)
    interest = domain.express_interest(actor=scene.solver, need=need, organisation=scene.solver_org, message="Hello")
    with pytest.raises(PermissionDenied):
        domain.withdraw_interest(actor=scene.owner_admin, interest=interest)
    domain.withdraw_interest(actor=scene.solver, interest=interest)
    assert NeedInterest.objects.get(pk=interest.pk).status == "withdrawn"
    assert Notification.objects.filter(kind="challenges.interest_withdrawn", recipient=scene.owner_admin).exists()
    with pytest.raises(ValidationError):
        domain.accept_interest(actor=scene.owner_admin, interest=interest)


def test_needs_expire_after_their_deadline_and_renew(scene):
    need = post(scene)
    still_open = post(scene, title_zh="明天截止", deadline=days(1))
    Need.objects.filter(pk=need.pk).update(deadline=days(-1))
    interest = NeedInterestFactory(need=need, organisation=scene.solver_org)
    assert domain.expire_needs() == 1
    need.refresh_from_db()
    assert need.status == "expired" and Need.objects.get(pk=still_open.pk).status == "open"
    assert Notification.objects.filter(kind="challenges.need_expired", recipient=scene.owner_admin).count() == 1
    assert domain.expire_needs() == 0  # once
    with pytest.raises(ValidationError):
        domain.express_interest(actor=scene.solver_admin, need=need, organisation=scene.solver_org, message="Late")
    with pytest.raises(PermissionDenied):
        domain.renew_need(actor=scene.solver, need=need, deadline=days(20))
    with pytest.raises(ValidationError):
        domain.renew_need(actor=scene.owner_admin, need=need, deadline=days(-2))
    domain.renew_need(actor=scene.owner_admin, need=need, deadline=days(20))
    need.refresh_from_db()
    assert (need.status, need.deadline) == ("open", days(20))
    assert Notification.objects.filter(kind="challenges.need_renewed").count() == 2  # the waiting startup's people
    assert interest.organisation == scene.solver_org
    assert AuditEntry.objects.filter(action__in=["need.expired", "need.renewed"]).count() == 2


def test_the_expiry_task_runs_the_domain(scene):
    from innobelt.challenges.tasks import task_expire_needs

    need = post(scene)
    Need.objects.filter(pk=need.pk).update(deadline=days(-3))
    assert task_expire_needs() == 1


def test_editing_a_need(scene):
    need = post(scene)
    with pytest.raises(PermissionDenied):
        domain.update_need(actor=scene.solver, need=need, changes={"title_en": "Mine now"})
    domain.update_need(actor=scene.owner_member, need=need, changes={"title_en": "Salt spray"}, industries=[])
    need.refresh_from_db()
    assert need.title_en == "Salt spray" and " salt" in need.search_document and not need.industries.exists()
    with pytest.raises(ValidationError):
        domain.update_need(actor=scene.owner_admin, need=need, changes={"budget_max": Decimal("1")})
    assert Need.objects.get(pk=need.pk).budget_max == Decimal("500000.00")


@pytest.mark.parametrize(("language", "expected"), [("en", "took answers until the end of"), ("zh-hans", "响应截止于")])
def test_an_answer_after_the_deadline_names_the_day_in_the_persons_language_and_nothing_is_stored(scene, language, expected):
    """The need is still `open` (the nightly expiry has not run yet) but its deadline day (China time) is over."""
    from django.test import Client
    from django.utils.translation import override

    need = NeedFactory(owner=scene.owner_org)
    past = timezone.localdate() - timedelta(days=1)
    Need.objects.filter(pk=need.pk).update(deadline=past)
    with override(language), pytest.raises(ValidationError) as caught:
        domain.express_interest(actor=scene.solver, need=need, organisation=scene.solver_org, message="We can help.")
    assert expected in caught.value.messages[0] and past.isoformat() in caught.value.messages[0]
    client = Client()
    client.force_login(scene.solver)
    response = client.post(
        f"/api/v1/needs/{need.pk}/interests",
        {"organisation": scene.solver_org.slug, "message": "We can help."},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400 and expected in response.json()["error"]["message"]
    assert not NeedInterest.objects.exists()
    assert not Notification.objects.filter(kind="challenges.interest_received").exists()
