"""events.queries: one "object or 404 scoped to the caller" per object, used by pages and the API alike."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from innobelt.events import queries
from innobelt.events.models import Event
from tests.events.conftest import person
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_a_published_event_is_found_for_anyone_and_refused_with_a_403_for_what_they_may_not_do(scene):
    outsider = person()
    assert queries.event_or_404(outsider, scene.event.pk) == scene.event
    with pytest.raises(PermissionDenied):
        queries.event_or_404(outsider, scene.event.pk, perm="events.change_event")
    assert queries.event_or_404(scene.admin, scene.event.pk, perm="events.change_event") == scene.event


def test_another_organisers_draft_is_a_404_even_with_a_permission_asked(scene):
    draft = EventFactory(status=Event.Status.DRAFT)
    for perm in ("", "events.change_event"):
        with pytest.raises(Http404):
            queries.event_or_404(scene.admin, draft.pk, perm=perm)
    with pytest.raises(Http404):
        queries.event_or_404(scene.admin, 10**12)


def test_someone_elses_registration_is_a_404(scene):
    registration = RegistrationFactory(event=scene.event)
    assert queries.registration_or_404(registration.user, registration.pk) == registration
    with pytest.raises(Http404):
        queries.registration_or_404(person(), registration.pk)
