"""Weekly opening hours: parsing, formatting, slots and open time in a period.

Stored as a list of [weekday, "HH:MM", "HH:MM"] (weekday 0 = Monday), local
time of the platform (settings.TIME_ZONE). Written by people as
"Mon-Fri 09:00-17:00; Sat 09:00-12:00" or "周一至周五 09:00-17:00；周六 09:00-12:00".
No Django models here: the booking rules and utilisation build on it.
"""

import re
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.bilingual import active_is_chinese

DAY_NAMES = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
    "周一": 0, "周二": 1, "周三": 2, "周四": 3, "周五": 4, "周六": 5, "周日": 6, "周天": 6,
    "星期一": 0, "星期二": 1, "星期三": 2, "星期四": 3, "星期五": 4, "星期六": 5, "星期日": 6, "星期天": 6,
}
ENGLISH_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
CHINESE_DAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
_DAY = r"(mon|tue|wed|thu|fri|sat|sun|周[一二三四五六日天]|星期[一二三四五六日天])[a-z]*"
_RANGE_DASH = r"\s*(?:-|–|—|~|～|至|到)\s*"
_TIME = r"(\d{1,2}):(\d{2})"
_GROUP = re.compile(rf"^(?P<days>.+?)\s+(?P<times>{_TIME}{_RANGE_DASH}{_TIME}(?:\s*[,，、 ]\s*{_TIME}{_RANGE_DASH}{_TIME})*)$")


def _day(token: str) -> int:
    return DAY_NAMES[token[:3] if token[:1].isascii() else token]


def _days(spec: str) -> list[int]:
    days: list[int] = []
    for part in re.split(r"\s*[,，、]\s*", spec.strip()):
        match = re.fullmatch(rf"{_DAY}(?:{_RANGE_DASH}{_DAY})?", part)
        if not match:
            raise ValidationError(_("“%(value)s” is not a weekday or a range of weekdays.") % {"value": part})
        first = _day(match.group(1))
        last = _day(match.group(2)) if match.group(2) else first
        day = first
        while True:
            days.append(day)
            if day == last:
                break
            day = (day + 1) % 7
    return days


def parse_opening_hours(text: str) -> list[list]:
    """"Mon-Fri 09:00-17:00; Sat 09:00-12:00" → [[0, "09:00", "17:00"], ...]. Raises ValidationError."""
    result: list[list] = []
    for group in re.split(r"\s*[;；\n]\s*", (text or "").strip().lower()):
        if not group:
            continue
        match = _GROUP.match(group)
        if not match:
            raise ValidationError(_("Write opening hours like “Mon-Fri 09:00-17:00; Sat 09:00-12:00”; “%(value)s” is not understood.")
                                  % {"value": group})
        times = re.findall(rf"{_TIME}{_RANGE_DASH}{_TIME}", match.group("times"))
        for day in _days(match.group("days")):
            for h1, m1, h2, m2 in times:
                opens, closes = f"{int(h1):02d}:{m1}", f"{int(h2):02d}:{m2}"
                result.append([day, opens, closes])
    return validate_opening_hours(result)


def validate_opening_hours(value) -> list[list]:
    """Check the stored shape; sort and return it. Raises ValidationError."""
    if not isinstance(value, list):
        raise ValidationError(_("Opening hours must be a list of [weekday, opens, closes]."))
    cleaned = []
    for item in value:
        if not (isinstance(item, list | tuple) and len(item) == 3 and isinstance(item[0], int) and 0 <= item[0] <= 6):
            raise ValidationError(_("Opening hours must be a list of [weekday, opens, closes]."))
        try:
            opens, closes = _clock(item[1]), _clock(item[2])
        except (TypeError, ValueError):
            raise ValidationError(_("“%(value)s” is not a time of day such as 09:30.") % {"value": f"{item[1]}-{item[2]}"}) from None
        if closes <= opens:
            raise ValidationError(_("Closing time must be after opening time (%(opens)s–%(closes)s).")
                                  % {"opens": item[1], "closes": item[2]})
        cleaned.append([item[0], f"{opens:%H:%M}", f"{closes:%H:%M}"])
    cleaned.sort()
    for a, b in zip(cleaned, cleaned[1:]):
        if a[0] == b[0] and b[1] < a[2]:
            raise ValidationError(_("Opening hours on the same day overlap."))
    return cleaned


