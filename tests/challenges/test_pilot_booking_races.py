"""Linking and unlinking a pilot's bookings at the same moment (ADR 0702 "Linking and unlinking at once").

Each test starts two (or more) real requests in threads, each on its own PostgreSQL connection, released
together by a barrier, and checks that whatever the order the database chose, the outcome is one of the
consistent ones: a booking is linked at most once, nothing answers 5xx, the losers get a clear 409, 404 or 400
in the caller's language, and a booking cancelled in the register is never linked after its cancellation.
"""

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from innobelt.challenges import domain
from innobelt.challenges.models import PilotBooking, Pipeline
from innobelt.resources.models import Booking
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.challenges.races import postgresql_only, race  # noqa: F401 (the fixture)
from tests.factories import AccessRequestFactory, BookingFactory, ResourceFactory

ROUNDS = 3  # each round lets the database pick an order again

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgresql_only")]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _answer(response) -> tuple[int, dict]:
    return response.status_code, (response.json() if response.content else {})


def _pilot(scene, lab=None):
    """A pair at the pilot stage of a challenge offering `lab` (an instrument of the owner's)."""
    challenge = ChallengeFactory(owner=scene.owner_org)
    challenge.offered_resources.add(lab)
    proposal = ProposalFactory(challenge=challenge, organisation=scene.solver_org)
    return Pipeline.objects.create(proposal=proposal, stage=Pipeline.Stage.PILOT, nda_accepted_at=timezone.now())


@pytest.fixture
def lab(scene):
    lab = ResourceFactory(owner=scene.owner_org, title_en="Ultrasound scanner", title_zh="超声扫描仪")
    AccessRequestFactory(resource=lab, organisation=scene.solver_org, requested_by=scene.solver)
    return lab


def _booking(scene, lab) -> Booking:
    return BookingFactory(access_request=lab.access_requests.get(organisation=scene.solver_org))


def _link(client: Client, pipeline: Pipeline, booking: Booking, language: str = "en") -> Callable[[], tuple[int, dict]]:
    return lambda: _answer(
        client.post(
            f"/api/v1/pipelines/{pipeline.pk}/bookings", {"booking": booking.pk}, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
        )
    )


def _unlink(client: Client, pipeline: Pipeline, link: PilotBooking) -> Callable[[], tuple[int, dict]]:
    return lambda: _answer(client.delete(f"/api/v1/pipelines/{pipeline.pk}/bookings/{link.pk}", HTTP_ACCEPT_LANGUAGE="en"))


def test_two_links_of_one_booking_to_one_pilot_make_one(scene, lab):
    pipeline = _pilot(scene, lab)
    solver, admin = _client(scene.solver), _client(scene.solver_admin)
    for _round in range(ROUNDS):
        booking = _booking(scene, lab)
        answers = race(_link(solver, pipeline, booking), _link(admin, pipeline, booking, language="zh-hans"))
        assert sorted(status for status, _body in answers) == [201, 409], answers
        loser = next(body for status, body in answers if status == 409)
        assert loser["error"]["code"] == "conflict"
        assert loser["error"]["message"] in ("This booking is already linked to a pilot.", "该预订已关联到一个试点。")
        assert PilotBooking.objects.filter(booking=booking).count() == 1


def test_one_booking_linked_to_two_pilots_at_once_serves_one(scene, lab):
    """The solver is at the pilot stage of two challenges of the same owner that both offer the instrument: the
    booking's row lock (not only the pipeline's) makes the second link wait and find the first."""
    first, second = _pilot(scene, lab), _pilot(scene, lab)
    solver, admin = _client(scene.solver), _client(scene.solver_admin)
    for _round in range(ROUNDS):
        booking = _booking(scene, lab)
        answers = race(_link(solver, first, booking), _link(admin, second, booking))
        assert sorted(status for status, _body in answers) == [201, 409], answers
        assert PilotBooking.objects.filter(booking=booking).count() == 1


