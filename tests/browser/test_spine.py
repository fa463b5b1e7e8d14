import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from innobelt.belt.models import City
from innobelt.organisations.models import Organisation
from tests.browser.helpers import switch_language

pytestmark = pytest.mark.browser


def sign_in(page, base, email, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("form.form-card button[type=submit]")


def test_register_confirm_claim_verify(page, live_server, demo, console_errors):
    from innobelt.web.demo import DEMO_PASSWORD

    base = live_server.url
    org = Organisation.objects.create(slug="baoshan-new-alloys", kind="sme", name_zh="宝山新合金科技有限公司",
                                      name_en="Baoshan New Alloys", city=City.objects.get(slug="baoshan"))
    page.goto(f"{base}/accounts/register/")
    page.fill("#id_display_name", "周工")
    page.fill("#id_email", "zhou@example.com")
    page.fill("#id_password", "a-long-pass-2026")
    page.check("#id_consent")
    page.click("form.form-card button[type=submit]")
    expect(page.locator(".message-success")).to_be_visible()

    link = re.search(r"http://[^\s]+(/accounts/confirm/[^\s]+/)", mail.outbox[-1].body).group(1)
    page.goto(base + link)
    expect(page.locator(".message-success")).to_contain_text("确认")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))  # a confirmation link never signs in
    sign_in(page, base, "zhou@example.com", "a-long-pass-2026")

    page.goto(f"{base}/organisations/{org.slug}/")
    page.click("text=我在这里工作")
    page.fill("#id_position", "总经理")
    page.click("form.form-card button[type=submit]")
    expect(page).to_have_url(re.compile(r"/organisations/mine/$"))

    page.context.clear_cookies()
    sign_in(page, base, "baoshan@innobelt.local", DEMO_PASSWORD)
    page.goto(f"{base}/organisations/claims/")
    page.click("table.data button:has-text('批准')")
    expect(page.locator(".message-success")).to_be_visible()

    page.goto(f"{base}/organisations/{org.slug}/")
    expect(page.locator("#verification-state")).to_have_text("已认证")
    org.refresh_from_db()
    assert org.is_verified and org.memberships.get().user.email == "zhou@example.com"
    assert console_errors == []


def test_language_switch_keeps_the_directory_search(page, live_server, demo, console_errors):
    base = live_server.url
    page.goto(f"{base}/organisations/")
    page.fill("#id_q", "材料")
    expect(page.locator("#results")).to_contain_text("吴淞材料实验室")
    expect(page).to_have_url(re.compile(r"q=%E6%9D%90%E6%96%99"))
    switch_language(page, "en")
    expect(page).to_have_url(re.compile(r"/en/organisations/\?.*q=%E6%9D%90%E6%96%99"))
    expect(page.locator("#results")).to_contain_text("Wusong Material Laboratory")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{base}/")  # the choice is remembered
    expect(page).to_have_url(f"{base}/en/")
    assert console_errors == []