def _clock(text) -> time:
    hours, minutes = str(text).split(":")
    return time(int(hours), int(minutes))


def format_opening_hours(hours: list[list], chinese: bool = False) -> str:
    """The inverse of parse_opening_hours, grouping consecutive days with the same times.

    English ("Mon-Fri 09:00-17:00; Sat 09:00-12:00") unless `chinese`
    ("周一至周五 09:00-17:00；周六 09:00-12:00"); parse_opening_hours reads both.
    """
    names, through, between_times, between_groups = (
        (CHINESE_DAYS, "至", "、", "；") if chinese else (ENGLISH_DAYS, "-", ", ", "; "))
    by_day: dict[int, tuple] = {}
    for day, opens, closes in hours or []:
        by_day[day] = (*by_day.get(day, ()), f"{opens}-{closes}")
    groups, day = [], 0
    while day < 7:
        if day not in by_day:
            day += 1
            continue
        last = day
        while last + 1 < 7 and by_day.get(last + 1) == by_day[day]:
            last += 1
        days = names[day] if last == day else f"{names[day]}{through}{names[last]}"
        groups.append(f"{days} {between_times.join(by_day[day])}")
        day = last + 1
    return between_groups.join(groups)


def display_opening_hours(hours: list[list]) -> str:
    """The weekly hours for a page, in its language (the API and the import files keep English)."""
    return format_opening_hours(hours, chinese=active_is_chinese())


def _aware(day: date, clock: str) -> datetime:
    return timezone.make_aware(datetime.combine(day, _clock(clock)))


def open_intervals(hours: list[list], start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The open periods of the weekly pattern between two instants, clipped to them."""
    result = []
    day = timezone.localtime(start).date()
    last = timezone.localtime(end).date()
    while day <= last:
        for weekday, opens, closes in hours or []:
            if weekday == day.weekday():
                a, b = max(_aware(day, opens), start), min(_aware(day, closes), end)
                if a < b:
                    result.append((a, b))
        day += timedelta(days=1)
    return sorted(result)


def slots_for_day(hours: list[list], day: date, slot_minutes: int) -> list[tuple[datetime, datetime]]:
    """The bookable slots of a day: each opening period cut into slot-length pieces from its start."""
    step = timedelta(minutes=slot_minutes)
    slots = []
    for weekday, opens, closes in hours or []:
        if weekday != day.weekday():
            continue
        at, until = _aware(day, opens), _aware(day, closes)
        while at + step <= until:
            slots.append((at, at + step))
            at += step
    return sorted(slots)


def fits_opening_hours(hours: list[list], slot_minutes: int, start: datetime, end: datetime) -> bool:
    """True when [start, end) is a whole number of slots inside one opening period of its day."""
    step = slot_minutes * 60
    day = timezone.localtime(start).date()
    for weekday, opens, closes in hours or []:
        if weekday != day.weekday():
            continue
        at, until = _aware(day, opens), _aware(day, closes)
        last_slot_end = at + timedelta(seconds=(until - at).total_seconds() // step * step)
        if at <= start < end <= last_slot_end and (start - at).total_seconds() % step == 0 \
                and (end - start).total_seconds() % step == 0:
            return True
    return False


def overlap_hours(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> float:
    seconds = (min(a_end, b_end) - max(a_start, b_start)).total_seconds()
    return max(seconds, 0) / 3600


def open_hours(hours: list[list], start: datetime, end: datetime, closures=()) -> float:
    """Hours open between two instants, less the closures [(start, end), ...] (merged, so never counted twice)."""
    total = 0.0
    merged: list[list[datetime]] = []
    for c_start, c_end in sorted(closures):
        if merged and c_start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], c_end)
        else:
            merged.append([c_start, c_end])
    for a, b in open_intervals(hours, start, end):
        total += (b - a).total_seconds() / 3600 - sum(overlap_hours(a, b, c, d) for c, d in merged)
    return total
