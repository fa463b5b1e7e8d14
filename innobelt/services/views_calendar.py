"""The official holiday schedule on pages (ADR 0901, "Entered schedules"): platform operators enter a year's
public holidays and make-up working days when the State Council publishes them; district operators read them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can
from innobelt.services.calendar import year_schedule
from innobelt.services.domain.holidays import FIRST_YEAR, LAST_YEAR, enter_holiday_schedule
from innobelt.services.forms import HolidayScheduleForm, day_range_lines
from innobelt.services.models import HolidaySchedule


def _may_view(user) -> None:
    if not can(user, "services.view_holiday_schedule"):
        raise PermissionDenied


@login_required
def calendar_years(request):
    """Last year to two years ahead, and every year entered: where its working days come from."""
    _may_view(request.user)
    this_year = timezone.localdate().year
    years = sorted({*range(this_year - 1, this_year + 3), *HolidaySchedule.objects.values_list("year", flat=True)})
    return render(request, "services/calendar_years.html", {
        "years": [year_schedule(year) for year in years], "this_year": this_year,
        "may_enter": can(request.user, "services.enter_holiday_schedule"),
    })


@login_required
def calendar_year(request, year: int):
    """A year's schedule; platform operators enter it (again) with the form, filled with what counts now."""
    _may_view(request.user)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    may_enter = can(request.user, "services.enter_holiday_schedule")
    if request.method == "POST" and not may_enter:
        raise PermissionDenied
    current = year_schedule(year)
    form = HolidayScheduleForm(request.POST or None, initial={
        "holidays": day_range_lines(current.holidays), "makeup_workdays": day_range_lines(current.makeup_workdays)})
    if request.method == "POST":
        if form.is_valid():
            try:
                _schedule, moved = enter_holiday_schedule(actor=request.user, year=year,
                                                          holidays=form.cleaned_data["holidays"],
                                                          makeup_workdays=form.cleaned_data["makeup_workdays"])
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, _("The holiday schedule of %(year)d is entered; the due days of %(n)d open "
                                            "requests moved.") % {"year": year, "n": len(moved)})
                return redirect("services:calendar_year", year=year)
    return render(request, "services/calendar_year.html", {"current": current, "form": form, "may_enter": may_enter})
