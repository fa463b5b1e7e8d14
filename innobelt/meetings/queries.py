"""Read-side queries of 1:1 meetings, scoped to what the caller may see (no N+1 in lists)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.events.models import EventMeetingRequest, Registration
from innobelt.events.queries import managed_filter, visible_events
from innobelt.kit.lookups import or_404
from innobelt.meetings.models import Meeting, MeetingRequest, Participant, Programme, ScheduleRun, Slot
from innobelt.organisations.models import Membership
from innobelt.permissions import is_active_user

PARTICIPANT_RELATED = ("registration__user", "registration__organisation")


def managed_programme(user, event_id) -> Programme | None:
    """The programme of an event this person manages, or None."""
    if not is_active_user(user):
        return None
    from innobelt.events.models import Event

    events = Event.objects.filter(managed_filter(user)).values("pk")
    return Programme.objects.select_related("event__city", "event__organiser").filter(event_id=event_id, event__in=events).first()


def managed_event(user, event_id):
    """An event this person manages (with or without a programme), or None."""
    from innobelt.events.queries import managed_event as events_managed_event

    return events_managed_event(user, event_id) if is_active_user(user) else None


def confirmed_registration(user, event_id) -> Registration | None:
    if not is_active_user(user):
        return None
    return (Registration.objects.select_related("event", "organisation", "user")
            .filter(event_id=event_id, user=user, status=Registration.Status.CONFIRMED).first())


def participant_for(user, event_id) -> Participant | None:
    """The caller's participant record in an event's programme (confirmed registrations only)."""
    if not is_active_user(user):
        return None
    return (Participant.objects.select_related("programme__event", *PARTICIPANT_RELATED)
            .filter(programme__event_id=event_id, registration__user=user,
                    registration__status=Registration.Status.CONFIRMED).first())


def joinable_programme(user, event_id) -> Programme | None:
    """The programme of an event the caller is confirmed for (joined or not), or None."""
    if not is_active_user(user):
        return None
    regs = Registration.objects.filter(event_id=event_id, user=user, status=Registration.Status.CONFIRMED)
    return Programme.objects.select_related("event").filter(event_id=event_id, event__registrations__in=regs).first()


class NotJoined(Http404):
    """A confirmed registrant who has not joined the programme yet: a 404 for the API; the
    pages catch it to offer the join button (a POST). Nothing is created on a read."""

    def __init__(self, programme: Programme):
        super().__init__("Not a participant of this programme yet.")
        self.programme = programme


def participant_or_404(user, event_id) -> Participant:
    """The caller's participant record in an event's programme, for pages and API alike.

    Only reads: raises NotJoined (an Http404) for a confirmed registrant without a participant
    record, Http404 for everyone else. Joining is domain.join_programme, on a POST.
    """
    participant = participant_for(user, event_id)
    if participant is not None:
        return participant
    programme = joinable_programme(user, event_id)
    if programme is not None:
        raise NotJoined(programme)
    raise Http404


def active_participants(programme: Programme) -> QuerySet[Participant]:
    """Participants whose registration is still confirmed, ready for a list."""
    return (Participant.objects.filter(programme=programme, registration__status=Registration.Status.CONFIRMED)
            .select_related(*PARTICIPANT_RELATED).prefetch_related("unavailable").order_by("pk"))


def slots_of(programme: Programme) -> QuerySet[Slot]:
    return Slot.objects.filter(programme=programme).annotate(
        scheduled=Count("meetings", filter=Q(meetings__status=Meeting.Status.SCHEDULED))).order_by("starts_at", "pk")


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related(
        "slot", "programme__event", "a__registration__user", "a__registration__organisation",
        "b__registration__user", "b__registration__organisation")


def scheduled_meetings(programme: Programme) -> QuerySet[Meeting]:
    """The programme's scheduled meetings whose two participants are still registered."""
    confirmed = Registration.Status.CONFIRMED
    return _meetings().filter(programme=programme, status=Meeting.Status.SCHEDULED,
                              a__registration__status=confirmed, b__registration__status=confirmed)


