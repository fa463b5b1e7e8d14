"""Evidence of a nomination, computed from the platform's records, never typed (docs/adr/1101-showcase.md).

`compute_evidence(organisation, first, last)` counts, for the days first..last in China time, what the
organisation itself did on the platform. Each figure lists the records behind it, and those are always the
nominee's own records (its resources, challenges, events) with a number each: the organisations it served
are counted, never named, so no other organisation's private record (who booked, what they asked, what they
proposed) reaches a reviewer.

Figures: hours of its instruments used by others, SMEs and startups served, access requests approved,
challenges run, challenges that reached an award and pilots reached (the proposals to its challenges now at the
pilot stage or beyond: contract, investment), events held, 1:1 meetings held, innovation-voucher
shares redeemed at it (as provider) and by it (as SME), sample-testing jobs its instruments completed for
others (all, for SMEs and startups, within the quoted turnaround, and their median turnaround in China's working
days), and the startups it incubated in the period
(confirmed incubations, `organisations.Incubation`): those are public, so the startups are named.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Model, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.challenges.models import Challenge, Pipeline
from innobelt.events.models import Event
from innobelt.meetings.models import Meeting
from innobelt.organisations.models import Incubation, Organisation
from innobelt.permissions import can
from innobelt.resources.domain.samples import turnaround_days
from innobelt.resources.models import AccessRequest, Booking, Resource, SampleJob
from innobelt.vouchers.models import Programme as VoucherProgramme
from innobelt.vouchers.models import Reservation, Voucher

FIGURES = {
    "hours_shared": _("hours of instrument time used by other organisations"),
    "smes_served": _("SMEs and startups served"),
    "access_approved": _("access requests approved"),
    "challenges_run": _("challenges run"),
    "challenges_awarded": _("challenges that reached an award"),
    "pilots_reached": _("pilots reached on its challenges"),
    "events_held": _("events held"),
    "meetings_held": _("1:1 meetings held"),
    "vouchers_redeemed_as_provider": _("innovation-voucher shares redeemed at the organisation (as provider)"),
    "vouchers_redeemed_as_sme": _("innovation-voucher shares the organisation redeemed (as SME)"),
    "sample_jobs_completed": _("sample-testing jobs completed for other organisations"),
    "sample_jobs_for_smes": _("sample-testing jobs completed for SMEs and startups"),
    "sample_jobs_on_time": _("sample-testing jobs delivered within the quoted turnaround"),
    "sample_turnaround_median": _("median turnaround of sample-testing jobs (China working days)"),
    "startups_incubated": _("startups incubated (confirmed by each startup)"),
}
SERVED_KINDS = (Organisation.Kind.SME, Organisation.Kind.STARTUP)
#: a proposal's pipeline at one of these stages has reached its pilot (a contract or an investment follows one)
PILOT_OR_BEYOND = (Pipeline.Stage.PILOT, Pipeline.Stage.CONTRACT, Pipeline.Stage.INVESTMENT)


def period(first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in China time."""
    tz = timezone.get_default_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz),
    )


