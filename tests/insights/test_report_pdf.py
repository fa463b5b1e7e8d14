"""The quarterly report as a PDF: the same figures as the page, in Chinese and English, the Chinese font
embedded; its text read back with tests/showcase/pdf_text.py."""

from django.test import Client
from django.utils import timezone

from innobelt.insights import registry
from innobelt.insights.registry import FIGURES, Scope
from innobelt.insights.reports import Quarter, number_text, quarterly_report
from tests.factories import UserFactory
from tests.insights.test_figures_apps import make_apps
from tests.showcase.pdf_text import _objects, pdf_text


def generated(client, start: str, file_format: str) -> str:
    """Ask for the report (generated inside the request in tests) and return its download link."""
    from innobelt.insights.models import ReportRun

    response = client.post(start, {"format": file_format})
    assert response.status_code == 302
    run = ReportRun.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])
    assert run.status == ReportRun.Status.DONE, run.error
    return f"{response['Location']}download/"


def test_the_pdf_holds_the_figures_of_the_page_in_both_languages(known):
    make_apps(known)
    quarter = Quarter.of(timezone.localdate())
    client = Client()
    client.force_login(UserFactory(operator_for=[known.city_w]))
    url = f"/en/insights/reports/{quarter.year}/q{quarter.number}/{known.city_w.slug}/"
    page = client.get(url).content.decode()
    start = f"/en/insights/reports/runs/{quarter.year}/q{quarter.number}/{known.city_w.slug}/"
    assert f'action="{start}"' in page and 'value="pdf"' in page
    response = client.get(generated(client, start, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(f'q{quarter.number}.pdf"')
    pdf = response.content
    heads = b"".join(head for head, _data in _objects(pdf).values())
    assert b"Noto-Sans-CJK-SC" in heads and b"/FontFile" in heads  # the Chinese font is embedded
    text = pdf_text(pdf)
    assert "quarterly report " + quarter.label in text and "季度报告" in text
    for heading in ("Innovation vouchers", "科技创新券", "Service requests", "Talent", "人才", "Achievements and awards"):
        assert heading in text, heading
    report = quarterly_report(Scope(cities=(known.city_w,)), quarter)
    on_the_page = {line.figure.key: line for _label, group in report.groups for line in group}
    checked = 0
    for key, zh, en in [
        ("organisations", "平台上的机构", "Organisations on the platform"),
        ("vouchers_issued", "已发放创新券", "Innovation vouchers issued"),
        ("service_requests", "服务请求", "Service requests"),
        ("position_applications", "岗位申请", "Applications to positions"),
        ("achievements_published", "已发布成果", "Achievements published"),
    ]:
        line = on_the_page[key]
        expected = registry.value_between(FIGURES[key], Scope(cities=(known.city_w,)), quarter.start, quarter.end).value
        assert line.this.value == expected and expected > 0, key
        # the Chinese label, the English one, then this quarter's figure and the one before (cells run together)
        assert f"{zh}\n{en}\n{number_text(expected)}{number_text(line.before.value)}" in text, (key, text)
        checked += 1
    assert checked == 5
    assert len(on_the_page) == len(registry.figures_for(Scope(cities=(known.city_w,))))
    from django.utils import translation

    with translation.override("en"):
        flat = "".join(text.split())  # a long label wraps
        missing = [key for key in on_the_page if "".join(str(FIGURES[key].label).split()) not in flat]
    assert not missing  # every figure of the page is in the PDF


def test_the_pdf_of_the_whole_belt_is_for_platform_operators_only(known):
    quarter = Quarter.of(timezone.localdate())
    client = Client()
    client.force_login(UserFactory(operator_for=[known.city_w]))
    start = f"/insights/reports/runs/{quarter.year}/q{quarter.number}/"
    assert client.post(start, {"format": "pdf"}).status_code == 403
    client.force_login(UserFactory(is_platform_operator=True))
    text = pdf_text(client.get(generated(client, start, "pdf")).content)
    from django.utils.translation import gettext_lazy

    from innobelt.insights.reports import in_both

    zh, en = in_both(gettext_lazy("The whole Belt"))
    assert zh != en and f"{zh} · {quarter.year}年第{quarter.number}季度报告" in text and f"{en}: quarterly report" in text


def test_numbers_as_text():
    from decimal import Decimal

    assert number_text(8000000) == "8,000,000" and number_text(Decimal("600000.00")) == "600,000"
    assert number_text(Decimal("12.5")) == "12.50"