def coming_meetings_of(user, since) -> QuerySet[Meeting]:
    """A person's scheduled meetings starting from `since`, in every programme, in time order (the workbench)."""
    if not is_active_user(user):
        return Meeting.objects.none()
    # The person's participations as a subquery under the OR (PostgreSQL keeps it a hashed subplan of two tables):
    # joining both sides' participant and registration put eight tables in one join, and planning it cost about
    # 3-4 ms at every workbench view, thirty times running it.
    theirs = Participant.objects.filter(registration__user=user).values("pk")
    return _meetings().filter(Q(a__in=theirs) | Q(b__in=theirs),
                              status=Meeting.Status.SCHEDULED, slot__starts_at__gte=since).order_by("slot__starts_at", "pk")


def agenda_of(participant: Participant) -> QuerySet[Meeting]:
    """A participant's meetings in time order (cancelled ones included, marked)."""
    return _meetings().filter(Q(a=participant) | Q(b=participant)).order_by("slot__starts_at", "table", "pk")


def requests_of(participant: Participant) -> dict[int, str]:
    """Target participant id -> priority of this participant's requests."""
    return dict(MeetingRequest.objects.filter(requester=participant).values_list("target_id", "priority"))


def requests_received(participant: Participant) -> dict[int, str]:
    return dict(MeetingRequest.objects.filter(target=participant).values_list("requester_id", "priority"))


def runs_of(programme: Programme) -> QuerySet[ScheduleRun]:
    return ScheduleRun.objects.filter(programme=programme).select_related("requested_by").defer("instance").order_by("-created_at", "-pk")


def run_for(user, run_id) -> ScheduleRun | None:
    if not is_active_user(user):
        return None
    from innobelt.events.models import Event

    events = Event.objects.filter(managed_filter(user)).values("pk")
    return ScheduleRun.objects.select_related("programme__event", "requested_by").filter(pk=run_id, programme__event__in=events).first()


def visible_meeting(user, meeting_id) -> Meeting | None:
    """A meeting the caller takes part in or organises, or None."""
    if not is_active_user(user):
        return None
    from innobelt.events.models import Event

    events = Event.objects.filter(managed_filter(user)).values("pk")
    mine = Q(a__registration__user=user) | Q(b__registration__user=user)
    return _meetings().filter(Q(pk=meeting_id) & (mine | Q(programme__event__in=events))).first()


def my_programmes(user) -> QuerySet[Participant]:
    """The caller's participations (confirmed registrations of events with a programme)."""
    if not is_active_user(user):
        return Participant.objects.none()
    return (Participant.objects.filter(registration__user=user, registration__status=Registration.Status.CONFIRMED)
            .select_related("programme__event", "registration__organisation")
            .annotate(meeting_count=Count("meetings_as_a", filter=Q(meetings_as_a__status="scheduled"), distinct=True)
                      + Count("meetings_as_b", filter=Q(meetings_as_b__status="scheduled"), distinct=True))
            .order_by("-programme__event__starts_at", "-pk"))


def programmes_to_join(user):
    """Events the caller is confirmed for whose programme they have not joined yet."""
    if not is_active_user(user):
        return Programme.objects.none()
    regs = Registration.objects.filter(user=user, status=Registration.Status.CONFIRMED)
    return (Programme.objects.filter(event__registrations__in=regs).exclude(participants__registration__in=regs)
            .select_related("event").distinct().order_by("-event__starts_at", "-pk"))


def managed_programmes(user) -> QuerySet[Programme]:
    if not is_active_user(user):
        return Programme.objects.none()
    from innobelt.events.models import Event

    events = Event.objects.filter(managed_filter(user)).values("pk")
    return (Programme.objects.filter(event__in=events).select_related("event__city")
            .annotate(participant_count=Count("participants", distinct=True), slot_count=Count("slots", distinct=True))
            .order_by("-event__starts_at", "-pk"))


def latest_run(programme: Programme) -> ScheduleRun | None:
    return runs_of(programme).first()


def programme_with_slots(programme: Programme) -> Programme:
    return Programme.objects.prefetch_related(Prefetch("slots", queryset=Slot.objects.order_by("starts_at"))).get(pk=programme.pk)


