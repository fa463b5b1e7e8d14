"""Entering a year's official holiday schedule (ADR 0901, "Entered schedules").

chinese-calendar knows only the years the State Council has published when it was released; for a later
year the clocks count Monday to Friday. When the schedule is published, a platform operator enters it: the
public holidays and the official make-up working days (调休) of the year, as date ranges. The schedule is
national, so there is one per year for the whole Belt; entering a year again replaces its days, and a year
the library knows may be entered too (the entry wins: a correction the library has not shipped yet).

Due days are stored on the requests (fixed when routed, moved by waiting), so entering a schedule moves the
due days of the open requests whose clock runs through that year: the working days counted from the clock's
start to each due day stay the same number, counted on the new calendar. The admins of the firm and of the
provider of each request whose due days moved are told (as a status notice: the request's clock moved on).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.bilingual import join_list
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require
from innobelt.services.calendar import WorkingDays, local_day
from innobelt.services.models import CalendarDay, HolidaySchedule, RequestStep, ServiceRequest

if TYPE_CHECKING:
    from innobelt.accounts.models import User

S = ServiceRequest.Status
#: the years a schedule may be entered for (chinese-calendar starts in 2004)
FIRST_YEAR, LAST_YEAR = 2004, 2100
#: the longest range of one line (the longest official break is nine days)
LONGEST_RANGE_DAYS = 31
MAX_NAME = 100


@dataclass(frozen=True)
class DayRange:
    """From `start` to `end` (both included), with the holiday's name."""

    start: date
    end: date
    name_zh: str = ""
    name_en: str = ""

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


def _days_of(ranges: Iterable[DayRange], year: int, field: str, errors: dict[str, list[str]]) -> dict[date, DayRange]:
    found: dict[date, DayRange] = {}
    for entry in ranges:
        label = entry.start.isoformat() if entry.start == entry.end else f"{entry.start.isoformat()} – {entry.end.isoformat()}"
        if entry.end < entry.start:
            errors.setdefault(field, []).append(_("%(range)s ends before it starts.") % {"range": label})
        elif entry.start.year != year or entry.end.year != year:
            errors.setdefault(field, []).append(_("%(range)s is not in %(year)d.") % {"range": label, "year": year})
        elif (entry.end - entry.start).days >= LONGEST_RANGE_DAYS:
            errors.setdefault(field, []).append(_("%(range)s is longer than %(n)d days.")
                                                % {"range": label, "n": LONGEST_RANGE_DAYS})
        elif len(entry.name_zh) > MAX_NAME or len(entry.name_en) > MAX_NAME:
            errors.setdefault(field, []).append(_("Name %(range)s in at most %(n)d characters.")
                                                % {"range": label, "n": MAX_NAME})
        else:
            found.update((day, entry) for day in entry.days())
    return found


def clock_start(request: ServiceRequest) -> date:
    """The day a request's clocks count from: the day of its last reassignment, else the day it was made
    (a pass-on keeps the request's day, ADR 0901)."""
    routed = (RequestStep.objects.filter(request=request, to_status=S.NEW).order_by("-pk")
              .values_list("at", "from_status", "passed_on").first())
    if routed is not None and routed[1] and not routed[2]:  # from an earlier status, not passed on: reassigned
        return local_day(routed[0])
    return local_day(request.created_at)


def _affected(year: int) -> list[tuple[ServiceRequest, date, int | None, int | None]]:
    """The open routed requests whose clock runs through `year`, locked, with their clock's start and the
    working days to their due days counted on the calendar as it is now."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    requests = (ServiceRequest.objects.select_for_update(of=("self",)).select_related("firm", "provider__organisation")
                .filter(status__in=ServiceRequest.OPEN, provider__isnull=False, resolution_due_on__gte=first)
                .order_by("pk"))
    counter, found = WorkingDays(), []
    for request in requests:
        start = clock_start(request)
        if start > last:
            continue
        # the response day of an answered request is history, kept as it was counted
        response = (counter.between(start, request.response_due_on)
                    if request.response_due_on and request.status == S.NEW else None)
        resolution = counter.between(start, request.resolution_due_on) if request.resolution_due_on else None
        found.append((request, start, response, resolution))
    return found


def _recount(affected: list[tuple[ServiceRequest, date, int | None, int | None]]) -> list[ServiceRequest]:
    """Count the same working days again on the new calendar; the requests whose due days moved."""
    today, moved = timezone.localdate(), []
    for request, start, response, resolution in affected:
        counter = WorkingDays()
        before = (request.response_due_on, request.resolution_due_on)
        if response is not None:
            request.response_due_on = counter.add(start, response)
        if resolution is not None:
            request.resolution_due_on = counter.add(start, resolution)
        request.calendar_fallback = counter.fallback
        if request.overdue_since is not None and not _overdue(request, today):
            request.overdue_since = None  # no longer overdue: it is escalated again if it becomes so
        request.save(update_fields=["response_due_on", "resolution_due_on", "calendar_fallback", "overdue_since"])
        if (request.response_due_on, request.resolution_due_on) != before:
            moved.append(request)
    return moved


def _tell_moved(request: ServiceRequest, year: int) -> None:
    """Tell the admins of the request's firm and of its provider (once each) its new due days."""
    provider = request.provider.organisation if request.provider else None
    recipients = {u.pk: u for u in [*admins_of(request.firm), *admins_of(provider)]}
    subject, body = _moved_message(request, year)
    notify(list(recipients.values()), kind="services.request_status", subject=subject, body=body,
           link=request.get_absolute_url())


