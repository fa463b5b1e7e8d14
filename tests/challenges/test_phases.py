"""The phases of a challenge are enforced at their end (domain/phases.py): the proposals phase ends at the proposal
deadline; after the review phase no reviewer is assigned and no score taken; after the shortlisting phase no
proposal is shortlisted (declining stays open); after the pilot phase no pilot starts and no booking is linked, and
a linked booking ends by the pilot's end. Refusals are in the person's language, on pages and in the API (400
`rejected`), and nothing changes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from innobelt.challenges import domain
from innobelt.challenges.models import Phase, PilotBooking, Pipeline, ReviewAssignment, Score
from innobelt.kit.local_time import local
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.factories import AccessRequestFactory, BookingFactory, ResourceFactory, UserFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ended(challenge, kind, *, ago=timedelta(hours=1)) -> Phase:
    return Phase.objects.create(challenge=challenge, name_en=f"{kind} phase", kind=kind, ends_at=timezone.now() - ago)


@pytest.fixture
def proposal(scene):
    challenge = ChallengeFactory(owner=scene.owner_org, proposal_deadline=timezone.now() - timedelta(days=2))
    return ProposalFactory(challenge=challenge, organisation=scene.solver_org)


def _scores(review):
    return [{"criterion": c.pk, "value": 6} for c in review.proposal.challenge.criteria.all()]


def test_after_the_review_phase_no_score_is_taken_on_the_page_or_in_the_api(scene, proposal):
    reviewer = UserFactory(preferred_language="en")
    review = domain.assign_reviewer(actor=scene.owner_admin, proposal=proposal, reviewer=reviewer)
    phase = _ended(proposal.challenge, "review")
    with translation.override("en"), pytest.raises(ValidationError, match="review phase ended on .* scores are no longer taken"):
        domain.score_proposal(actor=reviewer, assignment=review, scores=_scores(review))
    api = signed_in(reviewer).put(
        f"/api/v1/reviews/{review.pk}/scores", {"scores": _scores(review)}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert api.status_code == 400 and api.json()["error"]["code"] == "rejected"
    assert "评审阶段" in api.json()["error"]["message"] and local(phase.ends_at) in api.json()["error"]["message"]
    page = signed_in(reviewer).post(f"/en/reviews/{review.pk}/scores/", {f"value_{c.pk}": 6 for c in proposal.challenge.criteria.all()}, follow=True)
    assert "The review phase ended on" in page.content.decode()
    assert not Score.objects.exists() and ReviewAssignment.objects.get().scored_at is None
    # a conflict may still be declared after the review
    domain.declare_conflict(actor=reviewer, assignment=review, note="I advised them.")


def test_after_the_review_phase_no_reviewer_is_assigned(scene, proposal):
    _ended(proposal.challenge, "review")
    owner = signed_in(scene.owner_admin)
    api = owner.post(
        f"/api/v1/proposals/{proposal.pk}/reviewers", {"email": UserFactory().email}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert api.status_code == 400 and "no reviewer is assigned any more" in api.json()["error"]["message"]
    assert not ReviewAssignment.objects.exists()


def test_an_open_review_phase_takes_scores(scene, proposal):
    Phase.objects.create(challenge=proposal.challenge, name_en="Review", kind="review", ends_at=timezone.now() + timedelta(days=3))
    _ended(proposal.challenge, "other")  # an "other" phase that ended enforces nothing
    reviewer = UserFactory()
    review = domain.assign_reviewer(actor=scene.owner_admin, proposal=proposal, reviewer=reviewer)
    domain.score_proposal(actor=reviewer, assignment=review, scores=_scores(review))
    assert Score.objects.count() == 2


def test_after_the_shortlisting_phase_a_proposal_is_declined_but_not_shortlisted(scene, proposal):
    _ended(proposal.challenge, "shortlist")
    owner = signed_in(scene.owner_admin)
    api = owner.post(f"/api/v1/proposals/{proposal.pk}/shortlist", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400 and "shortlisting phase ended on" in api.json()["error"]["message"]
    page = owner.post(f"/proposals/{proposal.pk}/shortlist/", follow=True).content.decode()
    assert "入围遴选阶段" in page
    assert not Pipeline.objects.exists()
    declined = owner.post(f"/api/v1/proposals/{proposal.pk}/decline", {"reason": "timing"}, content_type="application/json")
    assert declined.status_code == 200 and declined.json()["stage"] == "declined"


@pytest.fixture
def pilot_pair(scene, proposal):
    """The pair at the NDA (accepted) and a booking of the offered instrument the solver made."""
    lab = ResourceFactory(owner=scene.owner_org, title_en="Ultrasound scanner")
    proposal.challenge.offered_resources.add(lab)
    pipeline = Pipeline.objects.create(proposal=proposal, stage=Pipeline.Stage.NDA, nda_accepted_at=timezone.now())
    access = AccessRequestFactory(resource=lab, organisation=scene.solver_org, requested_by=scene.solver)
    return pipeline, BookingFactory(access_request=access)


def test_after_the_pilot_phase_no_pilot_starts(scene, pilot_pair):
    pipeline, _booking = pilot_pair
    _ended(pipeline.proposal.challenge, "pilot")
    owner = signed_in(scene.owner_admin)
    api = owner.post(f"/api/v1/pipelines/{pipeline.pk}/pilot", {"plan": "Line 3."}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400 and "the pilot can no longer start" in api.json()["error"]["message"]
    page = owner.post(f"/pipelines/{pipeline.pk}/pilot/", {"plan": "Line 3."}, follow=True).content.decode()
    assert "试点阶段已于" in page
    assert Pipeline.objects.get().stage == Pipeline.Stage.NDA


def test_after_the_pilot_phase_no_booking_is_linked(scene, pilot_pair):
    pipeline, booking = pilot_pair
    Pipeline.objects.filter(pk=pipeline.pk).update(stage=Pipeline.Stage.PILOT)
    _ended(pipeline.proposal.challenge, "pilot")
    api = signed_in(scene.solver).post(
        f"/api/v1/pipelines/{pipeline.pk}/bookings", {"booking": booking.pk}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert api.status_code == 400 and "bookings are no longer linked to the pilot" in api.json()["error"]["message"]
    assert not PilotBooking.objects.exists()


def test_a_booking_ending_after_the_pilot_phase_is_refused(scene, pilot_pair):
    pipeline, booking = pilot_pair
    Pipeline.objects.filter(pk=pipeline.pk).update(stage=Pipeline.Stage.PILOT)
    Phase.objects.create(challenge=pipeline.proposal.challenge, name_en="Pilot", kind="pilot", ends_at=booking.end - timedelta(minutes=30))
    api = signed_in(scene.solver).post(
        f"/api/v1/pipelines/{pipeline.pk}/bookings", {"booking": booking.pk}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert api.status_code == 400
    assert api.json()["error"]["fields"] == [{"field": "booking", "message": api.json()["error"]["message"]}]
    assert "link a booking that ends by then" in api.json()["error"]["message"]
    assert not PilotBooking.objects.exists()
    Phase.objects.filter(kind="pilot").update(ends_at=booking.end)
    domain.link_pilot_booking(actor=scene.solver, pipeline=Pipeline.objects.get(), booking=booking)


# writing the phases --------------------------------------------------------------------------------


def _draft(scene, phases, deadline):
    return domain.draft_challenge(
        actor=scene.owner_admin,
        owner=scene.owner_org,
        title_en="Coatings",
        text_language="en",
        statement="Find a coating.",
        proposal_deadline=deadline,
        criteria=[{"name_en": "Merit", "weight": 100}],
        phases=phases,
    )


def test_phases_are_checked_against_the_deadline_and_each_other(scene):
    deadline = timezone.now().replace(second=0, microsecond=0) + timedelta(days=30)
    day = timedelta(days=1)
    bad = {
        "proposals phase ends at the proposal deadline": [{"name_en": "Proposals", "kind": "proposals", "ends_at": deadline + day}],
        "ends after the proposal deadline": [{"name_en": "Review", "kind": "review", "ends_at": deadline - day}],
        "The phases end in this order": [
            {"name_en": "Pilot", "kind": "pilot", "ends_at": deadline + 2 * day},
            {"name_en": "Review", "kind": "review", "ends_at": deadline + 3 * day},
        ],
        "has one": [
            {"name_en": "R1", "kind": "review", "ends_at": deadline + day},
            {"name_en": "R2", "kind": "review", "ends_at": deadline + 2 * day},
        ],
        "from the list": [{"name_en": "Demo day", "kind": "party", "ends_at": deadline + day}],
    }
    for message, phases in bad.items():
        with translation.override("en"), pytest.raises(ValidationError, match=message):
            _draft(scene, phases, deadline)
    challenge = _draft(
        scene,
        [
            {"name_en": "Ideas", "ends_at": deadline - 10 * day},
            {"name_en": "Proposals", "kind": "proposals", "ends_at": deadline},
            {"name_en": "Review", "kind": "review", "ends_at": deadline + day},
            {"name_en": "Shortlist", "kind": "shortlist", "ends_at": deadline + 2 * day},
            {"name_en": "Pilot", "kind": "pilot", "ends_at": deadline + 90 * day},
        ],
        deadline,
    )
    assert [p.kind for p in challenge.phases.all()] == ["other", "proposals", "review", "shortlist", "pilot"]
    # a later deadline takes the proposals phase along (its other phases still end after it)
    domain.update_challenge(actor=scene.owner_admin, challenge=challenge, proposal_deadline=deadline + timedelta(hours=12))
    assert challenge.phases.get(kind="proposals").ends_at == deadline + timedelta(hours=12)
    with translation.override("en"), pytest.raises(ValidationError, match="ends after the proposal deadline"):
        domain.update_challenge(actor=scene.owner_admin, challenge=challenge, proposal_deadline=deadline + 5 * day)
    assert challenge.phases.get(kind="proposals").ends_at == deadline + timedelta(hours=12)


def test_the_page_takes_a_phase_kind_in_either_language_and_shows_it(scene):
    owner = signed_in(scene.owner_admin)
    deadline = (timezone.localtime() + timedelta(days=30)).replace(second=0, microsecond=0)
    review = deadline + timedelta(days=10)
    data = {
        "owner": scene.owner_org.pk,
        "title_en": "Coatings",
        "text_language": "en",
        "statement": "Find a coating.",
        "proposal_deadline": f"{deadline:%Y-%m-%dT%H:%M}",
        "criteria": "Merit | 100",
        "phases": f"Proposals | {deadline:%Y-%m-%d %H:%M} | proposals\nExpert review | {review:%Y-%m-%d %H:%M} | 评审",
    }
    response = owner.post("/en/challenges/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    challenge = scene.owner_org.challenges.get()
    assert [(p.name, p.kind) for p in challenge.phases.all()] == [("Proposals", "proposals"), ("Expert review", "review")]
    page = owner.get(f"/en/challenges/{challenge.pk}/").content.decode()
    assert "ends: review" in page
    edit = owner.get(f"/en/challenges/{challenge.pk}/edit/").content.decode()
    assert f"Expert review | {review:%Y-%m-%d %H:%M} | review" in edit
    refused = owner.post("/en/challenges/new/", {**data, "title_en": "Other", "phases": f"Demo day | {review:%Y-%m-%d %H:%M} | party"})
    assert refused.status_code == 200 and "What ends with a phase is one of" in refused.content.decode()


def test_the_api_takes_and_shows_phase_kinds(scene):
    owner = signed_in(scene.owner_admin)
    deadline = timezone.now().replace(second=0, microsecond=0) + timedelta(days=30)
    body = {
        "owner": scene.owner_org.slug,
        "title_en": "Coatings",
        "text_language": "en",
        "statement": "Find a coating.",
        "proposal_deadline": deadline.isoformat(),
        "criteria": [{"name_en": "Merit", "weight": 100}],
        "phases": [{"name_en": "Review", "kind": "review", "ends_at": (deadline - timedelta(days=1)).isoformat()}],
    }
    refused = owner.post("/api/v1/challenges", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and refused.json()["error"]["fields"][0]["field"] == "phases"
    body["phases"][0]["ends_at"] = (deadline + timedelta(days=5)).isoformat()
    created = owner.post("/api/v1/challenges", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert [(p["name"], p["kind"]) for p in created.json()["phases"]] == [("Review", "review")]