@dataclass
class EventRequestPair:
    """An open roadshow meeting request (events.EventMeetingRequest) and the participants it maps to."""

    request: EventMeetingRequest
    asker: Participant | None  # a participant of the asking organisation (the person who asked, if they take part)
    invited: Participant | None  # a participant of the invited organisation
    taken_in: MeetingRequest | None  # the 1:1 request made from it, once taken in

    @property
    def missing(self) -> list:
        """The organisations that have nobody in the 1:1 programme yet."""
        return [org for org, who in ((self.request.from_organisation, self.asker), (self.request.to_organisation, self.invited))
                if who is None]


def event_request_pairs(programme: Programme) -> list[EventRequestPair]:
    """The event's `requested` EventMeetingRequests, each with a participant of either side.

    A participant belongs to an organisation when they registered for it or are its member;
    those who registered for it come first, and on the asking side the person who asked.
    Four queries whatever the number of requests.
    """
    requests = list(EventMeetingRequest.objects.filter(event_id=programme.event_id, status=EventMeetingRequest.Status.REQUESTED)
                    .select_related("from_organisation", "to_organisation", "rating").order_by("created_at", "pk"))
    if not requests:
        return []
    people = list(Participant.objects.filter(programme=programme, registration__status=Registration.Status.CONFIRMED)
                  .select_related(*PARTICIPANT_RELATED).order_by("pk"))
    orgs = {r.from_organisation_id for r in requests} | {r.to_organisation_id for r in requests}
    members = set(Membership.objects.filter(organisation_id__in=orgs, user_id__in=[p.registration.user_id for p in people])
                  .values_list("user_id", "organisation_id"))
    taken = {m.event_request_id: m for m in MeetingRequest.objects.filter(event_request__in=requests)}

    def pick(org_id, *, user_id=None, other=None) -> Participant | None:
        of_org = [p for p in people if p is not other
                  and (p.registration.organisation_id == org_id or (p.registration.user_id, org_id) in members)]
        of_org.sort(key=lambda p: (p.registration.user_id != user_id, p.registration.organisation_id != org_id))
        return of_org[0] if of_org else None

    pairs = []
    for r in requests:
        asker = pick(r.from_organisation_id, user_id=r.requested_by_id)
        pairs.append(EventRequestPair(request=r, asker=asker, invited=pick(r.to_organisation_id, other=asker), taken_in=taken.get(r.pk)))
    return pairs


def scheduled_event_request_count(programme: Programme) -> int:
    return EventMeetingRequest.objects.filter(event_id=programme.event_id, status=EventMeetingRequest.Status.SCHEDULED).count()


def schedule_final_reason(programme: Programme, *, now=None) -> str:
    """Why the scheduler may no longer run for this programme ("" while it may): the event is
    over, or an outcome has been recorded. The run page disables its controls; the domain refuses."""
    if programme.event.ends_at <= (now or timezone.now()):
        return _("This event is over: the schedule is final.")
    if Meeting.objects.filter(programme=programme).exclude(outcome="").exists():
        return _("Outcomes have been recorded: the schedule is final.")
    return ""


def cancelled_meetings(programme: Programme) -> QuerySet[Meeting]:
    """The programme's cancelled meetings, for the organiser's grid (with their reason)."""
    return _meetings().filter(programme=programme, status=Meeting.Status.CANCELLED).order_by("slot__starts_at", "table", "pk")


def former_participant(user, event_id) -> Participant | None:
    """The caller's latest participant record in an event's programme whose registration is no
    longer confirmed (cancelled): their agenda still shows their meetings, all cancelled."""
    if not is_active_user(user):
        return None
    return (Participant.objects.select_related("programme__event", *PARTICIPANT_RELATED)
            .filter(programme__event_id=event_id, registration__user=user)
            .exclude(registration__status=Registration.Status.CONFIRMED).order_by("-pk").first())


def has_left(participant: Participant) -> bool:
    """The participant's registration is no longer confirmed (cancelled, or not accepted after all): they see
    their former meetings only as cancelled, and none of their partners' profiles."""
    return participant.registration.status != Registration.Status.CONFIRMED


