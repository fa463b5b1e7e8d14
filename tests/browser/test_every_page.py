"""Every page, in both languages, anonymous and as a platform operator: no CSP
violation and no console error. Pages come from the permission matrix, so a new
page is crawled as soon as it has its matrix row."""

import pytest
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from tests.test_permission_matrix import PAGES, world_for_test

pytestmark = pytest.mark.browser

EXTRA = ["/admin/", "/admin/organisations/organisation/", "/admin/belt/cooperationagreement/1/change/", "/api/v1/docs"]


def urls(world) -> list[str]:
    found = []
    for _name, (method, url, _data, expected) in sorted(PAGES.items()):
        if method == "get" and 200 in (expected["anonymous"], expected["platform"]):
            found.append(url(world))
    return found + EXTRA


def sign_in_cookie(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


@pytest.mark.parametrize("role", ["anonymous", "platform"])
def test_every_page_has_no_csp_violation_or_console_error(page, live_server, transactional_db, role):
    from innobelt.web.demo import load_demo

    load_demo()
    world = world_for_test()
    if role == "platform":
        sign_in_cookie(page, live_server, world.users["platform"])
    problems: list[str] = []
    current = {"url": ""}
    page.on("console", lambda msg: problems.append(f"{current['url']}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"{current['url']}: {exc}"))
    visited = 0
    for path in urls(world):
        for prefix in ("", "/en"):
            target = path if path.startswith(("/api/", "/files/")) else prefix + path
            current["url"] = target
            try:
                page.goto(live_server.url + target)
            except PlaywrightError as exc:  # a calendar feed or a file: the browser downloads it
                assert "Download is starting" in str(exc), exc
            visited += 1
    assert visited >= 40
    # 404s and 403s are expected for some pages and roles; the browser logs the failed load itself.
    problems = [p for p in problems if "Failed to load resource" not in p]
    assert problems == []
