"""Read-side queries of the meeting zone, scoped to what the caller may see.

`visible_events` must agree with rules.can_see_event (a test checks).
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from innobelt.events.models import Answer, Event, EventMeetingRequest, EventMessage, Pitch, PitchRating, Registration, Session
from innobelt.events.rules import RATER_KINDS
from innobelt.kit.forms import month_bounds
from innobelt.kit.lookups import or_404
from innobelt.kit.search_text import filter_fields_by_query
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.queries import my_organisations
from innobelt.permissions import can, is_active_user

Status = Registration.Status


def _with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.select_related("city", "organiser").annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Status.CONFIRMED), distinct=True),
        waitlisted=Count("registrations", filter=Q(registrations__status=Status.WAITLISTED), distinct=True),
    )


def managed_filter(user) -> Q:
    """Events this person manages (see rules.manages_event)."""
    if not is_active_user(user):
        return Q(pk__in=[])
    if user.is_platform_operator:
        return Q(pk__isnull=False)  # everything (an empty Q() would vanish when OR-ed)
    admin_orgs = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("organisation")
    return Q(city__in=user.operator_cities.values("pk")) | Q(organiser__in=admin_orgs)


def staffed_filter(user) -> Q:
    """Events this person staffs: manages, or belongs to the organiser (see rules.staffs_event)."""
    if not is_active_user(user):
        return Q(pk__in=[])
    return managed_filter(user) | Q(organiser__in=my_organisations(user).values("pk"))


def visible_events(user) -> QuerySet[Event]:
    return Event.objects.filter(Q(status=Event.Status.PUBLISHED) | staffed_filter(user))


#: what a search looks in (events keep no search document: both titles and venues, the description, the city and
#: the organiser in both languages)
SEARCHED_FIELDS = ["title_zh", "title_en", "description", "venue_zh", "venue_en", "city__name_zh", "city__name_en",
                   "organiser__name_zh", "organiser__name_en"]


def public_events(*, query: str = "", kind: str = "", city: str = "", past: bool = False, month: date | None = None) -> QuerySet[Event]:
    """Published events, upcoming first (or past ones, latest first), those matching `query` in both
    languages when given, those starting in `month` (China time, as insights' trend counts events held). Ready
    for a list (no N+1)."""
    now = timezone.now()
    qs = Event.objects.filter(status=Event.Status.PUBLISHED)
    if query:
        qs = filter_fields_by_query(qs, query, SEARCHED_FIELDS)
    if kind:
        qs = qs.filter(kind=kind)
    if city:
        qs = qs.filter(city__slug=city)
    if month is not None:
        start, end = month_bounds(month)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=end)
    qs = qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk") if past else qs.filter(ends_at__gte=now).order_by("starts_at", "pk")
    return _with_counts(qs)


def managed_events(user) -> QuerySet[Event]:
    """Every event this person manages or staffs (the "Manage events" page): a platform operator's are all events."""
    return _with_counts(Event.objects.filter(staffed_filter(user))).order_by("-starts_at", "-pk")


def organised_events(user, *, administered: list[int] | None = None) -> QuerySet[Event]:
    """The events of the organisations this person administers, drafts included: their own organisations'
    events, whatever an operator role lets them manage besides (the workbench's "Events you organise").
    `administered`: the ids of those organisations when the caller read them already (not compiled in again)."""
    if not is_active_user(user):
        return Event.objects.none()
    theirs = (Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("organisation")
              if administered is None else administered)
    # no registration counts: the workbench lists titles and dates (the counts cost a GROUP BY per page)
    return Event.objects.filter(organiser__in=theirs).order_by("-starts_at", "-pk")


def event_for(user, pk) -> Event | None:
    """One event the person may see, with its programme, or None (drafts of others are not told)."""
    sessions = Session.objects.select_related("room").prefetch_related("speakers")
    return (visible_events(user).select_related("city", "organiser")
            .prefetch_related(Prefetch("sessions", queryset=sessions), "rooms", "speakers", "questions").filter(pk=pk).first())


def managed_event(user, pk) -> Event | None:
    return Event.objects.filter(managed_filter(user)).select_related("city", "organiser").filter(pk=pk).first()


def staffed_event(user, pk) -> Event | None:
    return Event.objects.filter(staffed_filter(user)).select_related("city", "organiser").filter(pk=pk).first()


def registration_of(user, event: Event) -> Registration | None:
    if not is_active_user(user):
        return None
    return event.registrations.filter(user=user, status__in=Registration.ACTIVE).first()


def my_registrations(user) -> QuerySet[Registration]:
    return (Registration.objects.filter(user=user).select_related("event", "event__city", "organisation")
            .order_by("-event__starts_at", "-pk"))


def visible_registration(user, pk) -> Registration | None:
    """The person's own registration, or one of an event they staff."""
    if not is_active_user(user):
        return None
    staffed = Event.objects.filter(staffed_filter(user)).values("pk")
    return (Registration.objects.filter(Q(user=user) | Q(event__in=staffed)).select_related("event", "event__city", "user", "organisation")
            .filter(pk=pk).first())


def registrations_for(event: Event, *, status: str = "") -> QuerySet[Registration]:
    """An event's registrations for its managers, with answers (no N+1)."""
    qs = event.registrations.select_related("user", "organisation").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("question")))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "waitlisted_at", "created_at", "pk")


def event_messages(event: Event, limit: int = 20) -> list[EventMessage]:
    """The latest messages the event's managers wrote to its registrants (for its managers)."""
    return list(EventMessage.objects.filter(event=event).select_related("sent_by").order_by("-created_at", "-pk")[:limit])