def scheduled_partner_ids(participant: Participant) -> set[int]:
    """The participants this one has a scheduled meeting with: their answers to each other are final."""
    rows = Meeting.objects.filter(Q(a=participant) | Q(b=participant), status=Meeting.Status.SCHEDULED).values_list("a_id", "b_id")
    return {b if a == participant.pk else a for a, b in rows}


def answers_of(participant: Participant) -> tuple[dict[int, str], dict[int, str]]:
    """The answers to this participant's requests (target id -> answer) and the answers they gave to
    requests received (requester id -> answer); "" for none yet. For programmes whose requests need acceptance."""
    rows = MeetingRequest.objects.filter(Q(requester=participant) | Q(target=participant)).values_list("requester_id", "target_id", "response")
    mine = {target: response for requester, target, response in rows if requester == participant.pk}
    given = {requester: response for requester, target, response in rows if target == participant.pk}
    return mine, given


# one object, scoped to the caller: pages and the API alike (what the person may not see is a 404) --------

def managed_event_or_404(user, event_id):
    """An event this person manages, with or without a programme yet."""
    return or_404(managed_event(user, event_id))


def managed_programme_or_404(user, event_id) -> Programme:
    return or_404(managed_programme(user, event_id))


def seen_programme_or_404(user, event_id) -> Programme:
    """The programme for its organisers and its participants (NotJoined for a registrant not joined yet)."""
    programme = managed_programme(user, event_id)
    return programme if programme is not None else participant_or_404(user, event_id).programme


def joinable_programme_or_404(user, event_id) -> Programme:
    """The programme of an event the caller is confirmed for: the one they may join (by a POST)."""
    return or_404(joinable_programme(user, event_id))


def participant_or_former_or_404(user, event_id) -> tuple[Participant, bool]:
    """The caller's participant record, or (their registration no longer confirmed) their former one, read-only,
    for the agenda page and the API alike: (participant, former). NotJoined for a registrant not joined yet;
    Http404 for everyone else."""
    try:
        return participant_or_404(user, event_id), False
    except NotJoined:
        raise
    except Http404:
        return or_404(former_participant(user, event_id)), True


def meeting_or_404(user, meeting_id) -> Meeting:
    return or_404(visible_meeting(user, meeting_id))


def run_or_404(user, run_id) -> ScheduleRun:
    return or_404(run_for(user, run_id))



def programmes_taking_requests(user, *, now=None) -> QuerySet[Programme]:
    """The 1:1 programmes another app may bring a request into for this person: of published events they may see,
    not over, taking requests, with no outcome recorded yet (`schedule_final_reason` is empty); soonest first."""
    if not is_active_user(user):
        return Programme.objects.none()
    events = visible_events(user).filter(status="published", ends_at__gt=now or timezone.now()).values("pk")
    final = Meeting.objects.filter(programme=OuterRef("pk")).exclude(outcome="")
    return (Programme.objects.filter(event__in=events, requests_open=True).exclude(Exists(final))
            .select_related("event").order_by("event__starts_at", "pk"))


def meetings_of_event_requests(request_ids) -> dict[int, Meeting]:
    """The scheduled meeting of each event request taken in (by the request's id), as `mark_event_requests_scheduled`
    pairs them: the meeting of the two participants of the 1:1 request made from it. Two queries."""
    request_ids = list(request_ids)
    if not request_ids:
        return {}
    taken = list(MeetingRequest.objects.filter(event_request_id__in=request_ids)
                 .values_list("event_request_id", "programme_id", "requester_id", "target_id"))
    if not taken:
        return {}
    people = {p for _e, _p, requester, target in taken for p in (requester, target)}
    meetings = list(_meetings().filter(programme_id__in={p for _e, p, _r, _t in taken}, status=Meeting.Status.SCHEDULED,
                                       a_id__in=people, b_id__in=people).select_related("slot", "programme"))
    by_pair = {(m.programme_id, frozenset((m.a_id, m.b_id))): m for m in meetings}
    found = {request: by_pair.get((programme, frozenset((requester, target)))) for request, programme, requester, target in taken}
    return {request: meeting for request, meeting in found.items() if meeting is not None}
