from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from innobelt.audit.models import AuditEntry
from innobelt.notifications.models import Notification
from innobelt.organisations.models import Membership, Organisation
from innobelt.resources import domain
from innobelt.resources.models import AccessRequest, OutcomeReport, RequestMessage
from tests.factories import BookingFactory, MembershipFactory, OrganisationFactory, ResourceFactory, UserFactory
from tests.resources.conftest import at

pytestmark = pytest.mark.django_db

PURPOSE = "Raman maps of our coated separator films, four hours a week."


def snapshot(access_request=None):
    """Everything a failed step must leave untouched."""
    state = {"requests": AccessRequest.objects.count(), "audit": AuditEntry.objects.count(), "notes": Notification.objects.count(),
             "messages": RequestMessage.objects.count(), "outcomes": OutcomeReport.objects.count()}
    if access_request is not None:
        access_request.refresh_from_db()
        state["status"] = (access_request.status, access_request.decline_reason, access_request.decline_text, access_request.decided_at)
    return state


@pytest.fixture
def fresh(scene):
    """A published resource nobody has asked for yet, owned by the scene's laboratory."""
    return ResourceFactory(owner=scene.owner_org, only_smes_and_startups=True, only_belt_organisations=True, only_goi_members=True)


def test_every_failed_eligibility_rule_is_explained_in_the_person_s_language(scene, fresh):
    large = OrganisationFactory(kind=Organisation.Kind.LARGE_FIRM, city=None, name_zh="大公司", name_en="Big Corp")
    with translation.override("en"):
        problems = domain.eligibility_problems(fresh, large)
    assert problems == [
        "Only SMEs and startups may use this resource; Big Corp is registered as a large firm.",
        "Only organisations in the Belt may use this resource; Big Corp has no city or district of the Belt.",
        "Only firms supported by the GOI programme may use this resource; Big Corp is not a GOI member.",
    ]
    with translation.override("zh-hans"):
        assert len(domain.eligibility_problems(fresh, large)) == 3
    scene.seeker_org.is_goi_member = True
    assert domain.eligibility_problems(fresh, scene.seeker_org) == []
    with translation.override("en"):
        assert domain.eligibility_problems(fresh, scene.owner_org)[0] == f"{scene.owner_org.name} owns this resource."


def test_an_ineligible_request_is_refused_at_once_and_nothing_is_written(scene, fresh):
    large = OrganisationFactory(kind=Organisation.Kind.LARGE_FIRM, city=None)
    person = MembershipFactory(organisation=large).user
    before = snapshot()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        domain.request_access(user=person, resource=fresh, organisation=large, purpose=PURPOSE)
    assert len(exc.value.message_dict["organisation"]) == 3
    assert snapshot() == before


@pytest.mark.parametrize("purpose", ["", "   ", "short"])
def test_a_request_without_a_real_purpose_changes_nothing(scene, purpose):
    resource = ResourceFactory(owner=scene.owner_org)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        domain.request_access(user=scene.seeker, resource=resource, organisation=scene.seeker_org, purpose=purpose)
    assert list(exc.value.message_dict) == ["purpose"]
    assert snapshot() == before


def test_asking_for_an_organisation_one_does_not_belong_to_or_a_hidden_resource_is_refused(scene):
    resource = ResourceFactory(owner=scene.owner_org)
    stranger_org = OrganisationFactory()
    with pytest.raises(ValidationError):
        domain.request_access(user=scene.seeker, resource=resource, organisation=stranger_org, purpose=PURPOSE)
    draft = ResourceFactory(owner=scene.owner_org, status="draft")
    with pytest.raises(PermissionDenied):
        domain.request_access(user=scene.seeker, resource=draft, organisation=scene.seeker_org, purpose=PURPOSE)
    unconfirmed = MembershipFactory(organisation=scene.seeker_org, user=UserFactory(email_confirmed_at=None)).user
    with pytest.raises(PermissionDenied):
        domain.request_access(user=unconfirmed, resource=resource, organisation=scene.seeker_org, purpose=PURPOSE)
    assert AccessRequest.objects.filter(resource__in=[resource, draft]).count() == 0