def test_two_unlinks_of_one_link_remove_it_once(scene, lab):
    pipeline = _pilot(scene, lab)
    solver, admin = _client(scene.solver), _client(scene.solver_admin)
    for _round in range(ROUNDS):
        booking = _booking(scene, lab)
        link = domain.link_pilot_booking(actor=scene.solver, pipeline=pipeline, booking=booking)
        answers = race(_unlink(solver, pipeline, link), _unlink(admin, pipeline, link))
        assert sorted(status for status, _body in answers) == [204, 404], answers
        assert not PilotBooking.objects.filter(booking=booking).exists()
        assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED  # the booking itself stays


def test_linking_a_booking_while_its_link_is_removed_ends_consistent(scene, lab):
    """One request takes the booking off the pilot while another links it again: either the unlink goes first
    and the link makes a new one (204, 201: one link), or the link finds the old one and is refused, then the
    unlink removes it (409, 204: no link). Never two links, never a 5xx."""
    pipeline = _pilot(scene, lab)
    solver, admin = _client(scene.solver), _client(scene.solver_admin)
    seen = set()
    for _round in range(ROUNDS * 2):
        booking = _booking(scene, lab)
        link = domain.link_pilot_booking(actor=scene.solver, pipeline=pipeline, booking=booking)
        (unlinked, _), (linked, _body) = race(_unlink(solver, pipeline, link), _link(admin, pipeline, booking))
        links = list(PilotBooking.objects.filter(booking=booking))
        assert (unlinked, linked) in {(204, 201), (204, 409)}, (unlinked, linked)
        assert len(links) == (1 if linked == 201 else 0)
        assert all(kept.pk != link.pk for kept in links)  # the old link is gone in both orders
        seen.add(linked)
    assert seen <= {201, 409}


def test_unlinking_while_the_owner_concludes_the_pilot(scene, lab):
    """The solver takes a booking off while the owner records the contract: either the unlink wins (204, the
    booking off the record) or the contract does, and the unlink is refused with the explicit message (400),
    the link staying as the pilot's record."""
    owner = _client(scene.owner_admin)
    solver = _client(scene.solver)
    for _round in range(ROUNDS):
        pipeline = _pilot(scene, lab)
        booking = _booking(scene, lab)
        link = domain.link_pilot_booking(actor=scene.solver, pipeline=pipeline, booking=booking)
        conclude = lambda p=pipeline: _answer(  # noqa: E731
            owner.post(f"/api/v1/pipelines/{p.pk}/conclude", {"outcome": "contract"}, content_type="application/json")
        )
        (unlinked, body), (concluded, _c) = race(_unlink(solver, pipeline, link), conclude)
        assert concluded == 200
        assert Pipeline.objects.get(pk=pipeline.pk).stage == Pipeline.Stage.CONTRACT
        if unlinked == 204:
            assert not PilotBooking.objects.filter(pk=link.pk).exists()
        else:
            assert unlinked == 400, body
            assert "past the pilot" in body["error"]["message"]
            assert PilotBooking.objects.filter(pk=link.pk).exists()


def test_a_booking_cancelled_while_it_is_linked_is_never_linked_after(scene, lab):
    """The booking's own people cancel it in the register while another links it: either the link goes first
    (201; the pilot then shows the booking cancelled) or the cancellation does and the link is refused (400),
    the link reading the booking under its lock, not as the request first found it."""
    pipeline = _pilot(scene, lab)
    canceller, linker = _client(scene.solver), _client(scene.solver_admin)
    for _round in range(ROUNDS):
        booking = _booking(scene, lab)
        cancel = lambda b=booking: _answer(  # noqa: E731
            canceller.post(f"/api/v1/bookings/{b.pk}/cancel", {"reason": "plans changed"}, content_type="application/json")
        )
        (cancelled, _body), (linked, link_body) = race(cancel, _link(linker, pipeline, booking))
        assert cancelled == 200
        link = PilotBooking.objects.filter(booking=booking).first()
        if linked == 201:
            assert link is not None and link.linked_at <= Booking.objects.get(pk=booking.pk).cancelled_at
        else:
            assert linked == 400, link_body
            assert link is None
            assert link_body["error"]["message"] == "Link a booking that is confirmed or awaits the owner's approval."
