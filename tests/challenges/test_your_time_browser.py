"""Deadlines are enforced in China time and shown in the viewer's time zone too (issue 21): a reader in Berlin sees
the challenge's and the open call's deadlines in China time and, beside them, in Berlin time; a reader in
Shanghai sees China time only."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from innobelt.challenges.models import Challenge, OpenCall
from tests.browser.conftest import browser_type_launch_args, console_errors  # noqa: F401  (Debian's Chromium, shared fixtures)
from tests.challenges.factories import ChallengeFactory
from tests.factories import CityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEADLINE = datetime(2027, 1, 15, 17, 0, tzinfo=SHANGHAI)  # 10:00 in Berlin (CET, UTC+1)


def _listen(page, errors):
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    return page


def test_a_reader_elsewhere_sees_each_deadline_in_china_time_and_in_their_own(browser, live_server, transactional_db, console_errors):  # noqa: F811
    challenge = ChallengeFactory(owner=OrganisationFactory(), proposal_deadline=DEADLINE, status=Challenge.Status.PUBLISHED)
    city = CityFactory()
    from innobelt.challenges import domain

    call = domain.post_open_call(
        actor=UserFactory(operator_for=[city]),
        city=city,
        title_en="Superalloy powder",
        text_language="en",
        problem="Blades.",
        funding=Decimal("1000"),
        deadline=DEADLINE,
        milestones=[{"name_en": "Sample", "share": 100}],
    )
    base = live_server.url
    berlin = _listen(browser.new_context(timezone_id="Europe/Berlin").new_page(), console_errors)
    berlin.goto(f"{base}/en/challenges/{challenge.pk}/")
    expect(berlin.locator("dd", has_text="2027-01-15 17:00")).to_contain_text("(China time)")
    yours = berlin.locator("time.your-time")
    expect(yours).to_be_visible()
    expect(yours).to_contain_text("in your time zone")
    expect(yours).to_contain_text("01/15/2027, 10:00")
    berlin.goto(f"{base}/challenges/{challenge.pk}/")  # Chinese page, Berlin clock
    expect(berlin.locator("time.your-time")).to_contain_text("您所在时区")
    expect(berlin.locator("time.your-time")).to_contain_text("10:00")
    berlin.goto(f"{base}/en/open-calls/{call.pk}/")
    expect(berlin.locator("time.your-time")).to_contain_text("10:00")

    shanghai = _listen(browser.new_context(timezone_id="Asia/Shanghai").new_page(), console_errors)
    shanghai.goto(f"{base}/en/challenges/{challenge.pk}/")
    expect(shanghai.locator("dd", has_text="2027-01-15 17:00")).to_be_visible()
    expect(shanghai.locator("time.your-time")).to_be_hidden()
    assert OpenCall.objects.filter(pk=call.pk).exists()
    assert console_errors == []
