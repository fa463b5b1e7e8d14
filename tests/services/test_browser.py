"""Must show (issue 24): a Wuxi startup requests a Shanghai market-entry service; it is routed to a Shanghai
provider, marked cross-provincial, given a file while it waits, worked through with messages to resolved and
rated; an overdue request is on the Putuo operator's queue. On the demo, in Debian's Chromium."""

import re

import pytest
from playwright.sync_api import expect

from innobelt.belt.models import City
from innobelt.services.models import ServiceRequest
from tests.browser.conftest import browser_type_launch_args, console_errors, demo  # noqa: F401  (Debian's Chromium, shared fixtures)

pytestmark = pytest.mark.browser


def sign_in(page, base, email):
    from innobelt.web.demo import DEMO_PASSWORD

    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form.form-card button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_a_wuxi_startup_gets_a_shanghai_market_entry_service(page, live_server, demo, console_errors):  # noqa: F811
    base = live_server.url
    wuxi, putuo = City.objects.get(slug="wuxi"), City.objects.get(slug="putuo")

    # The startup finds the service in Chinese and asks for it.
    sign_in(page, base, "wuxi-startup@innobelt.local")
    page.goto(f"{base}/services/?q=市场准入")
    page.click("#results h3 a:has-text('上海市场准入与选址服务')")
    page.click("#request-service")
    page.fill("#id_need", "我们想在普陀设立销售办公室，需要选址建议和工商登记指引。")
    page.select_option("#id_firm_city", str(wuxi.pk))
    page.select_option("#id_target_city", str(putuo.pk))
    page.click("form.form-card button[type=submit]")
    expect(page.locator(".message-success")).to_be_visible()
    expect(page.locator("#cross-provincial")).to_be_visible()
    expect(page.locator("#request-provider")).to_contain_text("普陀区企业服务中心")
    request = ServiceRequest.objects.filter(need__startswith="我们想在普陀").get()
    assert request.cross_provincial and request.provider.organisation.city == putuo

    # While it waits for the provider, the startup adds its business licence to the request.
    page.set_input_files("#attach-form input[type=file]", files=[{
        "name": "营业执照.pdf", "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n% licence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"}])
    page.click("#attach-form button[type=submit]")
    expect(page.locator(".message-success")).to_be_visible()
    expect(page.locator("#request-attachments")).to_contain_text("营业执照.pdf")

    # The Putuo provider accepts it and writes.
    sign_in(page, base, "putuo-services@innobelt.local")
    page.goto(f"{base}/services/queue/")
    page.click(f"#provider-queue a[href='/services/requests/{request.pk}/']")
    expect(page.locator("#request-attachments")).to_contain_text("营业执照.pdf")
    page.click("#to-accepted")
    expect(page.locator("#request-status")).to_have_class(re.compile("status-accepted"))
    page.click("#open-thread")
    page.fill("#conversation textarea", "请提供营业执照副本和预计团队人数。")
    page.click("#conversation button[type=submit]")
    expect(page.locator("#conversation")).to_contain_text("营业执照副本")

    # The startup answers in the thread.
    sign_in(page, base, "wuxi-startup@innobelt.local")
    page.goto(f"{base}/services/requests/{request.pk}/")
    page.click("#open-thread")
    expect(page.locator("#conversation")).to_contain_text("营业执照副本")
    page.fill("#conversation textarea", "团队约 8 人，执照副本随后发送。")
    page.click("#conversation button[type=submit]")
    expect(page.locator("#conversation")).to_contain_text("团队约 8 人")

    # The provider works it through to resolved.
    sign_in(page, base, "putuo-services@innobelt.local")
    page.goto(f"{base}/services/requests/{request.pk}/")
    page.click("#to-in_progress")
    expect(page.locator("#request-status")).to_have_class(re.compile("status-in_progress"))
    page.click("#to-resolved")
    expect(page.locator("#request-status")).to_have_class(re.compile("status-resolved"))

    # The startup confirms and rates it.
    sign_in(page, base, "wuxi-startup@innobelt.local")
    page.goto(f"{base}/services/requests/{request.pk}/")
    page.select_option("#id_rating", "5")
    page.fill("#id_comment", "选址建议很实用。")
    page.click("#confirm-form button[type=submit]")
    expect(page.locator("#request-status")).to_have_class(re.compile("status-closed"))
    expect(page.locator("#request-rating")).to_contain_text("5 / 5")

    # An overdue request of the demo is on the Putuo operator's queue.
    overdue = ServiceRequest.objects.get(overdue_since__isnull=False, status="new")
    sign_in(page, base, "putuo@innobelt.local")
    page.goto(f"{base}/services/operators/")
    expect(page.locator(f"#operator-queue a[href='/services/requests/{overdue.pk}/']")).to_be_visible()
    assert console_errors == []
