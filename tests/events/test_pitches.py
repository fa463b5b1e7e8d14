"""Roadshows: apply with a deck, select, rate, and a rating that leads to a meeting request."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from innobelt.events import domain
from innobelt.events.models import EventMeetingRequest, Pitch, PitchRating
from innobelt.files.models import StoredFile
from innobelt.notifications.models import Notification
from innobelt.organisations.models import Membership, Organisation
from tests.events.conftest import at, person
from tests.factories import EventFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def deck(name="deck.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def roadshow(scene):
    return EventFactory(organiser=scene.organiser, city=scene.city, kind="roadshow", starts_at=at(12, 14), ends_at=at(12, 18))


@pytest.fixture
def startup():
    org = OrganisationFactory(kind=Organisation.Kind.STARTUP)
    return org, MembershipFactory(organisation=org, role=Membership.Role.ADMIN).user


def apply(roadshow, startup, **overrides):
    org, founder = startup
    fields = {"title": "Wafer-level test in a box", "funding_need_cny": 8_000_000, "stage": "angel", "deck": deck(), "summary": "A tester."}
    return domain.apply_to_pitch(actor=founder, event=roadshow, organisation=org, **{**fields, **overrides})


def test_the_whole_flow_from_application_to_meeting_request(scene, roadshow, startup):
    org, founder = startup
    pitch = apply(roadshow, startup)
    assert (pitch.status, pitch.deck.kind, pitch.deck.content_type, pitch.deck.organisation) == ("submitted", "document", "application/pdf", org)
    assert Notification.objects.filter(recipient=scene.admin, kind="events.pitch_submitted").count() == 1

    investor_person = person(Organisation.Kind.INVESTOR)
    with pytest.raises(PermissionDenied):  # not selected yet: raters do not see it
        domain.rate_pitch(actor=investor_person, pitch=pitch, score=5)
    domain.select_pitch(actor=scene.admin, pitch=pitch)
    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.SELECTED
    assert Notification.objects.filter(recipient=founder, kind="events.pitch_selected").count() == 1

    rating = domain.rate_pitch(actor=investor_person, pitch=pitch, score=4, comment="Strong team")
    again = domain.rate_pitch(actor=investor_person, pitch=pitch, score=5, comment="Even better after Q&A")
    assert again.pk == rating.pk
    assert list(PitchRating.objects.values_list("score", "comment", "organisation")) == [
        (5, "Even better after Q&A", investor_person.memberships.get().organisation_id)]

    meeting = domain.request_meeting_from_rating(actor=investor_person, rating=again, note="Coffee after the roadshow?")
    assert (meeting.event, meeting.from_organisation, meeting.to_organisation, meeting.status, meeting.note) == (
        roadshow, investor_person.memberships.get().organisation, org, EventMeetingRequest.Status.REQUESTED, "Coffee after the roadshow?")
    assert Notification.objects.filter(recipient=founder, kind="events.meeting_requested").count() == 1
    with pytest.raises(ValidationError):  # the same request is still open
        domain.request_meeting_from_rating(actor=investor_person, rating=again)
    assert EventMeetingRequest.objects.count() == 1


def test_only_investors_and_large_firms_rate_and_not_their_own_pitch(scene, roadshow, startup):
    pitch = apply(roadshow, startup)
    domain.select_pitch(actor=scene.admin, pitch=pitch)
    assert domain.rate_pitch(actor=person(Organisation.Kind.LARGE_FIRM), pitch=pitch, score=3).score == 3
    for outsider in (person(Organisation.Kind.SME), startup[1], scene.admin):
        with pytest.raises(PermissionDenied):
            domain.rate_pitch(actor=outsider, pitch=pitch, score=3)
    with pytest.raises(ValidationError):
        domain.rate_pitch(actor=person(Organisation.Kind.INVESTOR), pitch=pitch, score=6)
    assert PitchRating.objects.count() == 1


def test_only_startups_apply_once_to_published_roadshows_before_they_start(scene, roadshow, startup):
    sme_person = person(Organisation.Kind.SME)
    with pytest.raises(PermissionDenied):
        domain.apply_to_pitch(actor=sme_person, event=roadshow, organisation=sme_person.memberships.get().organisation, title="x",
                              funding_need_cny=1, stage="seed", deck=deck())
    forum = EventFactory(organiser=scene.organiser)
    with pytest.raises(ValidationError):
        apply(forum, startup)
    apply(roadshow, startup)
    with pytest.raises(ValidationError) as exc:
        apply(roadshow, startup)
    assert exc.value.messages == [f"{startup[0].name} has already applied to pitch at this roadshow."]
    with pytest.raises(ValidationError):
        apply(roadshow, _other_startup(), now=roadshow.starts_at)
    assert Pitch.objects.count() == 1


def _other_startup():
    org = OrganisationFactory(kind=Organisation.Kind.STARTUP)
    return org, MembershipFactory(organisation=org).user


def test_a_deck_that_is_not_a_pdf_is_refused_and_nothing_is_stored(roadshow, startup):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        apply(roadshow, startup, deck=deck("deck.pdf", b"MZ\x90\x00 not a pdf"))
    assert "content was checked" in exc.value.messages[0]
    assert (Pitch.objects.count(), StoredFile.objects.count()) == (0, 0)


def test_the_deck_is_served_to_selected_pitch_raters_but_not_to_others(scene, roadshow, startup):
    pitch = apply(roadshow, startup)
    investor_person = person(Organisation.Kind.INVESTOR)
    client = Client()
    client.force_login(investor_person)
    assert client.get(f"/events/pitches/{pitch.pk}/deck/").status_code == 404
    domain.select_pitch(actor=scene.admin, pitch=pitch)
    response = client.get(f"/events/pitches/{pitch.pk}/deck/")
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)
    client.force_login(person(Organisation.Kind.SME))
    assert client.get(f"/events/pitches/{pitch.pk}/deck/").status_code == 404


def test_startups_see_no_ratings_of_their_pitch_and_raters_only_their_own(scene, roadshow, startup):
    from innobelt.events.queries import ratings_for

    pitch = apply(roadshow, startup)
    domain.select_pitch(actor=scene.admin, pitch=pitch)
    first, second = person(Organisation.Kind.INVESTOR), person(Organisation.Kind.LARGE_FIRM)
    domain.rate_pitch(actor=first, pitch=pitch, score=2)
    domain.rate_pitch(actor=second, pitch=pitch, score=5)
    assert [r.score for r in ratings_for(scene.admin, pitch)] == [5, 2]
    assert [r.score for r in ratings_for(first, pitch)] == [2]
    assert list(ratings_for(startup[1], pitch)) == []
