"""Issue 19 in Chromium: 1:1 requests that need acceptance. Two participants ask a third to meet (one on
the English page, one on the Chinese page); the person asked sees both requests, accepts one in English and
declines the other in Chinese; each sender then sees the answer on their own page, in their language, and
is told in their inbox. The scheduler later counts only the accepted request."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from innobelt.meetings.models import MeetingRequest
from innobelt.notifications.models import Notification
from tests.browser.helpers import switch_language
from tests.meetings.helpers import programme_with

pytestmark = pytest.mark.browser


def signed_in(browser, live_server, user, errors):
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    return page


def ask(page, url, target, priority):
    page.goto(url)
    row = page.locator(f"#p{target.pk}")
    row.locator("select[name=priority]").select_option(priority)
    row.locator(".request-form button[type=submit]").click()
    page.wait_for_load_state()
    return page.locator(f"#p{target.pk}")


def test_the_person_asked_accepts_one_request_and_declines_another(browser, live_server, transactional_db):
    programme, _slots, (receiver, english, chinese) = programme_with(people=3, requests_need_acceptance=True)
    for participant, en, zh in ((receiver, "Lingang Composites", "临港复材"), (english, "Suzhou Optics", "苏州光学"),
                                (chinese, "Wuxi Sensors", "无锡传感")):
        organisation = participant.registration.organisation
        organisation.name_en, organisation.name_zh = en, zh
        organisation.save()
    event = programme.event
    base = live_server.url
    errors: list[str] = []
    pages = {p.pk: signed_in(browser, live_server, p.registration.user, errors) for p in (receiver, english, chinese)}

    # the senders ask: one in English, one in Chinese; each sees the request waiting for an answer
    row = ask(pages[english.pk], f"{base}/en/meetings/{event.pk}/people/", receiver, "must")
    expect(row.locator(".my-request-answer")).to_have_text("your request awaits their answer")
    row = ask(pages[chinese.pk], f"{base}/meetings/{event.pk}/people/", receiver, "like")
    expect(row.locator(".my-request-answer")).not_to_be_empty()
    assert set(MeetingRequest.objects.filter(target=receiver).values_list("requester", "response")) == {(english.pk, ""), (chinese.pk, "")}

    # the person asked sees both, in English, and accepts the first
    page = pages[receiver.pk]
    page.goto(f"{base}/en/meetings/{event.pk}/people/")
    expect(page.locator("#acceptance-note")).to_be_visible()
    for sender in (english, chinese):
        expect(page.locator(f"#p{sender.pk}")).to_contain_text("wants to meet you")
    page.locator(f"#answer-{english.pk} button[value=accept]").click()
    page.wait_for_load_state()
    expect(page.locator(".messages, .message").first).to_contain_text("You accepted the request of")
    expect(page.locator(f"#answer-{english.pk} .answer-accepted")).to_have_text("you accepted")
    expect(page.locator(f"#answer-{english.pk} button[value=accept]")).to_have_count(0)  # can still change to decline

    # then switches to Chinese and declines the second
    switch_language(page, "zh-hans")
    page.wait_for_load_state()
    assert f"/meetings/{event.pk}/people/" in page.url and "/en/" not in page.url
    expect(page.locator(f"#p{chinese.pk}")).to_contain_text("希望与您洽谈")
    page.locator(f"#answer-{chinese.pk} button[value=decline]").click()
    page.wait_for_load_state()
    expect(page.locator(f"#answer-{chinese.pk} .answer-declined")).to_have_text("您已拒绝")
    expect(page.locator(f"#answer-{english.pk} .answer-accepted")).to_have_text("您已接受")

    # each sender sees the outcome in their own language, and was told
    pages[english.pk].goto(f"{base}/en/meetings/{event.pk}/people/")
    expect(pages[english.pk].locator(f"#p{receiver.pk} .my-request-answer")).to_have_text("they accepted your request")
    pages[chinese.pk].goto(f"{base}/meetings/{event.pk}/people/")
    expect(pages[chinese.pk].locator(f"#p{receiver.pk} .my-request-answer")).to_have_text("对方已拒绝您的请求")
    assert dict(MeetingRequest.objects.filter(target=receiver).values_list("requester", "response")) == {
        english.pk: "accepted", chinese.pk: "declined"}
    assert Notification.objects.filter(recipient=english.registration.user, kind="meetings.request_accepted").exists()
    assert Notification.objects.filter(recipient=chinese.registration.user, kind="meetings.request_declined").exists()
    assert not Notification.objects.filter(recipient=english.registration.user, kind="meetings.request_declined").exists()

    # the scheduler's input pairs only the accepted request
    from innobelt.meetings.domain.scheduling import build_instance

    instance, _keep = build_instance(programme)
    assert [{r["a"], r["b"]} for r in instance["requests"]] == [{f"p{receiver.pk}", f"p{english.pk}"}]
    assert errors == [], errors
