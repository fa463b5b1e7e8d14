"""Lookups every meetings page uses: 404 for what the person may not see."""

from django.http import Http404

from innobelt.meetings import domain, queries
from innobelt.meetings.models import Programme


def managed_programme_or_404(request, event_id) -> Programme:
    programme = queries.managed_programme(request.user, event_id)
    if programme is None:
        raise Http404
    return programme


def participant_or_404(request, event_id):
    """The caller's participant record (made on first visit for a confirmed registration)."""
    participant = queries.participant_for(request.user, event_id)
    if participant is not None:
        return participant
    registration = queries.confirmed_registration(request.user, event_id)
    programme = Programme.objects.filter(event_id=event_id).select_related("event").first()
    if registration is None or programme is None:
        raise Http404
    domain.join_programme(user=request.user, programme=programme)
    return queries.participant_for(request.user, event_id)


def meeting_or_404(request, meeting_id):
    meeting = queries.visible_meeting(request.user, meeting_id)
    if meeting is None:
        raise Http404
    return meeting
