"""Participant pages offer joining the 1:1 meetings to a confirmed registrant who has not joined yet."""

from functools import wraps

from django.shortcuts import render

from innobelt.meetings import queries


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

