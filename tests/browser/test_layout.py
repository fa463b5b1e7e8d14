"""Every GET page of the permission matrix, in both languages, in Chromium (in SHARDS parts the test workers share):

- at 390, 1366 and 1920 px (signed in as the first role that gets 200): a screenshot under
  var/screenshots/, no page wider than the viewport, the header on one row (its menu folded on a phone);
  the public pages and the workbench also at 320 px, the narrowest phone the header must serve;
- as every role that gets 200, at 1366 px: axe-core (vendored in tests/browser/vendor, tests only) finds
  no violation of the WCAG 2 A and AA rules.

A new page is checked as soon as it has its matrix row. One browser context per role, one page reused.
While working on a few pages, `LAYOUT_PAGES` (a regular expression on route names) and `LAYOUT_ROLES` narrow the run.
"""

import hashlib
import os
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from django.test import Client

from tests.permissions import ROLES
from tests.test_permission_matrix import PAGES, world_for_test

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366, 1920)
NARROWEST = 320  # px: the public pages and the workbench are checked here too (the header must not break from 320 px up)
LANGUAGES = {"zh-hans": "", "en": "/en"}
AXE_WIDTH = 1366
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
HEADER_ROW_MAX = 80  # px: the header is one row (brand, menu) at every width
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
# Long display names: the header must truncate them, not grow a second row.
LONG_NAMES = {"member": "上海市浦东新区张江高科技园区创新服务中心王小明研究员",
              "admin_a": "Dr. Maximilian Alexander Wolfgang Featherstonehaugh-Smythe"}

MEASURE = """() => {
  const header = document.querySelector('.site-header');
  const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1
      && !e.closest('.table-scroll') && getComputedStyle(e).position !== 'fixed').slice(0, 3)
      .map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''));
  return {scroll: document.documentElement.scrollWidth, width: innerWidth,
          header: header ? Math.round(header.getBoundingClientRect().height) : 0, wide};
}"""

RAIL = """() => [...document.querySelectorAll('.rail li')].filter(li => {
  const rail = li.closest('.rail').getBoundingClientRect(), dot = getComputedStyle(li, '::before');
  return li.getBoundingClientRect().top + li.clientTop + parseFloat(dot.top) < rail.top - 0.5;
}).length"""

