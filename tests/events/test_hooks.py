"""events/hooks.py: the events domain tells other apps (meetings) about a registration that is no
longer active, inside the transaction that changes it, without importing them (ADR 0001)."""

import pytest

from innobelt.events import domain, hooks
from innobelt.events.models import Registration
from tests.factories import EventFactory, MembershipFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch):
    seen: list[hooks.RegistrationLeft] = []
    monkeypatch.setattr(hooks, "RECEIVERS", {})
    hooks.on_registration_left("test", seen.append)
    return seen


def _organiser(event):
    return MembershipFactory(organisation=event.organiser, role="admin").user


def test_cancelling_by_the_person_or_the_organiser_tells_every_receiver(heard):
    mine, theirs = RegistrationFactory(), RegistrationFactory()
    domain.cancel_registration(actor=mine.user, registration=mine)
    organiser = _organiser(theirs.event)
    domain.cancel_registration(actor=organiser, registration=theirs)
    assert [(c.registration.pk, c.registration.status, c.actor, c.by_organiser) for c in heard] == [
        (mine.pk, "cancelled", mine.user, False), (theirs.pk, "cancelled", organiser, True)]


def test_declining_tells_the_receivers_too(heard):
    event = EventFactory(requires_approval=True)
    pending = RegistrationFactory(event=event, status="pending")
    domain.reject_registration(actor=_organiser(event), registration=pending)
    assert [(c.registration.pk, c.registration.status) for c in heard] == [(pending.pk, "rejected")]


def test_a_receiver_that_fails_rolls_the_cancellation_back(monkeypatch):
    monkeypatch.setattr(hooks, "RECEIVERS", {})

    def broken(change):
        raise RuntimeError("meetings could not be cancelled")

    hooks.on_registration_left("broken", broken)
    registration = RegistrationFactory()
    with pytest.raises(RuntimeError):
        domain.cancel_registration(actor=registration.user, registration=registration)
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"


def test_a_receiver_is_replaced_by_name(monkeypatch):
    monkeypatch.setattr(hooks, "RECEIVERS", {})
    hooks.on_registration_left("x", print)
    hooks.on_registration_left("x", repr)
    assert list(hooks.RECEIVERS.values()) == [repr]
