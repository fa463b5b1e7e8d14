"""innobelt.kit.ical: the one iCalendar builder every feed uses."""

from datetime import UTC, datetime

from icalendar import Calendar

from innobelt.kit.ical import add_event, calendar

START, END = datetime(2026, 5, 12, 1, 0, tzinfo=UTC), datetime(2026, 5, 12, 2, 0, tzinfo=UTC)


def _parsed(cal):
    return Calendar.from_ical(cal.to_ical())


def test_the_calendar_says_what_every_feed_shares():
    cal = _parsed(calendar("Forum; 论坛, 2026", prodid="-//innobelt//test//ZH-EN", refresh="PT1H"))
    assert str(cal["version"]) == "2.0" and str(cal["method"]) == "PUBLISH" and str(cal["calscale"]) == "GREGORIAN"
    assert str(cal["x-wr-calname"]) == "Forum; 论坛, 2026"
    assert str(cal["x-wr-timezone"]) == "Asia/Shanghai"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in calendar("x", prodid="p", refresh="PT1H").to_ical().decode()
    assert "REFRESH-INTERVAL" not in calendar("x", prodid="p").to_ical().decode()


def test_an_event_is_escaped_folded_and_left_without_empty_texts():
    cal = calendar("x", prodid="p")
    add_event(cal, uid="thing-1@innobelt", stamp=START, start=START, end=END, summary="A, B; C",
              description="line one\n" + "长" * 60)
    raw = cal.to_ical().decode()
    assert "SUMMARY:A\\, B\\; C" in raw
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))  # folded at 75 octets
    assert "LOCATION" not in raw and "URL" not in raw and "TRANSP" not in raw
    (event,) = _parsed(cal).walk("VEVENT")
    assert str(event["uid"]) == "thing-1@innobelt" and event["dtstamp"].dt == START
    assert str(event["description"]) == "line one\n" + "长" * 60
    assert str(event["status"]) == "CONFIRMED"


def test_a_cancelled_event_says_so():
    cal = calendar("x", prodid="p")
    add_event(cal, uid="u@innobelt", stamp=START, start=START, end=END, summary="s", cancelled=True,
              transparency="OPAQUE", location="Room 1", url="https://example.test/")
    (event,) = _parsed(cal).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED" and str(event["transp"]) == "OPAQUE"
    assert str(event["location"]) == "Room 1" and str(event["url"]) == "https://example.test/"