AXE_RUN = """async ([tags, fragment]) => {
  // a fragment (the panel a page loads with htmx) has no <title> or lang of its own: the page around it does
  const rules = fragment ? {'document-title': {enabled: false}, 'html-has-lang': {enabled: false}} : {};
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, rules, resultTypes: ['violations'], preload: false});
  return result.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


#: pages of the matrix drawn by Django's admin templates, like every other admin page (tests/test_admin_matrix.py
#: checks who reaches them): their layout is Django's, not ours
DJANGO_ADMIN_SCREENS = {"admin_password_change"}


def html_pages(world) -> dict[str, tuple[str, list[str]]]:
    """name -> (path, roles that get an HTML page with 200), in the order of ROLES."""
    found = {}
    for name, (method, url, _data, expected) in sorted(PAGES.items()):
        if name in DJANGO_ADMIN_SCREENS:
            continue
        roles = [role for role in ROLES if method == "get" and expected[role] == 200]
        if roles:
            found[name] = (url(world), roles)
    return found


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def distinct_visits(world, pages) -> tuple[set[tuple[str, str, str]], set[str], set[str]]:
    """The (role, name, language) whose HTML differs from every other role's (the page as the server sends it,
    without its CSRF tokens and the signed-in person's name): axe runs once per distinct page.
    Also the names of the pages that are not HTML (calendar feeds, images, files), and of the fragments."""
    seen: dict[str, tuple[str, str, str]] = {}
    not_html: set[str] = set()
    fragments: set[str] = set()
    for role in ROLES:
        client = Client()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        for name, (path, roles) in pages.items():
            if role not in roles or name in not_html:
                continue
            for language, prefix in LANGUAGES.items():
                response = client.get(prefix + path)
                if not response.get("Content-Type", "").startswith("text/html"):
                    not_html.add(name)
                    break
                html = CSRF.sub("", response.content.decode())
                if "<html" not in html:
                    fragments.add(name)
                if user is not None:
                    html = html.replace(str(user), "USER").replace(user.email, "USER")
                seen.setdefault(hashlib.sha256(html.encode()).hexdigest(), (role, name, language))
    return set(seen.values()), not_html, fragments


def widths(name: str, roles: list[str]) -> tuple[int, ...]:
    """The widths a page is measured at: 320 px too for the public pages and the workbench."""
    return (NARROWEST, *WIDTHS) if roles[0] == "anonymous" or name == "web:workbench" else WIDTHS


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", name.lower())


#: the pages are checked in this many parts, so that the test workers share the crawl (pytest -n)
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_fits_every_width_and_passes_axe(browser, live_server, transactional_db, shard):
    from innobelt.web.demo import load_demo

    started = time.monotonic()
    spent: Counter = Counter()
    load_demo()
    world = world_for_test()
    for role, name in LONG_NAMES.items():
        world.users[role].display_name = name
        world.users[role].save(update_fields=["display_name"])
    only = os.environ.get("LAYOUT_PAGES", "")
    every = html_pages(world)
    assert len(every) >= 50
    names = sorted(name for name in every if re.search(only, name))
    pages = {name: every[name] for i, name in enumerate(names) if i % SHARDS == shard}  # this part's share
    distinct, not_html, fragments = distinct_visits(world, pages)
    spent["classify"] = time.monotonic() - started
    pages = {name: page for name, page in pages.items() if name not in not_html}
    problems: list[str] = []
    counts = {"width": 0, "axe": 0}

    def timed(what, call, *args, **kwargs):
        begun = time.monotonic()
        try:
            return call(*args, **kwargs)
        finally:
            spent[what] += time.monotonic() - begun

    for role in os.environ.get("LAYOUT_ROLES", " ".join(ROLES)).split():
        context = browser.new_context(viewport={"width": AXE_WIDTH, "height": 900})
        if world.users[role] is not None:
            client = Client()
            client.force_login(world.users[role])
            context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        context.add_init_script(AXE_SOURCE)  # compiled once per renderer, not once per page
        page = context.new_page()
        for name, (path, roles) in pages.items():
            if role not in roles:
                continue
            for language, prefix in LANGUAGES.items():
                target = prefix + path
                if role != roles[0] and (role, name, language) not in distinct:
                    continue  # the same HTML as a page already checked
                page.set_viewport_size({"width": AXE_WIDTH, "height": 900})
                response = timed("load", page.goto, live_server.url + target)
                assert response is not None and response.status == 200, f"{role} {target}: {response and response.status}"
                if (role, name, language) in distinct:
                    for violation in timed("axe", page.evaluate, AXE_RUN, [AXE_TAGS, name in fragments]):
                        problems.append(f"axe {role} {target}: {violation}")
                    counts["axe"] += 1
                if role != roles[0]:
                    continue
                for width in widths(name, roles):
                    page.set_viewport_size({"width": width, "height": 900})
                    measured = timed("measure", page.evaluate, MEASURE)
                    if measured["scroll"] > measured["width"]:
                        problems.append(f"width {width} {role} {target}: the page is {measured['scroll']} px wide {measured['wide']}")
                    if measured["header"] > HEADER_ROW_MAX:
                        problems.append(f"width {width} {role} {target}: the header is {measured['header']} px high (more than one row)")
                    if name == "web:home" and page.evaluate(RAIL):
                        problems.append(f"width {width} {target}: station dots cut off by the railway's top edge")
                    shot = SCREENSHOTS / language / str(width) / f"{slug(name)}.png"
                    shot.parent.mkdir(parents=True, exist_ok=True)
                    timed("screenshot", page.screenshot, path=str(shot))  # the viewport: a full page costs twice
                    counts["width"] += 1
        context.close()
    print(f"\n{len(pages)} pages; {counts['width']} width checks and screenshots, {counts['axe']} axe runs "
          f"in {time.monotonic() - started:.0f} s; {len(problems)} problems; "
          + ", ".join(f"{k} {v:.0f} s" for k, v in spent.most_common()))
    assert problems == [], "\n".join(problems)
