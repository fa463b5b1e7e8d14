"""A pilot can book resources: at the pilot stage the solver's people see what the challenge offers (or the
owner's equipment) with a link into the resources register's booking flow, link their booking to the pilot,
and both sides read the linked bookings on the proposal's page and in the API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from innobelt.audit.models import AuditEntry
from innobelt.challenges import domain
from innobelt.challenges.models import PilotBooking, Pipeline
from innobelt.notifications.models import Notification
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.factories import AccessRequestFactory, BookingFactory, OrganisationFactory, ResourceFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pilot(scene):
    """A pair at the pilot stage of a challenge offering one instrument of the owner's; the solver organisation
    may book it (an active access request) and booked it once."""
    lab = ResourceFactory(owner=scene.owner_org, title_en="Ultrasound scanner", title_zh="超声扫描仪")
    other = ResourceFactory(owner=scene.owner_org, title_en="Autoclave", title_zh="热压罐")
    challenge = ChallengeFactory(owner=scene.owner_org)
    challenge.offered_resources.add(lab)
    proposal = ProposalFactory(challenge=challenge, organisation=scene.solver_org)
    pipeline = Pipeline.objects.create(proposal=proposal, stage=Pipeline.Stage.PILOT, nda_accepted_at=timezone.now())
    access = AccessRequestFactory(resource=lab, organisation=scene.solver_org, requested_by=scene.solver)
    booking = BookingFactory(access_request=access)
    return pipeline, lab, other, booking


def test_the_solver_links_a_booking_and_the_owner_is_told(scene, pilot):
    pipeline, lab, _other, booking = pilot
    link = domain.link_pilot_booking(actor=scene.solver, pipeline=pipeline, booking=booking)
    assert (link.pipeline, link.booking, link.linked_by) == (pipeline, booking, scene.solver)
    told = Notification.objects.get(recipient=scene.owner_admin, kind="challenges.pipeline_step")
    assert "Ultrasound scanner" in told.subject or "超声扫描仪" in told.subject


@pytest.mark.parametrize(
    "case",
    ["not_at_pilot", "other_organisation", "not_offered", "cancelled", "twice"],
)
def test_a_booking_that_does_not_belong_to_the_pilot_is_refused_and_nothing_is_stored(scene, pilot, case):
    pipeline, lab, other, booking = pilot
    if case == "not_at_pilot":
        Pipeline.objects.filter(pk=pipeline.pk).update(stage=Pipeline.Stage.NDA)
    elif case == "other_organisation":
        booking = BookingFactory(access_request=AccessRequestFactory(resource=lab, organisation=OrganisationFactory()))
    elif case == "not_offered":
        booking = BookingFactory(access_request=AccessRequestFactory(resource=other, organisation=scene.solver_org, requested_by=scene.solver))
    elif case == "cancelled":
        booking.status = booking.Status.CANCELLED
        booking.save()
    else:
        domain.link_pilot_booking(actor=scene.solver, pipeline=pipeline, booking=booking)
    before = PilotBooking.objects.count()
    with pytest.raises(ValidationError):
        domain.link_pilot_booking(actor=scene.solver, pipeline=pipeline, booking=booking)
    assert PilotBooking.objects.count() == before


def test_only_the_solvers_people_link_bookings(scene, pilot):
    pipeline, _lab, _other, booking = pilot
    for outsider in (scene.owner_admin, scene.owner_member, scene.unverified_member):
        with pytest.raises(PermissionDenied):
            domain.link_pilot_booking(actor=outsider, pipeline=pipeline, booking=booking)
    assert not PilotBooking.objects.exists()


def test_without_offered_resources_the_owners_equipment_is_bookable(scene):
    own = ResourceFactory(owner=scene.owner_org, title_en="Salt-spray chamber")
    elsewhere = ResourceFactory(title_en="Another lab's microscope")
    proposal = ProposalFactory(challenge=ChallengeFactory(owner=scene.owner_org), organisation=scene.solver_org)
    pipeline = Pipeline.objects.create(proposal=proposal, stage=Pipeline.Stage.PILOT, nda_accepted_at=timezone.now())
    mine = BookingFactory(access_request=AccessRequestFactory(resource=own, organisation=scene.solver_org, requested_by=scene.solver))
    theirs = BookingFactory(access_request=AccessRequestFactory(resource=elsewhere, organisation=scene.solver_org, requested_by=scene.solver))
    page = signed_in(scene.solver).get(f"/en/proposals/{proposal.pk}/").content.decode()
    assert "Salt-spray chamber" in page and "Another lab&#x27;s microscope" not in page
    domain.link_pilot_booking(actor=scene.solver, pipeline=pipeline, booking=mine)
    with pytest.raises(ValidationError):
        domain.link_pilot_booking(actor=scene.solver, pipeline=pipeline, booking=theirs)


def test_the_pipeline_page_offers_booking_and_linking_and_both_sides_see_the_booking(scene, pilot):
    pipeline, lab, other, booking = pilot
    solver = signed_in(scene.solver)
    page = solver.get(f"/en/proposals/{pipeline.proposal_id}/").content.decode()
    assert 'id="pilot-resources"' in page and "Ultrasound scanner" in page and "Autoclave" not in page
    assert f"/en/resources/{lab.pk}/book/" in page  # the resources app's own booking flow
    assert 'id="pilot-booking-form"' in page and "No booking linked yet." in page
    response = solver.post(f"/en/pipelines/{pipeline.pk}/bookings/", {"booking": booking.pk})
    assert response.status_code == 302 and PilotBooking.objects.filter(pipeline=pipeline, booking=booking).exists()
    owner_page = signed_in(scene.owner_member).get(f"/en/proposals/{pipeline.proposal_id}/").content.decode()
    assert 'id="pilot-bookings"' in owner_page and "Ultrasound scanner" in owner_page
    assert 'id="pilot-resources"' not in owner_page and 'id="pilot-booking-form"' not in owner_page
    chinese = signed_in(scene.owner_member).get(f"/proposals/{pipeline.proposal_id}/").content.decode()
    assert "试点的预订" in chinese and "超声扫描仪" in chinese


def test_a_solver_without_access_is_sent_to_ask_for_it_in_both_languages(scene, pilot):
    pipeline, lab, _other, _booking = pilot
    admin = signed_in(scene.solver_admin)  # not the requester, but of the same organisation: its request counts
    assert f"/en/resources/{lab.pk}/book/" in admin.get(f"/en/proposals/{pipeline.proposal_id}/").content.decode()
    lab.access_requests.update(status="pending")
    page = admin.get(f"/en/proposals/{pipeline.proposal_id}/").content.decode()
    assert "Ask for access first" in page and f"/en/resources/{lab.pk}/book/" not in page
    assert "请先申请使用" in admin.get(f"/proposals/{pipeline.proposal_id}/").content.decode()


def test_a_refused_link_on_the_page_tells_why_in_the_users_language(scene, pilot):
    pipeline, _lab, other, _booking = pilot
    wrong = BookingFactory(access_request=AccessRequestFactory(resource=other, organisation=scene.solver_org, requested_by=scene.solver))
    page = signed_in(scene.solver).post(f"/pipelines/{pipeline.pk}/bookings/", {"booking": wrong.pk}, follow=True).content.decode()
    assert "选择一个有效的选项" in page or "选择一个有效选项" in page
    assert not PilotBooking.objects.exists()


def test_the_api_links_a_booking_and_shows_it_on_the_pipeline(scene, pilot):
    pipeline, lab, other, booking = pilot
    solver = signed_in(scene.solver)
    created = solver.post(f"/api/v1/pipelines/{pipeline.pk}/bookings", {"booking": booking.pk}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["booking"] == booking.pk and created.json()["resource"] == lab.pk
    again = solver.post(
        f"/api/v1/pipelines/{pipeline.pk}/bookings", {"booking": booking.pk}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict" and "已关联" in again.json()["error"]["message"]
    unknown = solver.post(
        f"/api/v1/pipelines/{pipeline.pk}/bookings", {"booking": 999999}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert unknown.status_code == 400 and unknown.json()["error"]["message"] == "Link a booking of your organisation."
    owner = signed_in(scene.owner_admin)
    read = owner.get(f"/api/v1/pipelines/{pipeline.pk}").json()
    assert [(b["booking"], b["resource_title"], b["status"]) for b in read["bookings"]] == [(booking.pk, lab.title, "confirmed")]
    refused = owner.post(f"/api/v1/pipelines/{pipeline.pk}/bookings", {"booking": booking.pk}, content_type="application/json")
    assert refused.status_code == 403
    assert PilotBooking.objects.count() == 1


def test_the_api_lists_what_the_pilot_may_book_for_the_solvers_people(scene, pilot):
    pipeline, lab, _other, _booking = pilot
    url = f"/api/v1/pipelines/{pipeline.pk}/pilot-resources"
    solver = signed_in(scene.solver)
    listed = solver.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert listed.status_code == 200, listed.content
    assert listed.json() == [
        {
            "id": lab.pk,
            "title": "超声扫描仪",
            "title_zh": "超声扫描仪",
            "title_en": "Ultrasound scanner",
            "bookable": True,
            "url": f"/resources/{lab.pk}/",
        }
    ]
    lab.access_requests.update(status="pending")
    assert [r["bookable"] for r in solver.get(url).json()] == [False]
    assert signed_in(scene.owner_admin).get(url).json() == []  # the owner's people book nothing for the pilot
    assert signed_in(scene.unverified_member).get(url).status_code == 404
    Pipeline.objects.filter(pk=pipeline.pk).update(stage=Pipeline.Stage.NDA)
    assert solver.get(url).json() == []


def test_the_solvers_people_take_a_booking_off_the_pilot_and_the_booking_stays(scene, pilot):
    pipeline, lab, _other, booking = pilot
    link = domain.link_pilot_booking(actor=scene.solver, pipeline=pipeline, booking=booking)
    for outsider in (scene.owner_admin, scene.unverified_member):
        with pytest.raises(PermissionDenied):
            domain.unlink_pilot_booking(actor=outsider, link=link)
    before = Notification.objects.filter(recipient=scene.owner_admin).count()
    domain.unlink_pilot_booking(actor=scene.solver_admin, link=link)
    assert not PilotBooking.objects.exists()
    booking.refresh_from_db()
    assert booking.status == "confirmed"  # the booking itself is the resources app's and stays
    assert Notification.objects.filter(recipient=scene.owner_admin).count() == before + 1
    assert AuditEntry.objects.filter(action="pipeline.pilot_booking_unlinked", actor=scene.solver_admin).exists()
    with pytest.raises(ValidationError):  # twice (a stale page): refused, nothing changes
        domain.unlink_pilot_booking(actor=scene.solver_admin, link=link)


@pytest.mark.parametrize("stage", [Pipeline.Stage.CONTRACT, Pipeline.Stage.INVESTMENT, Pipeline.Stage.DECLINED])
def test_a_booking_stays_on_the_pilot_once_the_pair_has_moved_on(scene, pilot, stage):
    """After the pilot stage the links are the record of what the pilot used (ADR 0702): removing one is refused
    explicitly, in the domain, on the page and in the API, with a message naming the stage in the user's
    language, and nothing changes (no audit entry, nobody told)."""
    pipeline, _lab, _other, booking = pilot
    link = domain.link_pilot_booking(actor=scene.solver, pipeline=pipeline, booking=booking)
    reason = Pipeline.Reason.TIMING if stage == Pipeline.Stage.DECLINED else ""
    Pipeline.objects.filter(pk=pipeline.pk).update(stage=stage, decline_reason=reason)
    told, audited = Notification.objects.count(), AuditEntry.objects.count()
    with pytest.raises(domain.PilotOver):
        domain.unlink_pilot_booking(actor=scene.solver, link=link)
    solver = signed_in(scene.solver)
    url = f"/api/v1/pipelines/{pipeline.pk}/bookings/{link.pk}"
    english = solver.delete(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400 and english.json()["error"]["code"] == "rejected"
    label = Pipeline.Stage(stage).label
    assert english.json()["error"]["message"] == (
        f"This pair is at the stage “{label}”, past the pilot: the bookings linked to its pilot stay on record and cannot be removed."
    )
    chinese = solver.delete(url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["error"]["message"]
    assert "试点已结束" in chinese and "不能移除" in chinese
    page = solver.post(f"/pipelines/{pipeline.pk}/bookings/{link.pk}/unlink/", follow=True).content.decode()
    assert "试点已结束" in page
    assert f"/pipelines/{pipeline.pk}/bookings/{link.pk}/unlink/" not in page  # no button past the pilot
    assert PilotBooking.objects.filter(pk=link.pk).exists()
    assert (Notification.objects.count(), AuditEntry.objects.count()) == (told, audited)


def test_unlinking_on_the_page_and_in_the_api(scene, pilot):
    pipeline, _lab, _other, booking = pilot
    link = domain.link_pilot_booking(actor=scene.solver, pipeline=pipeline, booking=booking)
    solver = signed_in(scene.solver)
    page = solver.get(f"/proposals/{pipeline.proposal_id}/").content.decode()
    unlink = f"/pipelines/{pipeline.pk}/bookings/{link.pk}/unlink/"
    assert unlink in page and "从试点移除" in page
    assert unlink not in signed_in(scene.owner_admin).get(f"/proposals/{pipeline.proposal_id}/").content.decode()
    done = solver.post(unlink, follow=True).content.decode()
    assert "已从试点移除" in done and not PilotBooking.objects.exists()
    again = domain.link_pilot_booking(actor=scene.solver, pipeline=pipeline, booking=booking)
    url = f"/api/v1/pipelines/{pipeline.pk}/bookings/{again.pk}"
    assert signed_in(scene.owner_admin).delete(url).status_code == 403
    assert solver.delete(f"/api/v1/pipelines/{pipeline.pk}/bookings/{again.pk + 1}").status_code == 404
    assert solver.delete(url).status_code == 204
    assert solver.delete(url).status_code == 404
    assert not PilotBooking.objects.exists() and booking.__class__.objects.filter(pk=booking.pk).exists()
