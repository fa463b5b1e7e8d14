"""Pages of roadshows: pitches, applying with a deck, selecting, rating, asking for a meeting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.events import domain, queries
from innobelt.events.forms import MeetingRequestForm, PitchForm, RatingForm
from innobelt.events.models import Event, PitchRating
from innobelt.events.rules import is_rater
from innobelt.files.domain import download_name, open_stored
from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can


def _roadshow_or_404(request, pk) -> Event:
    event = queries.event_or_404(request.user, pk)
    if event.kind != Event.Kind.ROADSHOW:
        raise Http404
    return event


@login_required
def pitches(request, pk):
    event = _roadshow_or_404(request, pk)
    return render(request, "events/pitches.html", {
        "event": event, "pitches": queries.pitches_for(request.user, event),
        "can_manage": can(request.user, "events.change_event", event), "is_rater": is_rater(request.user),
        "can_apply": event.registration_is_open() and PitchForm(user=request.user).fields["organisation"].queryset.exists(),
    })


@login_required
def apply(request, pk):
    event = _roadshow_or_404(request, pk)
    form = PitchForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.fields["organisation"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            pitch = domain.apply_to_pitch(actor=request.user, event=event, **data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your application was sent. The organiser will tell you whether you pitch."))
            return redirect(pitch)
    return render(request, "events/apply_pitch.html", {"event": event, "form": form})


@login_required
def pitch(request, pk):
    found = queries.pitch_or_404(request.user, pk)
    own_rating = PitchRating.objects.filter(pitch=found, rated_by=request.user).first()
    can_rate = can(request.user, "events.rate_pitch", found)
    initial = {"score": own_rating.score, "comment": own_rating.comment} if own_rating else None
    return render(request, "events/pitch.html", {
        "pitch": found, "event": found.event, "ratings": queries.ratings_for(request.user, found),
        "can_decide": can(request.user, "events.decide_pitch", found), "can_rate": can_rate,
        "rating_form": RatingForm(initial=initial) if can_rate else None, "own_rating": own_rating,
        "meeting_form": MeetingRequestForm() if own_rating else None,
    })


@login_required
def deck(request, pk):
    """The pitch deck, for whoever may see the pitch (the file itself stays private to the startup)."""
    found = queries.pitch_or_404(request.user, pk)
    handle = open_stored(found.deck) if found.deck is not None else None
    if handle is None:
        raise Http404
    response = FileResponse(handle, content_type=found.deck.content_type, as_attachment=True,
                            filename=download_name(found.deck))
    response["Cache-Control"] = "private, max-age=600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def decide(request, pk):
    found = queries.pitch_or_404(request.user, pk)
    if not can(request.user, "events.decide_pitch", found):
        raise PermissionDenied
    selecting = request.POST.get("decision") == "select"
    try:
        (domain.select_pitch if selecting else domain.decline_pitch)(actor=request.user, pitch=found)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The pitch was selected.") if selecting else _("The pitch was declined."))
    return redirect(found)


@login_required
@require_POST
def rate(request, pk):
    found = queries.pitch_or_404(request.user, pk)
    if not can(request.user, "events.rate_pitch", found):
        raise PermissionDenied
    form = RatingForm(request.POST)
    if form.is_valid():
        domain.rate_pitch(actor=request.user, pitch=found, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
        messages.success(request, _("Your rating was saved."))
    else:
        messages.error(request, _("Give a score from 1 to 5."))
    return redirect(found)


@login_required
@require_POST
def request_meeting(request, pk):
    rating = queries.rating_or_404(request.user, pk)
    form = MeetingRequestForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        domain.request_meeting_from_rating(actor=request.user, rating=rating, note=note)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The meeting request was sent to %(startup)s.") % {"startup": rating.pitch.organisation})
    return redirect(rating.pitch)


@login_required
def meeting_requests(request):
    return render(request, "events/meeting_requests.html", {"requests": queries.meeting_requests_for(request.user)[:300]})