def test_the_whole_flow_notifies_each_side_at_each_step(scene):
    resource = ResourceFactory(owner=scene.owner_org, requires_nda=True)
    request = domain.request_access(user=scene.seeker, resource=resource, organisation=scene.seeker_org, purpose=PURPOSE)
    assert (request.status, request.requested_by) == (AccessRequest.Status.PENDING, scene.seeker)
    with pytest.raises(ValidationError):
        domain.request_access(user=scene.seeker_admin, resource=resource, organisation=scene.seeker_org, purpose=PURPOSE)

    domain.ask_for_information(actor=scene.owner_admin, access_request=request, question="How thick are the films?")
    domain.answer_information_request(user=scene.seeker, access_request=request, answer="12 µm.")
    domain.approve_access_request(actor=scene.owner_admin, access_request=request)
    with pytest.raises(ValidationError) as exc:
        domain.accept_terms(user=scene.seeker, access_request=request, conditions_accepted=True)
    assert list(exc.value.message_dict) == ["nda_acknowledged"]
    domain.accept_terms(user=scene.seeker, access_request=request, conditions_accepted=True, nda_acknowledged=True)
    request.refresh_from_db()
    assert (request.status, request.nda_acknowledged, request.terms_accepted_by) == (AccessRequest.Status.ACTIVE, True, scene.seeker)
    assert [(m.kind, m.text) for m in request.messages.all()] == [("question", "How thick are the films?"), ("answer", "12 µm.")]

    kinds = {(n.recipient.pk, n.kind) for n in Notification.objects.all()}
    assert kinds == {
        (scene.owner_admin.pk, "resources.request_received"), (scene.seeker.pk, "resources.more_info_asked"),
        (scene.seeker_admin.pk, "resources.more_info_asked"), (scene.owner_admin.pk, "resources.request_answered"),
        (scene.seeker.pk, "resources.request_approved"), (scene.seeker_admin.pk, "resources.request_approved"),
        (scene.owner_admin.pk, "resources.terms_accepted"),
    }
    actions = list(AuditEntry.objects.filter(target_id=str(request.pk)).order_by("pk").values_list("action", flat=True))
    assert actions == ["resource.access_requested", "resource.access_information_asked", "resource.access_information_given",
                       "resource.access_approved", "resource.terms_accepted"]


def test_decline_needs_a_reason_from_the_list_and_a_bad_one_leaves_no_partial_state(scene):
    request = domain.request_access(user=scene.seeker, resource=ResourceFactory(owner=scene.owner_org), organisation=scene.seeker_org,
                                    purpose=PURPOSE)
    before = snapshot(request)
    for reason, text in [("bored", "x"), ("", ""), ("other", "   ")]:
        with pytest.raises(ValidationError):
            domain.decline_access_request(actor=scene.owner_admin, access_request=request, reason=reason, text=text)
        assert snapshot(request) == before
    with pytest.raises(PermissionDenied):  # a plain member of the owner may see but not decide
        domain.decline_access_request(actor=scene.owner_member, access_request=request, reason="out_of_scope")
    assert snapshot(request) == before

    domain.decline_access_request(actor=scene.owner_admin, access_request=request, reason="fully_booked", text="Booked until March.")
    request.refresh_from_db()
    assert (request.status, request.decline_reason, request.decline_text) == ("declined", "fully_booked", "Booked until March.")
    assert not request.bookings.exists() and request.terms_accepted_at is None
    declined = Notification.objects.get(kind="resources.request_declined", recipient=scene.seeker)
    assert "Booked until March." in declined.body
    with pytest.raises(ValidationError):  # answered already: no second decision
        domain.approve_access_request(actor=scene.owner_admin, access_request=request)
    with pytest.raises(ValidationError):
        domain.book_equipment(actor=scene.seeker, access_request=request, start=at(2, 10), end=at(2, 11))


