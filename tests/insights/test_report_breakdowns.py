"""The breakdowns in the quarterly reports: members by kind and by industry as the quarter ended, pairs declined
by reason during it, beside the quarter before; a sheet each in the XLSX (labels in the report's language), a
table each in the PDF (both languages), and on the report's page. Records are planted on either side of the
quarters' edges (China time) and in another city."""

import io
from dataclasses import dataclass
from datetime import datetime

import pytest
from django.test import Client
from openpyxl import load_workbook

from innobelt.challenges.models import Pipeline
from innobelt.insights.models import ReportRun
from innobelt.insights.registry import BELT, CHINA, Scope
from innobelt.insights.reports import Quarter, quarterly_report, report_size
from innobelt.organisations.models import Organisation
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.factories import CityFactory, IndustryFactory, OrganisationFactory, UserFactory
from tests.showcase.pdf_text import pdf_text

Q3 = Quarter(2026, 3)  # 1 July to 1 October 2026; the quarter before: 1 April to 1 July
K = Organisation.Kind


@dataclass
class Planted:
    city: object
    other: object


def at(*args) -> datetime:
    return datetime(*args, tzinfo=CHINA)


def declined(owner, reason, moved_at, stage=Pipeline.Stage.DECLINED):
    solver = OrganisationFactory(city=owner.city, kind=K.SME, created_at=at(2026, 11, 1))  # joined after Q3: no member then
    proposal = ProposalFactory(challenge=ChallengeFactory(owner=owner), organisation=solver)
    return Pipeline.objects.create(proposal=proposal, stage=stage, decline_reason=reason, moved_at=moved_at)


@pytest.fixture
def planted(db) -> Planted:
    """City A: a laboratory (joined in Q2; industry 1), an SME (Q3; industries 1 and 2), an SME joined in the
    last half hour of Q3 in China (industry 2), a startup joined in the first half hour of Q4 (industry 1:
    after the quarter, not counted). City B: an SME of Q3 (industry 1). Pairs of A's laboratory's challenges
    declined: two for budget in Q3, one not a fit in Q2, one too early in Q4; one in a pilot (not declined);
    one of B declined for budget in Q3."""
    city, other = CityFactory(slug="split-a"), CityFactory(slug="split-b")
    ind1 = IndustryFactory(code="split-1", name_zh="集成电路", name_en="Integrated circuits")
    ind2 = IndustryFactory(code="split-2", name_zh="生物医药", name_en="Biomedicine")
    lab = OrganisationFactory(city=city, kind=K.LABORATORY, created_at=at(2026, 5, 10))
    lab.industries.set([ind1])
    OrganisationFactory(city=city, kind=K.SME, created_at=at(2026, 8, 1)).industries.set([ind1, ind2])
    OrganisationFactory(city=city, kind=K.SME, created_at=at(2026, 9, 30, 23, 30)).industries.set([ind2])
    OrganisationFactory(city=city, kind=K.STARTUP, created_at=at(2026, 10, 1, 0, 30)).industries.set([ind1])
    b_sme = OrganisationFactory(city=other, kind=K.SME, created_at=at(2026, 8, 1))
    b_sme.industries.set([ind1])
    declined(lab, "budget", at(2026, 8, 15))
    declined(lab, "budget", at(2026, 9, 30, 23, 59))
    declined(lab, "not_a_fit", at(2026, 5, 20))
    declined(lab, "too_early", at(2026, 10, 1, 0, 1))
    declined(lab, "", at(2026, 8, 15), stage=Pipeline.Stage.PILOT)
    declined(b_sme, "budget", at(2026, 8, 15))
    return Planted(city, other)


def split_rows(report) -> dict[str, list]:
    return {split.breakdown.key: [(key, this, before) for key, _label, this, before in split.rows()] for split in report.splits}


def test_the_breakdowns_are_counted_as_the_quarter_ended_and_during_it(planted):
    rows = split_rows(quarterly_report(Scope(cities=(planted.city,)), Q3))
    assert rows == {
        # a state as the quarter ended: the members who had joined by then (the one of 1 October is not)
        "members_by_kind": [("sme", 2, 0), ("laboratory", 1, 1)],
        "members_by_industry": [("split-1", 2, 1), ("split-2", 2, 0)],
        # events of the quarter: declined during it, by reason (B's pair is not A's; the pilot is not declined)
        "decline_reasons": [("budget", 2, 0), ("not_a_fit", 0, 1)],
    }
    belt = split_rows(quarterly_report(BELT, Q3))
    assert belt["members_by_kind"] == [("sme", 3, 0), ("laboratory", 1, 1)]
    assert belt["members_by_industry"] == [("split-1", 3, 1), ("split-2", 2, 0)]
    assert belt["decline_reasons"] == [("budget", 3, 0), ("not_a_fit", 0, 1)]