def _hours(seconds: float) -> Decimal:
    return (Decimal(int(seconds)) / Decimal(3600)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _record(kind: str, obj: Any, value: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": obj.pk,
        "label_zh": obj.title_zh or obj.title_en,
        "label_en": obj.title_en or obj.title_zh,
        "value": value,
    }


def _voucher_figures(organisation: Organisation, start: datetime, end: datetime) -> list[tuple[str, Any, list]]:
    """Redeemed voucher shares settled in the period: those spent at the organisation (other firms' vouchers;
    behind it the public voucher programmes, with a number each) and those paid by its own vouchers (behind it
    its vouchers, with a number each). The firms and providers on the other side are counted, never named."""
    redeemed = Reservation.objects.filter(
        status=Reservation.Status.REDEEMED, settled_at__gte=start, settled_at__lt=end
    ).select_related("voucher__programme")
    by_programme: dict[Any, int] = defaultdict(int)
    for share in redeemed.filter(provider=organisation).exclude(voucher__organisation=organisation):
        by_programme[share.voucher.programme] += 1
    by_voucher: dict[Any, int] = defaultdict(int)
    for share in redeemed.filter(voucher__organisation=organisation).exclude(provider=organisation):
        by_voucher[share.voucher] += 1

    def programme_record(programme: VoucherProgramme, n: int) -> dict[str, Any]:
        return {
            "kind": "voucher_programme",
            "id": programme.pk,
            "label_zh": programme.name_zh or programme.name_en,
            "label_en": programme.name_en or programme.name_zh,
            "value": n,
        }

    def voucher_record(voucher: Voucher, n: int) -> dict[str, Any]:
        programme = voucher.programme
        return {
            "kind": "voucher",
            "id": voucher.pk,
            "label_zh": f"{programme.name_zh or programme.name_en} #{voucher.pk}",
            "label_en": f"{programme.name_en or programme.name_zh} #{voucher.pk}",
            "value": n,
        }

    return [
        (
            "vouchers_redeemed_as_provider",
            sum(by_programme.values()),
            [programme_record(p, n) for p, n in sorted(by_programme.items(), key=lambda pair: pair[0].pk)],
        ),
        (
            "vouchers_redeemed_as_sme",
            sum(by_voucher.values()),
            [voucher_record(v, n) for v, n in sorted(by_voucher.items(), key=lambda pair: pair[0].pk)],
        ),
    ]


def median_days(days: list[int]) -> Decimal | None:
    """The median of whole working days, exact: the middle one, or half the sum of the two middle ones for an even
    count (so 2.5, never a float); None when there is none. Shown to one decimal."""
    if not days:
        return None
    ordered, middle = sorted(days), len(days) // 2
    value = Decimal(ordered[middle]) if len(ordered) % 2 else Decimal(ordered[middle - 1] + ordered[middle]) / 2
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _shown(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _sample_job_figures(organisation: Organisation, start: datetime, end: datetime) -> list[tuple[str, Any, list]]:
    """Sample-testing jobs of the organisation's instruments whose results were delivered in the period to another
    organisation (one query): all of them, those for SMEs and startups, those delivered within the turnaround
    quoted, and their median turnaround (China's working days from receiving the samples to delivering, as the
    owner's figures count them; None without a delivered job). Behind each, the organisation's instruments with a
    number each (for the median, the instrument's own median); whose samples they were is never named."""
    jobs = (
        SampleJob.objects.filter(
            resource__owner=organisation, status__in=SampleJob.DELIVERED, completed_at__gte=start, completed_at__lt=end
        )
        .exclude(organisation=organisation)
        .select_related("resource", "organisation")
    )
    counts: dict[str, dict[Any, int]] = {key: defaultdict(int) for key in
                                         ("sample_jobs_completed", "sample_jobs_for_smes", "sample_jobs_on_time")}
    took_by_resource: dict[Any, list[int]] = defaultdict(list)
    for job in jobs:
        counts["sample_jobs_completed"][job.resource] += 1
        if job.organisation.kind in SERVED_KINDS:
            counts["sample_jobs_for_smes"][job.resource] += 1
        took = turnaround_days(job)
        if took is not None:
            took_by_resource[job.resource].append(took)
            if job.turnaround_days is not None and took <= job.turnaround_days:
                counts["sample_jobs_on_time"][job.resource] += 1
    figures: list[tuple[str, Any, list]] = [
        (key, sum(by_resource.values()),
         [_record("resource", r, n) for r, n in sorted(by_resource.items(), key=lambda pair: pair[0].pk)])
        for key, by_resource in counts.items()
    ]
    every = [days for took in took_by_resource.values() for days in took]
    figures.append((
        "sample_turnaround_median",
        _shown(median_days(every)),
        [_record("resource", r, _shown(median_days(took))) for r, took in sorted(took_by_resource.items(), key=lambda pair: pair[0].pk)],
    ))
    return figures


def _incubation_figure(organisation: Organisation, first: date, last: date) -> tuple[str, Any, list]:
    """The startups whose confirmed incubation by the organisation overlaps first..last (one query). A confirmed
    incubation is public (both organisations' pages), so the startups are named, each linking to its page."""
    incubations = (
        Incubation.objects.filter(incubator=organisation, status=Incubation.Status.CONFIRMED, started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .select_related("startup")
        .order_by("started_on", "pk")
    )
    records = [
        {
            "kind": "organisation",
            "id": i.startup_id,
            "label_zh": i.startup.name_zh or i.startup.name_en,
            "label_en": i.startup.name_en or i.startup.name_zh,
            "value": 1,
        }
        for i in incubations
    ]
    return "startups_incubated", len(records), records


def compute_evidence(organisation: Organisation, first: date, last: date) -> list[dict[str, Any]]:
    """Every figure for the organisation over first..last, with the nominee's own records behind each."""
    start, end = period(first, last)
    now = timezone.now()
    shared = (
        Booking.objects.filter(
            resource__owner=organisation, status=Booking.Status.CONFIRMED, start__gte=start, start__lt=end, end__lte=now
        )
        .exclude(organisation=organisation)
        .select_related("resource")
    )
    seconds: dict[Any, float] = defaultdict(float)
    for booking in shared:
        seconds[booking.resource] += (booking.end - booking.start).total_seconds()
    approved = (
        AccessRequest.objects.filter(
            resource__owner=organisation,
            decided_at__gte=start,
            decided_at__lt=end,
            status__in=[AccessRequest.Status.APPROVED, AccessRequest.Status.ACTIVE],
        )
        .exclude(organisation=organisation)
        .select_related("resource")
    )
    approved_by_resource: dict[Any, int] = defaultdict(int)
    for request in approved:
        approved_by_resource[request.resource] += 1
    served: dict[Any, set[int]] = defaultdict(set)
    for booking in shared.filter(organisation__kind__in=SERVED_KINDS):
        served[booking.resource].add(booking.organisation_id)
    for request in approved.filter(organisation__kind__in=SERVED_KINDS):
        served[request.resource].add(request.organisation_id)
    challenges = list(
        Challenge.objects.filter(owner=organisation, published_at__gte=start, published_at__lt=end)
        .exclude(status=Challenge.Status.DRAFT)
        .order_by("published_at", "pk")
    )
    events = list(
        Event.objects.filter(
            organiser=organisation,
            status=Event.Status.PUBLISHED,
            starts_at__gte=start,
            starts_at__lt=end,
            ends_at__lte=now,
        ).order_by("starts_at", "pk")
    )
    mine = Q(a__registration__organisation=organisation) | Q(b__registration__organisation=organisation)
    meetings = (
        Meeting.objects.filter(
            mine,
            status=Meeting.Status.SCHEDULED,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
            outcome__in=[Meeting.Outcome.HELD, Meeting.Outcome.FOLLOW_UP],
        )
        .select_related("programme__event")
        .distinct()
    )
    meetings_by_event: dict[Any, int] = defaultdict(int)
    for meeting in meetings:
        meetings_by_event[meeting.programme.event] += 1

    def by_pk(items):
        return sorted(items, key=lambda pair: pair[0].pk)

    awarded = [c for c in challenges if c.status == Challenge.Status.AWARDED]
    pilots_by_challenge = dict(
        Pipeline.objects.filter(proposal__challenge__in=[c.pk for c in challenges], stage__in=PILOT_OR_BEYOND)
        .values("proposal__challenge")
        .annotate(n=Count("pk"))
        .values_list("proposal__challenge", "n")
    )
    piloted = [(c, pilots_by_challenge[c.pk]) for c in challenges if c.pk in pilots_by_challenge]
    figures = [
        (
            "hours_shared",
            str(_hours(sum(seconds.values()))),
            [_record("resource", r, str(_hours(s))) for r, s in by_pk(seconds.items())],
        ),
        (
            "smes_served",
            len(set().union(*served.values())) if served else 0,
            [_record("resource", r, len(orgs)) for r, orgs in by_pk(served.items())],
        ),
        (
            "access_approved",
            sum(approved_by_resource.values()),
            [_record("resource", r, n) for r, n in by_pk(approved_by_resource.items())],
        ),
        ("challenges_run", len(challenges), [_record("challenge", c, 1) for c in challenges]),
        ("challenges_awarded", len(awarded), [_record("challenge", c, 1) for c in awarded]),
        ("pilots_reached", sum(n for _c, n in piloted), [_record("challenge", c, n) for c, n in piloted]),
        ("events_held", len(events), [_record("event", e, 1) for e in events]),
        (
            "meetings_held",
            sum(meetings_by_event.values()),
            [_record("event", e, n) for e, n in by_pk(meetings_by_event.items())],
        ),
        *_voucher_figures(organisation, start, end),
        *_sample_job_figures(organisation, start, end),
        _incubation_figure(organisation, first, last),
    ]
    return [{"key": key, "value": value, "records": records} for key, value, records in figures]


def figure_label(key: str) -> str:
    return str(FIGURES.get(key, key))


#: kind of a record behind a figure -> (its model, the permission that shows a reader the record, its page);
#: an empty permission: the record is public; an empty page: the record's get_absolute_url()
RECORD_KINDS: dict[str, tuple[type[Model], str, str]] = {
    "organisation": (Organisation, "", ""),
    "voucher_programme": (VoucherProgramme, "", "vouchers:programme"),
    "voucher": (Voucher, "vouchers.view_voucher", "vouchers:voucher"),
    "resource": (Resource, "resources.view_resource", "resources:detail"),
    "challenge": (Challenge, "challenges.view_challenge", "challenges:challenge_detail"),
    "event": (Event, "events.view_event", "events:detail"),
}


def readable_records(user: Any, evidence: list[dict[str, Any]]) -> dict[tuple[str, int], str]:
    """The page of each record behind the figures that `user` may open, by (kind, id): one query per kind.

    A record the reader may not see (or that is gone) has no entry, so the page shows its label only."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for item in evidence:
        for record in item["records"]:
            if record["kind"] in RECORD_KINDS:
                wanted[record["kind"]].add(record["id"])
    pages: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        model, perm, route = RECORD_KINDS[kind]
        for pk, obj in model._default_manager.in_bulk(list(ids)).items():
            if not perm or can(user, perm, obj):
                pages[(kind, pk)] = reverse(route, args=[pk]) if route else obj.get_absolute_url()  # type: ignore[attr-defined]
    return pages
