"""The calendar across instruments: several pieces of equipment side by side by day, week or month.

Anyone may open it for the equipment they may see. Busy, free and closed blocks come from opening
hours, closures and bookings; who booked (and for which organisation) is shown only to whom
`queries.calendar_blocks` gives the booking: the booking's and the owner's people and platform
operators. Everyone else sees a busy block and nothing more. Times are the platform's (China time).
"""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone

from innobelt.kit.local_time import EARLIEST, LATEST
from innobelt.resources import queries
from innobelt.resources.forms import CalendarForm


def period(view: str, day: date) -> tuple[date, date, date, date]:
    """(first, last, a day of the previous period, a day of the next) of the day, week or month around `day`."""
    if view == "day":
        return day, day, day - timedelta(days=1), day + timedelta(days=1)
    if view == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6), monday - timedelta(days=7), monday + timedelta(days=7)
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1), (first - timedelta(days=1)).replace(day=1), following


def summary(blocks: list[dict]) -> dict:
    """Hours free, busy and one's own in a day, and whether a closure falls in it (the month view)."""
    def hours(state):
        return round(sum((b["end"] - b["start"]).total_seconds() for b in blocks if b["state"] == state) / 3600, 1)

    return {"free": hours("free"), "busy": hours("busy"), "mine": hours("mine"), "closed": any(b["state"] == "closed" for b in blocks),
            "open": bool(blocks)}


def calendar(request):
    form = CalendarForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    view = data.get("view") or "week"
    today = timezone.localdate()
    day = data.get("date") or today
    ids, mine = data.get("ids", []), bool(data.get("mine"))
    resources = queries.calendar_resources(request.user, ids, mine=mine) if ids or mine else []
    first, last, previous, following = period(view, day)
    first, last = max(first, EARLIEST), min(last, LATEST)
    blocks = queries.calendar_blocks(request.user, resources, first, last) if resources else {}
    days = []
    for offset in range((last - first).days + 1):
        when = first + timedelta(days=offset)
        cells = [(r, blocks[r.pk][when]) for r in resources]
        if view == "month":
            cells = [(r, summary(b)) for r, b in cells]
        days.append({"date": when, "cells": cells, "today": when == today})
    chosen = [("r", str(r.pk)) for r in resources if not mine or r.pk in ids] + ([("mine", "on")] if mine else [])

    def link(**changes):
        params = {"view": view, "date": day.isoformat(), **changes}
        return "?" + urlencode(chosen + list(params.items()))

    return render(request, "resources/calendar.html", {
        "form": form, "view": view, "day": day, "first": first, "last": last, "resources": resources, "days": days,
        "ids": ids, "mine": mine,
        "views": [(value, label, link(view=value)) for value, label in CalendarForm.VIEWS],
        "previous_url": link(date=previous.isoformat()) if previous >= EARLIEST else "",
        "next_url": link(date=following.isoformat()) if following <= LATEST else "",
        "today_url": link(date=today.isoformat())
    })
