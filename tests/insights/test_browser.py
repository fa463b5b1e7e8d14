"""In headless Chromium: an operator's dashboard and the display wall in both languages (screenshots under
var/screenshots/, no console error or CSP violation), and a running wall that shows new figures after the
records change, keeps the last figures while its data does not answer, and catches up when it does."""

import re
from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from innobelt.organisations.models import Organisation
from tests.browser.conftest import browser_type_launch_args, console_errors, demo  # noqa: F401
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def sign_in(page, base, email, password):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("form.form-card button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@override_settings(INSIGHTS_MIN_COUNT=1)
def test_dashboard_and_wall_in_both_languages(page, live_server, demo, console_errors):  # noqa: F811
    from innobelt.web.demo import DEMO_PASSWORD

    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, base, "operator@innobelt.local", DEMO_PASSWORD)
    for prefix, language in (("", "zh"), ("/en", "en")):
        page.goto(f"{base}{prefix}/insights/belt/")
        expect(page.locator("[data-figure=organisations] .insights-value")).not_to_be_empty()
        page.wait_for_function("document.querySelectorAll('.insights-chart canvas').length >= 2")
        expect(page.locator("[data-breakdown=members_by_kind] .insights-chart canvas")).to_have_count(1)  # members by kind, drawn
        page.screenshot(path=str(SHOTS / f"insights-belt-{language}.png"), full_page=True)
    page.set_viewport_size({"width": 1920, "height": 1080})
    for prefix, language in (("", "zh"), ("/en", "en")):
        page.goto(f"{base}{prefix}/insights/wall/")
        expect(page.locator("#wall h1")).to_contain_text("沪宁产业创新带")
        expect(page.locator("#wall h1")).to_contain_text("Shanghai–Nanjing Industrial Innovation Belt")
        page.screenshot(path=str(SHOTS / f"insights-wall-{language}.png"))
    assert console_errors == []


@override_settings(INSIGHTS_MIN_COUNT=1, INSIGHTS_WALL_POLL_SECONDS=1, INSIGHTS_WALL_ROTATE_SECONDS=1)
def test_the_running_wall_shows_new_figures_and_survives_an_outage(page, live_server, demo, console_errors):  # noqa: F811
    base = live_server.url
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{base}/insights/wall/")
    counter = page.locator("[data-counter=organisations] .wall-value")
    before = int(counter.inner_text())
    OrganisationFactory(kind=Organisation.Kind.STARTUP)
    OrganisationFactory(kind=Organisation.Kind.STARTUP)
    expect(counter).to_have_text(str(before + 2), timeout=10_000)
    expect(page.locator("[data-panel=map]")).to_be_visible(timeout=10_000)  # it turns through its panels
    page.wait_for_function("document.querySelectorAll('#wall-map canvas').length >= 1")
    page.screenshot(path=str(SHOTS / "insights-wall-map.png"))

    # The server stops answering: the wall keeps the last figures and says so.
    page.route("**/insights/wall/data/", lambda route: route.abort())
    expect(page.locator("#wall-status")).to_have_class(re.compile("wall-offline"), timeout=10_000)
    OrganisationFactory(kind=Organisation.Kind.STARTUP)
    page.wait_for_timeout(1500)
    expect(counter).to_have_text(str(before + 2))
    # It is back: the wall catches up.
    page.unroute("**/insights/wall/data/")
    expect(counter).to_have_text(str(before + 3), timeout=10_000)
    expect(page.locator("#wall-status")).not_to_have_class(re.compile("wall-offline"), timeout=10_000)
    # An aborted request is logged by the browser as a failed load: nothing else may be.
    assert [e for e in console_errors if "net::ERR_FAILED" not in e] == []
