"""Entering a year's official holiday schedule (ADR 0901, "Entered schedules"): it overrides chinese-calendar
(which knows up to 2026), the clocks of open requests move to match, and nothing serves a stale calendar.

The 2027 schedule below is made up (the State Council had not published it): National Day 1–7 October, made
up on Sunday 26 September and Saturday 9 October.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation

from innobelt.audit.models import AuditEntry
from innobelt.kit.language_paths import language_neutral
from innobelt.notifications.models import Notification
from innobelt.organisations.models import Membership
from innobelt.services.calendar import WorkingDays, due_on, is_working_day, unpublished_year
from innobelt.services.domain import change_status, reassign_request, request_service
from innobelt.services.domain.holidays import DayRange, enter_holiday_schedule
from innobelt.services.models import CalendarDay, HolidaySchedule
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.services.factories import service_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
NATIONAL_DAY = [DayRange(date(2027, 10, 1), date(2027, 10, 7), "国庆节", "National Day")]
MAKE_UP = [DayRange(date(2027, 9, 26), date(2027, 9, 26), "国庆节", "National Day"),
           DayRange(date(2027, 10, 9), date(2027, 10, 9), "国庆节", "National Day")]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def platform(db):
    return UserFactory(is_platform_operator=True)


def _enter(platform, holidays=NATIONAL_DAY, makeup=MAKE_UP, year=2027):
    return enter_holiday_schedule(actor=platform, year=year, holidays=holidays, makeup_workdays=makeup)


def _ask(scene, when):
    return request_service(actor=scene.founder, firm=scene.firm, category="market_entry", need="Open an office.",
                           firm_city=scene.wuxi, target_city=scene.putuo, now=when)


def test_sla_arithmetic_over_an_entered_year(platform):
    thursday = datetime(2027, 9, 30, 16, tzinfo=SHANGHAI)  # the last working day before the (entered) National Day
    # unpublished: Monday to Friday, and it says so
    counter = WorkingDays()
    assert counter.add(date(2027, 9, 30), 3) == date(2027, 10, 5)
    assert counter.fallback is True
    _enter(platform)
    counter = WorkingDays()
    # 1–7 October off; Friday 8th, the make-up Saturday 9th, Monday 11th
    assert counter.add(date(2027, 9, 30), 3) == date(2027, 10, 11)
    assert counter.fallback is False
    assert due_on(thursday, 2) == date(2027, 10, 9)
    assert is_working_day(date(2027, 9, 26)) == (True, False)  # the make-up Sunday counts
    assert is_working_day(date(2027, 10, 4)) == (False, False)  # a Monday of the holiday does not
    assert is_working_day(date(2027, 11, 6)) == (False, False)  # a Saturday not entered stays a rest day
    assert is_working_day(date(2027, 11, 8)) == (True, False)  # a Monday not entered is a working day
    assert counter.between(date(2027, 9, 30), date(2027, 10, 11)) == 3


def test_no_stale_calendar_after_an_entry_or_a_second_entry(platform):
    assert is_working_day(date(2027, 10, 4)) == (True, True)
    _enter(platform)
    assert is_working_day(date(2027, 10, 4)) == (False, False)  # read again, not remembered from before
    # entered again, the year's days are replaced: the 4th works, the 12th is off
    _enter(platform, holidays=[DayRange(date(2027, 10, 12), date(2027, 10, 12))], makeup=[])
    assert is_working_day(date(2027, 10, 4)) == (True, False)
    assert is_working_day(date(2027, 10, 12)) == (False, False)
    assert is_working_day(date(2027, 10, 9)) == (False, False)  # no longer a make-up day
    assert HolidaySchedule.objects.count() == 1 and CalendarDay.objects.count() == 1


def test_an_entered_year_overrides_the_library(platform):
    assert is_working_day(date(2026, 6, 1)) == (True, False)  # a Monday in chinese-calendar's 2026
    _enter(platform, year=2026, holidays=[DayRange(date(2026, 6, 1), date(2026, 6, 1), "", "Correction")], makeup=[])
    assert is_working_day(date(2026, 6, 1)) == (False, False)
    # the entry is the whole year: the library's 2026 Spring Festival no longer counts
    assert is_working_day(date(2026, 2, 16)) == (True, False)


def test_a_request_of_2027_is_due_later_once_the_holidays_are_entered(scene, platform):
    made = _ask(scene, datetime(2027, 9, 30, 10, tzinfo=SHANGHAI))  # response 1, resolution 5 working days
    assert (made.response_due_on, made.resolution_due_on, made.calendar_fallback) == (
        date(2027, 10, 1), date(2027, 10, 7), True)
    earlier = _ask(scene, datetime(2025, 9, 30, 10, tzinfo=SHANGHAI))
    done = _ask(scene, datetime(2027, 9, 30, 11, tzinfo=SHANGHAI))
    change_status(actor=scene.consultant, request=done, to="rejected", reason="Not for us.")
    _schedule, moved = _enter(platform)
    made.refresh_from_db()
    # 8 October (Friday), then 9 (make-up Saturday), 11, 12, 13
    assert (made.response_due_on, made.resolution_due_on, made.calendar_fallback) == (
        date(2027, 10, 8), date(2027, 10, 13), False)
    assert moved == [made.pk]
    done.refresh_from_db()
    assert (done.response_due_on, done.resolution_due_on) == (date(2027, 10, 1), date(2027, 10, 7))  # closed: as it was
    before = (earlier.response_due_on, earlier.resolution_due_on)
    earlier.refresh_from_db()
    assert (earlier.response_due_on, earlier.resolution_due_on) == before
    entry = AuditEntry.objects.get(action="services.holiday_schedule_entered")
    assert entry.data["requests_moved"] == [made.pk] and entry.data["replaced"] is False


def test_the_firm_and_the_provider_of_a_moved_request_are_told_in_their_language(scene, platform):
    made = _ask(scene, datetime(2027, 9, 30, 10, tzinfo=SHANGHAI))
    # another firm's request of 2025 keeps its due days: its firm is not told
    other_firm = OrganisationFactory(city=scene.wuxi)
    other_admin = MembershipFactory(organisation=other_firm, role=Membership.Role.ADMIN).user
    request_service(actor=other_admin, firm=other_firm, category="market_entry", need="Open a shop.",
                    firm_city=scene.wuxi, target_city=scene.putuo, now=datetime(2025, 9, 30, 10, tzinfo=SHANGHAI))
    # a plain member of the firm is not told either (admins are)
    member = MembershipFactory(organisation=scene.firm, role=Membership.Role.MEMBER).user
    for user, language in ((scene.founder, "en"), (scene.consultant, "zh-hans")):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    Notification.objects.all().delete()
    _enter(platform)
    told = Notification.objects.filter(kind="services.request_status")
    assert sorted(n.recipient_id for n in told) == sorted([scene.founder.pk, scene.consultant.pk])
    english = told.get(recipient=scene.founder)
    assert english.subject == f"The due days of service request #{made.pk} moved"
    assert "the answer is now due on 2027-10-08 and the resolution on 2027-10-13" in english.body
    assert english.link == language_neutral(made.get_absolute_url())
    chinese = told.get(recipient=scene.consultant)
    assert chinese.subject == f"服务请求 #{made.pk} 的期限已顺延"
    assert "2027-10-13" in chinese.body
    assert not Notification.objects.filter(recipient__in=[other_admin, member]).exists()
    # entered again with the same days, nothing moves and nobody is told again
    _enter(platform)
    assert told.count() == 2


def test_a_reassigned_request_keeps_counting_from_its_reassignment(scene, platform):
    made = _ask(scene, datetime(2027, 9, 20, 10, tzinfo=SHANGHAI))
    other = service_of(OrganisationFactory(city=scene.putuo), cities=[scene.putuo], title_en="Other entry")
    reassign_request(actor=platform, request=made, service=other, reason="Overloaded.",
                     now=datetime(2027, 9, 30, 10, tzinfo=SHANGHAI))
    _enter(platform)
    made.refresh_from_db()
    assert (made.response_due_on, made.resolution_due_on) == (date(2027, 10, 8), date(2027, 10, 13))


def test_a_paused_request_keeps_its_paused_days(scene, platform):
    made = _ask(scene, datetime(2027, 9, 27, 10, tzinfo=SHANGHAI))  # Monday; resolution Monday 4 October (Mon–Fri)
    for to, when in (("accepted", 27), ("waiting", 28), ("in_progress", 30)):
        made = change_status(actor=scene.consultant, request=made, to=to, now=datetime(2027, 9, when, 12, tzinfo=SHANGHAI))
    assert (made.paused_days, made.resolution_due_on) == (2, date(2027, 10, 6))  # 29th and 30th stood still
    _enter(platform)
    made.refresh_from_db()
    # seven working days after the 27th on the entered calendar: 28, 29, 30, 8, 9 (make-up), 11, 12
    assert made.resolution_due_on == date(2027, 10, 12)


@pytest.mark.parametrize(("holidays", "makeup", "field", "message"), [
    (NATIONAL_DAY, [DayRange(date(2027, 10, 3), date(2027, 10, 3))], "makeup_workdays",
     "A day cannot be both a holiday and a make-up working day: 2027-10-03."),
    ([DayRange(date(2028, 1, 1), date(2028, 1, 1))], [], "holidays", "2028-01-01 is not in 2027."),
    ([DayRange(date(2027, 10, 7), date(2027, 10, 1))], [], "holidays", "2027-10-07 – 2027-10-01 ends before it starts."),
    ([], MAKE_UP, "holidays", "Enter the public holidays of 2027."),
])
def test_a_bad_schedule_stores_nothing(platform, holidays, makeup, field, message):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        _enter(platform, holidays=holidays, makeup=makeup)
    assert caught.value.message_dict[field] == [message]
    assert not HolidaySchedule.objects.exists() and not CalendarDay.objects.exists()


def test_only_platform_operators_enter_a_schedule(scene):
    for user in (scene.putuo_operator, scene.founder):
        with pytest.raises(PermissionDenied):
            _enter(user)
    assert not HolidaySchedule.objects.exists()


def _notice(page: str) -> str:
    return page.split('id="calendar-fallback"')[1].split("</p>")[0] if 'id="calendar-fallback"' in page else ""


def test_the_operators_queue_stops_warning_once_the_year_is_entered(scene, platform):
    year = unpublished_year(timezone.localdate())  # 2027 in December 2026 (chinese-calendar 1.11 knows up to 2026)
    assert year is not None
    notice = _notice(client_for(scene.putuo_operator).get("/en/services/operators/").content.decode())
    assert f"The official holiday schedule for {year} is not published yet" in notice
    assert f"/en/services/operators/calendar/{year}/" in _notice(client_for(platform).get("/en/services/operators/").content.decode())
    _enter(platform, year=year, holidays=[DayRange(date(year, 10, 1), date(year, 10, 7))], makeup=[])
    assert unpublished_year(timezone.localdate()) != year
    assert str(year) not in _notice(client_for(scene.putuo_operator).get("/en/services/operators/").content.decode())


def test_a_platform_operator_enters_the_schedule_on_the_page(scene, platform):
    made = _ask(scene, datetime(2027, 9, 30, 10, tzinfo=SHANGHAI))
    client = client_for(platform)
    form = client.get("/en/services/operators/calendar/2027/")
    assert form.status_code == 200 and "Monday to Friday until it is entered" in form.content.decode()
    response = client.post("/en/services/operators/calendar/2027/", {
        "holidays": "2027-10-01 – 2027-10-07 国庆节 / National Day\n2027-1-1 元旦",
        "makeup_workdays": "2027-09-26 国庆节 / National Day\n2027-10-09..2027-10-09 National Day"}, follow=True)
    page = response.content.decode()
    assert "the due days of 1 open requests moved" in page
    assert "overrides" not in page.split('id="calendar-source"')[1].split("</p>")[0]
    days = {d.date: (d.kind, d.name_zh, d.name_en) for d in CalendarDay.objects.all()}
    assert days[date(2027, 1, 1)] == ("holiday", "元旦", "")
    assert days[date(2027, 10, 9)] == ("makeup_workday", "", "National Day")
    assert len(days) == 10
    made.refresh_from_db()
    assert made.resolution_due_on == date(2027, 10, 13)
    # the form shows the entered year again, as ranges
    assert "2027-10-01 – 2027-10-07 国庆节 / National Day" in client.get("/en/services/operators/calendar/2027/").content.decode()


def test_the_page_says_what_is_wrong_in_the_users_language_and_stores_nothing(platform):
    client = client_for(platform)
    page = client.post("/services/operators/calendar/2027/", {
        "holidays": "2027-10-01 – 2027-10-07 国庆节", "makeup_workdays": "2027-10-03"}).content.decode()
    assert "同一天不能既是节假日又是调休上班日：2027-10-03。" in page
    page = client.post("/en/services/operators/calendar/2027/", {"holidays": "1 October", "makeup_workdays": ""}).content.decode()
    assert "Lines 1: write a date as 2027-10-01" in page
    assert not HolidaySchedule.objects.exists()


def test_district_operators_read_the_schedules_and_enter_nothing(scene, platform):
    _enter(platform, year=2026, holidays=[DayRange(date(2026, 6, 1), date(2026, 6, 1))], makeup=[])
    operator = client_for(scene.putuo_operator)
    years = operator.get("/en/services/operators/calendar/").content.decode()
    assert 'id="year-2026"' in years and "overrides the library" in years and "enter it" not in years
    page = operator.get("/en/services/operators/calendar/2026/").content.decode()
    assert "the entered schedule overrides it" in page and 'id="calendar-form"' not in page
    assert operator.post("/en/services/operators/calendar/2027/", {"holidays": "2027-10-01"}).status_code == 403
    assert client_for(scene.founder).get("/en/services/operators/calendar/").status_code == 403
    # a year of the library: the platform operator's form starts with the library's days, to correct one line
    library_year = client_for(platform).get("/en/services/operators/calendar/2025/").content.decode()
    assert "2025-10-11 国庆节 / National Day" in library_year.split('id="calendar-form"')[1]
    assert not HolidaySchedule.objects.filter(year=2027).exists()


def test_every_operator_reads_a_schedule_and_its_days_in_the_admin_and_nobody_changes_it_there(scene, platform):
    schedule, _moved = _enter(platform)
    for user in (platform, scene.putuo_operator, scene.wuxi_operator):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        client = client_for(user)
        assert str(schedule.year) in client.get("/admin/services/holidayschedule/").content.decode()
        page = client.get(f"/admin/services/holidayschedule/{schedule.pk}/change/").content.decode()
        assert page.count("National Day") == 9 and page.count("国庆节") == 9  # 7 holidays and 2 make-up days
        assert 'name="days-0-date"' not in page and 'name="_save"' not in page  # read-only
        assert f"/services/operators/calendar/{schedule.year}/\"" in page  # where it is entered
        before = list(schedule.days.values_list("date", "kind"))
        assert client.post(f"/admin/services/holidayschedule/{schedule.pk}/change/", {"year": 2030}).status_code == 403
        assert client.post(f"/admin/services/holidayschedule/{schedule.pk}/delete/", {"post": "yes"}).status_code == 403
        assert client.get("/admin/services/holidayschedule/add/").status_code == 403
        assert list(schedule.days.values_list("date", "kind")) == before
        assert HolidaySchedule.objects.get().year == schedule.year
    member = client_for(scene.founder)
    scene.founder.is_staff = True  # staff but no operator: nothing
    scene.founder.save(update_fields=["is_staff"])
    assert member.get("/admin/services/holidayschedule/").status_code == 403


def test_the_api_enters_and_reads_a_schedule(scene, platform):
    made = _ask(scene, datetime(2027, 9, 30, 10, tzinfo=SHANGHAI))
    body = {"holidays": [{"start": "2027-10-01", "end": "2027-10-07", "name_zh": "国庆节", "name_en": "National Day"}],
            "makeup_workdays": [{"start": "2027-09-26"}, {"start": "2027-10-09"}]}
    url = "/api/v1/services/calendar/2027"
    assert client_for(scene.putuo_operator).put(url, body, content_type="application/json").status_code == 403
    before = client_for(scene.putuo_operator).get(url).json()
    assert (before["source"], before["holidays"]) == ("weekdays", [])
    bad = client_for(platform).put(url, {**body, "makeup_workdays": [{"start": "2027-10-02"}]},
                                   content_type="application/json")
    assert bad.status_code == 400 and "2027-10-02" in bad.json()["error"]["message"] + str(bad.json())
    answer = client_for(platform).put(url, body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["requests_moved"] == [made.pk] and answer.json()["source"] == "entered"
    read = client_for(scene.putuo_operator).get(url).json()
    assert len(read["holidays"]) == 7 and read["makeup_workdays"][0] == {"day": "2027-09-26", "name_zh": "", "name_en": ""}
    assert client_for(scene.founder).get(url).status_code == 403
    assert client_for(platform).get("/api/v1/services/calendar/1999").status_code == 404
    library = client_for(platform).get("/api/v1/services/calendar/2025").json()
    assert library["source"] == "library" and {"day": "2025-10-11", "name_zh": "国庆节", "name_en": "National Day"} \
        in library["makeup_workdays"]
