"""The participant's pages: profile and availability, people and suggestions, the agenda
(printable) and its calendar feed; cancelling and recording outcomes (also organisers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.kit.forms import add_validation_errors
from innobelt.meetings import domain, queries
from innobelt.meetings.calendar import agenda_calendar
from innobelt.meetings.forms import OutcomeForm, ProfileForm, RequestForm
from innobelt.meetings.models import Meeting, Participant
from innobelt.meetings.suggestions import suggest_partners
from innobelt.meetings.views.joining import offers_join
from innobelt.permissions import can


def _organises(request, programme) -> bool:
    return can(request.user, "meetings.manage_programme", programme)


@login_required
def mine(request):
    return render(request, "meetings/mine.html", {
        "participations": queries.my_programmes(request.user),
        "to_join": queries.programmes_to_join(request.user),
        "managed": queries.managed_programmes(request.user),
    })


@login_required
@offers_join
def profile(request, event_id):
    participant = queries.participant_or_404(request.user, event_id)
    programme = participant.programme
    form = ProfileForm(request.POST or None, instance=participant, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            domain.update_profile(actor=request.user, participant=participant, offers=data["offers"], seeks=data["seeks"],
                                  max_meetings=data["max_meetings"], clear_max=data["max_meetings"] is None,
                                  unavailable=data["unavailable"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your profile and availability were saved."))
            return redirect("meetings:people", event_id=event_id)
    return render(request, "meetings/profile.html", {"event": programme.event, "programme": programme, "participant": participant,
                                                     "organiser": _organises(request, programme), "form": form})


@login_required
@offers_join
def people(request, event_id):
    participant = queries.participant_or_404(request.user, event_id)
    programme = participant.programme
    others = [p for p in queries.active_participants(programme) if p.pk != participant.pk]
    mine, theirs = queries.requests_of(participant), queries.requests_received(participant)
    answered, given = queries.answers_of(participant)
    placed = queries.scheduled_partner_ids(participant)
    rows = [{"p": p, "mine": mine.get(p.pk, ""), "theirs": theirs.get(p.pk, "") if theirs.get(p.pk) != "no" else "",
             "their_answer": answered.get(p.pk, ""), "my_answer": given.get(p.pk, ""), "placed": p.pk in placed} for p in others]
    return render(request, "meetings/people.html", {
        "event": programme.event, "programme": programme, "participant": participant, "organiser": _organises(request, programme), "rows": rows,
        "suggestions": suggest_partners(participant, k=5), "priorities": RequestForm().fields["priority"].choices,
    })


@login_required
@require_POST
@offers_join
def set_request(request, event_id, participant_id):
    participant = queries.participant_or_404(request.user, event_id)
    target = get_object_or_404(Participant.objects.select_related("registration"), pk=participant_id, programme=participant.programme)
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose must meet, would like to meet or no thanks."))
    else:
        try:
            domain.set_meeting_request(actor=request.user, requester=participant, target=target, priority=form.cleaned_data["priority"])
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": target.name})
    return redirect(reverse("meetings:people", kwargs={"event_id": event_id}) + f"#p{target.pk}")


@login_required
@require_POST
@offers_join
def respond(request, event_id, participant_id):
    """Accept or decline another participant's request to meet (programmes whose requests need acceptance)."""
    participant = queries.participant_or_404(request.user, event_id)
    requester = get_object_or_404(Participant.objects.select_related("registration__user", "registration__organisation"),
                                  pk=participant_id, programme=participant.programme)
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):  # a missing or mistyped answer declines nobody
        messages.error(request, _("Choose accept or decline."))
        return redirect("meetings:people", event_id=event_id)
    accept = answer == "accept"
    try:
        domain.respond_to_request(actor=request.user, participant=participant, requester=requester, accept=accept)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, (_("You accepted the request of %(name)s.") if accept else _("You declined the request of %(name)s."))
                         % {"name": requester.name})
    return redirect(reverse("meetings:people", kwargs={"event_id": event_id}) + f"#p{requester.pk}")


@login_required
@offers_join
def agenda(request, event_id):
    participant, former = queries.participant_or_former_or_404(request.user, event_id)
    programme = participant.programme
    meetings = list(queries.agenda_of(participant))
    now = timezone.now()
    rows = [{"m": m, "partner": m.partner_of(participant), "ends_at": m.slot.ends_at_for(programme), "started": m.slot.starts_at <= now}
            for m in meetings]
    feed = request.build_absolute_uri(reverse("meetings:calendar", kwargs={"token": participant.calendar_token}))
    return render(request, "meetings/agenda.html", {
        "event": programme.event, "programme": programme, "participant": participant, "organiser": _organises(request, programme), "rows": rows,
        "calendar_url": feed, "outcome_form": OutcomeForm(), "former": former,
    })


@login_required
@require_POST
def join(request, event_id):
    """Join the event's 1:1 meetings (a confirmed registration), then go back where the person was going."""
    if queries.participant_for(request.user, event_id) is None:
        programme = queries.joinable_programme_or_404(request.user, event_id)
        domain.join_programme(user=request.user, programme=programme)
        messages.success(request, _("You joined the 1:1 meetings of this event."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("meetings:profile", kwargs={"event_id": event_id})
    return redirect(back)


def calendar(request, token):
    # A cancelled registration keeps its feed: calendar apps that poll it learn that every meeting is
    # cancelled (STATUS:CANCELLED under the same UID) instead of keeping stale entries after a 404. It shows
    # nothing live and none of the partners' profiles (calendar.agenda_calendar, left=True).
    participant = (Participant.objects.select_related("programme__event", "registration__user", "registration__organisation")
                   .filter(calendar_token=token).first())
    if participant is None:
        raise Http404
    meetings = queries.agenda_of(participant)
    body = agenda_calendar(participant, meetings, base_url=request.build_absolute_uri("/")[:-1],
                           agenda_url=reverse("meetings:agenda", kwargs={"event_id": participant.programme.event_id}),
                           left=queries.has_left(participant))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meetings-{participant.programme.event_id}.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def _back(request, meeting: Meeting):
    if can(request.user, "meetings.manage_programme", meeting.programme):
        return redirect("meetings:grid", event_id=meeting.programme.event_id)
    return redirect("meetings:agenda", event_id=meeting.programme.event_id)


@login_required
@require_POST
def cancel(request, meeting_id):
    meeting = queries.meeting_or_404(request.user, meeting_id)
    try:
        domain.cancel_meeting(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The meeting was cancelled; your partner was told."))
    return _back(request, meeting)


@login_required
@require_POST
def outcome(request, meeting_id):
    meeting = queries.meeting_or_404(request.user, meeting_id)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose held, no-show or follow-up agreed."))
        return _back(request, meeting)
    try:
        domain.record_outcome(actor=request.user, meeting=meeting, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The outcome was recorded."))
    return _back(request, meeting)
