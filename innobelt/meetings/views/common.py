"""Lookups every meetings page uses: 404 for what the person may not see."""

from functools import wraps

from django.http import Http404
from django.shortcuts import render

from innobelt.meetings import queries
from innobelt.meetings.models import Programme


def managed_programme_or_404(request, event_id) -> Programme:
    programme = queries.managed_programme(request.user, event_id)
    if programme is None:
        raise Http404
    return programme


def offers_join(view):
    """A participant page: a confirmed registrant who has not joined yet (queries.NotJoined)
    gets the "Join the 1:1 meetings" page, whose button POSTs to meetings:join and comes back here."""

    @wraps(view)
    def wrapped(request, event_id, *args, **kwargs):
        try:
            return view(request, event_id, *args, **kwargs)
        except queries.NotJoined as not_joined:
            back = request.get_full_path() if request.method == "GET" else ""
            return render(request, "meetings/join.html", {"event": not_joined.programme.event, "programme": not_joined.programme,
                                                          "next": back})

    return wrapped


def meeting_or_404(request, meeting_id):
    meeting = queries.visible_meeting(request.user, meeting_id)
    if meeting is None:
        raise Http404
    return meeting