def _moved_message(request: ServiceRequest, year: int) -> tuple[Callable[[], str], Callable[[], str]]:
    """The subject and body of the moved notice, rendered in each recipient's language."""
    def subject() -> str:
        return _("The due days of service request #%(n)d moved") % {"n": request.pk}

    def body() -> str:
        days = {"year": year, "resolution": request.resolution_due_on.isoformat() if request.resolution_due_on else ""}
        if request.status == S.NEW and request.response_due_on:
            return (_("The official holidays of %(year)d were entered: the answer is now due on %(response)s and "
                      "the resolution on %(resolution)s.") % {**days, "response": request.response_due_on.isoformat()})
        return _("The official holidays of %(year)d were entered: the resolution is now due on %(resolution)s.") % days
    return subject, body


def _overdue(request: ServiceRequest, today: date) -> bool:
    """escalation.overdue_filter, for one request in memory."""
    if request.status == S.NEW:
        return request.response_due_on is not None and request.response_due_on < today
    if request.status in (S.ACCEPTED, S.IN_PROGRESS):
        return request.resolution_due_on is not None and request.resolution_due_on < today
    return False


@transaction.atomic
def enter_holiday_schedule(*, actor: "User", year: int, holidays: Iterable[DayRange],
                           makeup_workdays: Iterable[DayRange]) -> tuple[HolidaySchedule, list[int]]:
    """A platform operator enters (or enters again) the official holiday schedule of `year`: its public
    holidays and make-up working days. It replaces what chinese-calendar says about that year.

    Raises PermissionDenied for anyone else, ValidationError (nothing stored) for a range outside the year,
    backwards or too long, a day both a holiday and a make-up working day, or no holiday at all.
    Returns the schedule and the pks of the open requests whose due days moved.
    Side effects: the days, the open requests' due days (and their overdue mark when no longer overdue), an
    audit entry, a notification to the firm's and the provider's admins of each request whose due days moved.
    """
    require(actor, "services.enter_holiday_schedule")
    errors: dict[str, list[str]] = {}
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({"year": [_("Enter a year from %(first)d to %(last)d.")
                                        % {"first": FIRST_YEAR, "last": LAST_YEAR}]})
    off = _days_of(holidays, year, "holidays", errors)
    on = _days_of(makeup_workdays, year, "makeup_workdays", errors)
    both = sorted(set(off) & set(on))
    if both:
        errors.setdefault("makeup_workdays", []).append(
            _("A day cannot be both a holiday and a make-up working day: %(days)s.")
            % {"days": join_list(day.isoformat() for day in both)})
    if not off and "holidays" not in errors:
        errors["holidays"] = [_("Enter the public holidays of %(year)d.") % {"year": year}]
    if errors:
        raise ValidationError(errors)
    schedule, created = HolidaySchedule.objects.get_or_create(year=year, defaults={"entered_by": actor})
    schedule = HolidaySchedule.objects.select_for_update().get(pk=schedule.pk)
    affected = _affected(year)
    schedule.entered_by, schedule.entered_at = actor, timezone.now()
    schedule.save()
    schedule.days.all().delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(schedule=schedule, date=day, kind=CalendarDay.Kind.HOLIDAY, name_zh=entry.name_zh,
                     name_en=entry.name_en) for day, entry in sorted(off.items())]
        + [CalendarDay(schedule=schedule, date=day, kind=CalendarDay.Kind.MAKEUP_WORKDAY, name_zh=entry.name_zh,
                       name_en=entry.name_en) for day, entry in sorted(on.items())])
    moved = _recount(affected)
    record_action(actor=actor, action="services.holiday_schedule_entered", target=schedule,
                  data={"year": year, "replaced": not created, "holidays": len(off), "makeup_workdays": len(on),
                        "requests_moved": [request.pk for request in moved]})
    for request in moved:
        _tell_moved(request, year)
    return schedule, [request.pk for request in moved]


__all__ = ["DayRange", "clock_start", "enter_holiday_schedule"]
