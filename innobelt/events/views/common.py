"""Lookups every events page uses: 404 for what the person may not see, 403 for what they may not do."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from innobelt.events import queries
from innobelt.permissions import can


def visible_event_or_404(request, pk):
    event = queries.event_for(request.user, pk)
    if event is None:
        raise Http404
    return event


def event_to_change(request, pk, perm: str = "events.change_event"):
    """An event the person may see and `perm` on it; a draft of others is a 404, a published event a 403."""
    event = visible_event_or_404(request, pk)
    if not can(request.user, perm, event):
        raise PermissionDenied
    return event


def registration_or_404(request, pk):
    registration = queries.visible_registration(request.user, pk)
    if registration is None:
        raise Http404
    return registration


def pitch_or_404(request, pk):
    pitch = queries.visible_pitch(request.user, pk)
    if pitch is None:
        raise Http404
    return pitch