def recent_check_ins(event: Event, limit: int = 20) -> list[Registration]:
    return list(event.registrations.filter(checked_in_at__isnull=False).select_related("user", "organisation")
                .order_by("-checked_in_at", "-pk")[:limit])


def attendance_figures(event: Event, *, now=None) -> dict:
    """Registered (a place), waiting, awaiting approval, cancelled, checked in, no-shows and the same by organisation kind.

    No-shows count once the event has ended (before that they are None). "none" is the kind
    of people who registered without an organisation.
    """
    now = now or timezone.now()
    ended = event.ends_at <= now
    rows = (event.registrations.values("organisation__kind", "status")
            .annotate(n=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))))
    totals = {"registered": 0, "waitlisted": 0, "pending": 0, "cancelled": 0, "checked_in": 0}
    by_kind: dict[str, dict] = {}
    for row in rows:
        kind = row["organisation__kind"] or "none"
        bucket = by_kind.setdefault(kind, {"registered": 0, "waitlisted": 0, "checked_in": 0})
        status = row["status"]
        if status == Status.CONFIRMED:
            totals["registered"] += row["n"]
            totals["checked_in"] += row["checked_in"]
            bucket["registered"] += row["n"]
            bucket["checked_in"] += row["checked_in"]
        elif status == Status.WAITLISTED:
            totals["waitlisted"] += row["n"]
            bucket["waitlisted"] += row["n"]
        elif status == Status.PENDING:
            totals["pending"] += row["n"]
        elif status == Status.CANCELLED:
            totals["cancelled"] += row["n"]
    for bucket in by_kind.values():
        bucket["no_shows"] = bucket["registered"] - bucket["checked_in"] if ended else None
    by_kind = {k: v for k, v in by_kind.items() if v["registered"] or v["waitlisted"]}
    labels = dict(Organisation.Kind.choices)
    return {
        **totals,
        "capacity": event.capacity,
        "no_shows": totals["registered"] - totals["checked_in"] if ended else None,
        "by_kind": [{"kind": kind, "label": str(labels.get(kind, "—")), **by_kind[kind]} for kind in sorted(by_kind)],
    }


def _is_rater(user) -> bool:
    return my_organisations(user).filter(kind__in=RATER_KINDS).exists()


def pitches_for(user, event: Event) -> QuerySet[Pitch]:
    """Pitches of a roadshow: all for its managers; a startup's own; the selected ones for raters."""
    qs = event.pitches.select_related("organisation", "deck").annotate(
        rating_count=Count("ratings", distinct=True))
    if not is_active_user(user):
        return qs.none()
    if Event.objects.filter(managed_filter(user), pk=event.pk).exists():
        return qs.order_by("status", "created_at", "pk")
    visible = Q(organisation__in=my_organisations(user).values("pk"))
    if _is_rater(user):
        visible |= Q(status=Pitch.Status.SELECTED)
    mine = PitchRating.objects.filter(pitch=OuterRef("pk"), rated_by=user)
    return qs.filter(visible).annotate(rated_by_me=Exists(mine)).order_by("status", "created_at", "pk")


def visible_pitch(user, pk) -> Pitch | None:
    """One pitch the person may see (rules: events.view_pitch), or None."""
    if not is_active_user(user):
        return None
    managed = Event.objects.filter(managed_filter(user)).values("pk")
    mine = my_organisations(user).values("pk")
    visible = Q(event__in=managed) | Q(organisation__in=mine)
    if _is_rater(user):
        visible |= Q(status=Pitch.Status.SELECTED, event__status=Event.Status.PUBLISHED)
    return Pitch.objects.filter(visible).select_related("event", "event__city", "organisation", "deck").filter(pk=pk).first()


def ratings_for(user, pitch: Pitch) -> QuerySet[PitchRating]:
    """All ratings for the event's managers; only one's own for a rater; none for the startup."""
    qs = pitch.ratings.select_related("organisation", "rated_by")
    if Event.objects.filter(managed_filter(user), pk=pitch.event_id).exists():
        return qs
    return qs.filter(rated_by=user) if is_active_user(user) else qs.none()


def visible_rating(user, pk) -> PitchRating | None:
    if not is_active_user(user):
        return None
    return PitchRating.objects.filter(rated_by=user).select_related("pitch", "pitch__event", "pitch__organisation", "organisation") \
        .filter(pk=pk).first()


def meeting_requests_for(user) -> QuerySet[EventMeetingRequest]:
    """Meeting requests from or to the person's organisations (all of them for platform operators)."""
    qs = EventMeetingRequest.objects.select_related("event", "from_organisation", "to_organisation", "requested_by")
    if not is_active_user(user):
        return qs.none()
    if user.is_platform_operator:
        return qs
    mine = my_organisations(user).values("pk")
    return qs.filter(Q(from_organisation__in=mine) | Q(to_organisation__in=mine))


# one object, scoped to the caller: pages and the API alike -----------------------------------------------
# What the person may not see is a 404 (drafts of others, other people's registrations are not told); an
# object they may see but `perm` on it is refused is a 403.

def event_or_404(user, pk, *, perm: str = "") -> Event:
    """An event the person may see (with its programme); with `perm`, one they may also do that to."""
    event = event_for(user, pk)
    if event is None:
        raise Http404
    if perm and not can(user, perm, event):
        raise PermissionDenied
    return event


def registration_or_404(user, pk) -> Registration:
    return or_404(visible_registration(user, pk))


def pitch_or_404(user, pk) -> Pitch:
    return or_404(visible_pitch(user, pk))


def rating_or_404(user, pk) -> PitchRating:
    return or_404(visible_rating(user, pk))