def test_only_the_seeker_s_own_people_accept_the_terms_or_report_even_a_platform_operator_cannot(scene):
    platform = UserFactory(is_platform_operator=True, is_superuser=True, is_staff=True)
    for actor in (platform, scene.owner_admin):
        with pytest.raises(PermissionDenied):
            domain.report_outcome(user=actor, access_request=scene.access, summary="x", prototype=True)
    assert not OutcomeReport.objects.exists()


def test_outcome_report_feeds_the_owner_s_figures(scene):
    from innobelt.resources import queries

    report = domain.report_outcome(user=scene.seeker, access_request=scene.access, summary="A coated film passed 130 °C.",
                                   prototype=True, test_result=True, financing_raised=True, financing_amount=120)
    with translation.override("en"):
        assert report.outcomes() == ["a prototype", "a test result", "financing raised"]
    domain.report_outcome(user=scene.seeker, access_request=scene.access, summary="Corrected.", patent_filed=True)
    assert OutcomeReport.objects.get().patent_filed and not OutcomeReport.objects.get().prototype
    figures = queries.owner_report(scene.owner_org, at(-30, 0), at(14, 0))["figures"]
    assert figures == {"reports": 1, "prototype": 0, "test_result": 0, "product": 0, "patent_filed": 1, "financing_raised": 0,
                       "breakthroughs": 1, "financing": None, "smes_supported": 1}
    with pytest.raises(ValidationError):
        domain.report_outcome(user=scene.seeker, access_request=scene.access, summary="x", financing_amount=10)


def test_outcome_reminder_comes_once_a_day_after_the_last_booking(scene):
    booking = BookingFactory(access_request=scene.access, start=at(2, 9), end=at(2, 10))
    assert domain.send_outcome_report_reminders() == 0  # a booking is still ahead
    later = booking.end + timedelta(days=1, minutes=1)
    assert domain.send_outcome_report_reminders(now=later) == 1
    assert domain.send_outcome_report_reminders(now=later) == 0
    assert Notification.objects.filter(kind="resources.outcome_due", recipient=scene.seeker).count() == 1

    patent = ResourceFactory(owner=scene.owner_org, kind="patent", patent_number="DEMO-1", licensing_modes=["royalty"])
    quiet = MembershipFactory(organisation=scene.seeker_org, role=Membership.Role.MEMBER).user
    domain.request_access(user=quiet, resource=patent, organisation=scene.seeker_org, purpose=PURPOSE)
    request = AccessRequest.objects.get(resource=patent)
    domain.approve_access_request(actor=scene.owner_admin, access_request=request)
    domain.accept_terms(user=quiet, access_request=request, conditions_accepted=True)
    assert domain.send_outcome_report_reminders(now=timezone.now() + timedelta(days=29)) == 0
    assert domain.send_outcome_report_reminders(now=timezone.now() + timedelta(days=31)) == 1


def test_withdraw_and_states_that_cannot_move(scene):
    request = domain.request_access(user=scene.seeker, resource=ResourceFactory(owner=scene.owner_org), organisation=scene.seeker_org,
                                    purpose=PURPOSE)
    with pytest.raises(ValidationError):
        domain.answer_information_request(user=scene.seeker, access_request=request, answer="Unasked.")
    with pytest.raises(ValidationError):
        domain.accept_terms(user=scene.seeker, access_request=request, conditions_accepted=True)
    domain.withdraw_access_request(user=scene.seeker_admin, access_request=request)
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        domain.withdraw_access_request(user=scene.seeker, access_request=request)
    again = domain.request_access(user=scene.seeker, resource=request.resource, organisation=scene.seeker_org, purpose=PURPOSE)
    assert again.pk != request.pk  # a withdrawn request is not open: asking again works