def _xlsx(client, prefix: str, city) -> tuple[object, ReportRun]:
    started = client.post(f"{prefix}/insights/reports/runs/2026/q3/{city.slug}/", {"format": "xlsx"})
    assert started.status_code == 302
    run = ReportRun.objects.get(pk=started["Location"].rstrip("/").rsplit("/", 1)[1])
    assert run.status == ReportRun.Status.DONE, run.error
    response = client.get(f"{started['Location']}download/")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)), run


def _cells(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_the_xlsx_has_a_sheet_a_breakdown_in_the_report_language(planted):
    client = Client()
    client.force_login(UserFactory(operator_for=[planted.city]))

    book, run = _xlsx(client, "/en", planted.city)
    assert book.sheetnames == ["2026 Q3", "Members by kind", "Members by industry", "Decline reasons", "Notes"]
    assert run.total_figures == run.counted_figures == report_size(Scope(cities=(planted.city,)))  # progress counts them
    assert _cells(book["Members by kind"]) == [("Category", "2026 Q3", "2026 Q2"), ("SME", 2, 0), ("laboratory", 1, 1)]
    assert _cells(book["Members by industry"]) == [
        ("Category", "2026 Q3", "2026 Q2"), ("Integrated circuits", 2, 1), ("Biomedicine", 2, 0)]
    assert _cells(book["Decline reasons"]) == [("Category", "2026 Q3", "2026 Q2"), ("budget", 2, 0), ("not a fit", 0, 1)]
    notes = [row[0] for row in _cells(book["Notes"])]
    assert notes[0] == "Notes" and "keeps no history of a member's kind or industries" in notes[1]
    assert "quarter of their last step" in notes[2] and "fewer than 5 records" in notes[3]
    assert book["Members by kind"]["B2"].data_type == "n"  # numbers, not text
    figures = {row[1]: row[2:] for row in _cells(book["2026 Q3"])[1:]}
    assert figures["Organisations on the platform"] == (2, 1)  # joined during the quarter, as before

    book, _run = _xlsx(client, "", planted.city)  # Chinese, the default language: no prefix
    assert book.sheetnames == ["2026 Q3", "按类型统计的成员", "按行业统计的成员", "拒绝原因", "说明"]
    assert _cells(book["按类型统计的成员"]) == [("类别", "2026 Q3", "2026 Q2"), ("中小企业", 2, 0), ("实验室", 1, 1)]
    assert _cells(book["按行业统计的成员"]) == [("类别", "2026 Q3", "2026 Q2"), ("集成电路", 2, 1), ("生物医药", 2, 0)]
    assert _cells(book["拒绝原因"]) == [("类别", "2026 Q3", "2026 Q2"), ("预算", 2, 0), ("不匹配", 0, 1)]
    assert "平台不保存成员类型或行业的历史" in _cells(book["说明"])[1][0]


def test_the_pdf_has_a_table_a_breakdown_in_both_languages(planted):
    client = Client()
    client.force_login(UserFactory(operator_for=[planted.city]))
    started = client.post(f"/en/insights/reports/runs/2026/q3/{planted.city.slug}/", {"format": "pdf"})
    run = ReportRun.objects.get(pk=started["Location"].rstrip("/").rsplit("/", 1)[1])
    assert run.status == ReportRun.Status.DONE, run.error
    text = pdf_text(client.get(f"{started['Location']}download/").content)
    for heading in ("按类型统计的成员", "Members by kind", "按行业统计的成员", "方案与对接被拒绝的原因",
                    "Why proposals and pairs were declined", "说明", "Notes"):
        assert heading in text, heading
    # each category in Chinese, then English, then this quarter's number and the one before (cells run together)
    for zh, en, this, before in [("中小企业", "SME", 2, 0), ("实验室", "laboratory", 1, 1), ("集成电路", "Integrated circuits", 2, 1),
                                 ("生物医药", "Biomedicine", 2, 0), ("预算", "budget", 2, 0), ("不匹配", "not a fit", 0, 1)]:
        assert f"{zh}\n{en}\n{this}{before}" in text, (zh, text)
    assert "too early" not in text  # declined in Q4
    assert "平台不保存成员类型或行业的历史" in text.replace("\n", "")


def test_the_report_page_shows_the_breakdowns_with_their_drill_down(planted):
    client = Client()
    client.force_login(UserFactory(operator_for=[planted.city]))
    html = client.get(f"/en/insights/reports/2026/q3/{planted.city.slug}/").content.decode()
    kinds = html.split('data-breakdown="members_by_kind"')[1].split("</section>")[0]
    row = kinds.split('data-category="sme">')[1].split("</tr>")[0]
    assert f'href="/en/organisations/?kind=sme&amp;city={planted.city.slug}"' in row and "<td>2</td><td>0</td>" in row
    reasons = html.split('data-breakdown="decline_reasons"')[1].split("</section>")[0]
    link = f"/en/pipelines/stalls/?stage=declined&amp;reason=budget&amp;city={planted.city.slug}"  # operators' counts of pairs
    assert f'<tr data-category="budget"><th scope="row"><a href="{link}">budget</a></th><td>2</td><td>0</td>' in reasons
    assert "keeps no history of a member&#x27;s kind or industries" in html
