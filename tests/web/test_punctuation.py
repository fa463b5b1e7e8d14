"""Each language keeps its own punctuation (issue 19, bug 6).

The main public pages and forms, rendered in both languages over the demo data: no English page
contains the Chinese enumeration comma 、 or the full-width colon ：, and no Chinese page ends a label
(label, dt, th, legend) with an ASCII colon or puts one after a full-width question mark.
"""

import re
from html.parser import HTMLParser

import pytest

from innobelt.bilingual import join_list, list_separator
from innobelt.events.models import Event
from innobelt.organisations.models import Organisation
from innobelt.resources import opening_hours
from innobelt.resources.models import Booking, Resource

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/organisations/", "/organisations/{org}/", "/resources/", "/resources/{resource}/",
          "/events/", "/events/{event}/", "/belt/cities/", "/belt/cities/suzhou/", "/belt/agreements/",
          "/belt/agreements/alliance-putuo-nanjing/", "/accounts/login/", "/accounts/login/sms/",
          "/accounts/register/", "/accounts/password/reset/", "/accounts/privacy/"]
SIGNED_IN = ["/workbench/", "/accounts/settings/", "/organisations/new/", "/organisations/mine/",
             "/organisations/{org}/claim/", "/resources/{resource}/request/", "/resources/{resource}/book/",
             "/resources/requests/", "/resources/bookings/", "/events/mine/"]
# The inbox is left out of the English check: a notification is written once, in its reader's preferred
# language when it was sent (the demo's people prefer Chinese), so its Chinese text is not a page's.
FIND_PARTNERS = "/matching/?q=materials"

CHINESE_ONLY = re.compile("[、：]")
ASCII_COLON_LABEL = re.compile(r"<(label|dt|th|legend)\b[^>]*>((?:(?!</\1>).)*?)(?<![0-9]):\s*</\1>", re.S)
SUFFIX_AFTER_QUESTION = re.compile(r"[？?]\s*[:：]\s*</label>")


class EnglishText(HTMLParser):
    """The text a reader of an English page reads: text and the attributes shown (placeholder, title,
    aria-label), less scripts, styles and whatever is marked as written in Chinese (lang="zh…": a
    description its organisation wrote only in Chinese)."""

    SHOWN = ("placeholder", "title", "aria-label", "alt")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its content outside this check?
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = (bool(self.stack) and self.stack[-1]) or tag in ("script", "style") \
            or (attrs.get("lang") or "").lower().startswith("zh")
        if not skipped:
            self.parts += [attrs[a] for a in self.SHOWN if attrs.get(a)]
        if tag not in self.VOID:
            self.stack.append(skipped)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


@pytest.fixture
def pages(belt, client):
    org = Organisation.objects.get(slug="wusong-material-laboratory")
    booking = Booking.objects.filter(resource__kind="equipment").order_by("pk").first()
    event = Event.objects.filter(status="published").order_by("pk").first()
    return {"org": org.slug, "resource": booking.resource_id, "event": event.pk, "user": booking.booked_by}


def html_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.get("Location"))
    return response.content.decode()


def sign_in(client, pages):
    client.force_login(pages["user"])


def english_problems(client, paths, ids) -> list[str]:
    problems = []
    for path in paths:
        path = "/en" + path.format(**ids)
        reader = EnglishText()
        reader.feed(html_of(client, path))
        text = " ".join(" ".join(reader.parts).split())
        problems += [f"{path}: …{text[max(m.start() - 60, 0):m.end() + 20]}…" for m in CHINESE_ONLY.finditer(text)]
    return problems


def chinese_problems(client, paths, ids) -> list[str]:
    problems = []
    for path in paths:
        html = html_of(client, path.format(**ids))
        problems += [f"{path.format(**ids)}: {m.group(0)[-80:]}" for m in ASCII_COLON_LABEL.finditer(html)]
        problems += [f"{path.format(**ids)}: {m.group(0)}" for m in SUFFIX_AFTER_QUESTION.finditer(html)]
    return problems


def test_english_pages_have_no_chinese_punctuation(client, pages):
    assert english_problems(client, PUBLIC, pages) == []
    sign_in(client, pages)
    assert english_problems(client, SIGNED_IN, pages) == []


def test_chinese_labels_end_with_a_full_width_colon(client, pages):
    assert chinese_problems(client, PUBLIC, pages) == []
    sign_in(client, pages)
    assert chinese_problems(client, [*SIGNED_IN, "/inbox/"], pages) == []
    login = html_of(client, "/accounts/login/")
    assert re.search(r"<label[^>]*>[^<]+：</label>", login)


def test_a_question_gets_no_label_suffix(client, pages):
    html = html_of(client, FIND_PARTNERS)
    assert "您需要什么？</label>" in html
    assert chinese_problems(client, [FIND_PARTNERS], pages) == []


