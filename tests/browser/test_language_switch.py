"""Clicking the other language lands on the same page in that language (bug 1 of issue 19)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import switch_language

pytestmark = pytest.mark.browser


def test_chinese_from_an_english_page_and_english_from_a_chinese_page(page, live_server, demo, console_errors):
    base = live_server.url
    page.goto(f"{base}/events/")
    switch_language(page, "en")
    expect(page).to_have_url(f"{base}/en/events/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto(f"{base}/en/organisations/?q=materials")
    switch_language(page, "zh-hans")
    expect(page).to_have_url(re.compile(rf"^{re.escape(base)}/organisations/\?q=materials$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")

    page.goto(f"{base}/")  # Chinese is now the remembered choice: no redirect to /en/
    expect(page).to_have_url(f"{base}/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    assert console_errors == []


def test_chinese_from_an_english_page_signed_in(page, live_server, demo, console_errors):
    from innobelt.web.demo import DEMO_PASSWORD

    base = live_server.url
    page.goto(f"{base}/en/accounts/login/")
    page.fill("input[name=username]", "baoshan@innobelt.local")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form.form-card button[type=submit]")
    expect(page).to_have_url(f"{base}/en/workbench/")
    switch_language(page, "zh-hans")
    expect(page).to_have_url(f"{base}/workbench/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    switch_language(page, "en")
    expect(page).to_have_url(f"{base}/en/workbench/")
    assert console_errors == []