def test_the_english_find_partners_page_has_no_chinese_punctuation(client, pages):
    matches_for = f"/matching/for/organisation/{Organisation.objects.get(slug=pages['org']).pk}/"
    assert english_problems(client, [FIND_PARTNERS, matches_for], pages) == []


def test_the_api_token_header_is_shown_not_swallowed(client, pages):
    sign_in(client, pages)
    assert "Bearer &lt;token&gt;" in html_of(client, "/en/accounts/settings/")
    assert "Bearer &lt;token&gt;" in html_of(client, "/accounts/settings/")


def test_a_day_without_opening_hours_is_a_day_off(client, pages):
    sign_in(client, pages)
    resource = Resource.objects.get(pk=pages["resource"])
    assert len({day for day, _, _ in resource.opening_hours}) < 7  # the demo's instruments rest at weekends
    chinese = html_of(client, f"/resources/{resource.pk}/book/")
    english = html_of(client, f"/en/resources/{resource.pk}/book/")
    assert '<p class="muted">休息</p>' in chinese and "停用" not in chinese
    assert '<p class="muted">closed</p>' in english


def test_opening_hours_read_in_the_page_language(client, pages):
    resource = Resource.objects.get(pk=pages["resource"])
    resource.opening_hours = opening_hours.parse_opening_hours("Mon-Fri 09:00-12:00, 13:00-17:00; Sat 09:00-12:00")
    resource.save(update_fields=["opening_hours"])
    assert "周一至周五 09:00-12:00、13:00-17:00；周六 09:00-12:00" in html_of(client, f"/resources/{resource.pk}/")
    assert "Mon-Fri 09:00-12:00, 13:00-17:00; Sat 09:00-12:00" in html_of(client, f"/en/resources/{resource.pk}/")


def test_the_railway_runs_from_shanghai_to_nanjing(client, pages):
    from innobelt.belt.models import City

    html = html_of(client, "/en/")
    rail = html[html.index('<ol class="rail">'):]
    rail = rail[:rail.index("</ol>")]
    shown = [name for name in re.findall(r"<strong>([^<]+)</strong>", rail)]
    on_the_line = [shown.index(c) for c in ("Suzhou", "Wuxi", "Changzhou", "Zhenjiang", "Nanjing")]
    assert on_the_line == sorted(on_the_line) and shown[-1] == "Nanjing"
    jiangsu = list(City.objects.filter(kind="jiangsu_city").order_by("position"))
    assert [float(c.longitude) for c in jiangsu] == sorted((float(c.longitude) for c in jiangsu), reverse=True)
    assert all(c.kind == "shanghai_district" for c in City.objects.order_by("position")[:3])


def test_join_list_follows_the_language():
    from django.utils import translation

    with translation.override("en"):
        assert join_list(["A", "", "B", None, "C"]) == "A, B, C" and list_separator() == ", "
    with translation.override("zh-hans"):
        assert join_list(["甲", "乙"]) == "甲、乙" and list_separator() == "、"


@pytest.mark.parametrize("text", ["Mon-Fri 09:00-12:00, 13:00-17:00; Sat 09:00-12:00", "Mon 08:00-20:00; Wed-Sun 10:00-16:00"])
def test_chinese_opening_hours_read_back(text):
    hours = opening_hours.parse_opening_hours(text)
    assert opening_hours.parse_opening_hours(opening_hours.format_opening_hours(hours, chinese=True)) == hours


# Text joined with ", " is English punctuation: what people read goes through innobelt.bilingual.join_list
# (or the template filter join_list / {% list_separator %}) so that Chinese reads "甲、乙". These modules
# join with ", " on purpose, each for a reason (the pure matching and scheduling libraries have no user text).
ENGLISH_ONLY_JOINS = {
    "innobelt/web/demo.py": "the demo loader's summary on the console, in English",
    "innobelt/web/checks.py": "a system check for the operator, in English",
    "innobelt/events/seeding.py": "the seed command's summary on the console, in English",
    "innobelt/resources/seeding.py": "the seed command's summary on the console, in English",
    "innobelt/resources/api.py": "API messages written in English only (unknown city and industry codes)",
    "innobelt/organisations/api.py": "API messages written in English only (unknown codes, hidden characters)",
    "innobelt/resources/models/access.py": "the admin's object name of an outcome report",
    "innobelt/challenges/api.py": "API messages written in English only (unknown industry codes), as resources' and organisations'",
    "innobelt/ops/management/commands/periodic.py": "a command's error on the console, in English",
}
COMMA_JOIN = re.compile(r"""["'], ["']\.join\(|\|join:["'], ["']""")


def test_lists_people_read_are_joined_as_their_language_does():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = set()
    for path in sorted((root / "innobelt").rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.suffix not in (".py", ".html", ".txt") or "/matching/engine/" in relative or "/meetings/scheduling/" in relative:
            continue
        if COMMA_JOIN.search(path.read_text(encoding="utf-8")):
            found.add(relative)
    assert found == set(ENGLISH_ONLY_JOINS), "join a list people read with bilingual.join_list (or say why not here)"
