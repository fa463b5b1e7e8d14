"""The pipeline (pilots, contracts, investments, pairs declined and why), sample jobs, follow-up actions due,
members by kind and industry and the pledges in force equal the counts of a small Belt with known records (on
top of tests/insights/conftest.make_known), on the dashboards in both languages, on the wall and in open data;
what must not count (another city, cancelled, done, dropped, not yet due, a pledge ended or not yet made)
does not."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from innobelt.belt.models import FollowUpAction
from innobelt.challenges.models import Pipeline, PipelineStep
from innobelt.insights import breakdowns, queries, registry
from innobelt.insights.breakdowns import BREAKDOWNS
from innobelt.insights.queries import Rate
from innobelt.insights.registry import BELT, FIGURES, Scope, Value
from innobelt.insights.wall import compute_wall
from innobelt.organisations.models import Organisation
from innobelt.resources.models import PledgeTerm, SampleJob, SharingPledge
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.factories import AccessRequestFactory, IndustryFactory, ResourceFactory, UserFactory
from tests.insights.conftest import Known

S = Pipeline.Stage
ORDER = [S.SHORTLISTED, S.MEETING, S.NDA, S.PILOT]
DAY = timedelta(days=1)


def pipeline(proposal, stage, reason="", *, declined_at=None):
    """A pair's pipeline at `stage` with the steps that led there (the pilot step only when it got that far);
    declined after `declined_at` (the last stage it reached before)."""
    reached = declined_at if stage == S.DECLINED else stage
    steps = ORDER[: ORDER.index(reached) + 1] if reached in ORDER else [*ORDER]
    made = Pipeline.objects.create(proposal=proposal, stage=stage, decline_reason=reason)
    for step in steps + ([stage] if stage not in ORDER else []):
        PipelineStep.objects.create(pipeline=made, stage=step)
    return made


@dataclass
class More:
    known: Known
    pledged: list


def make_more(known: Known) -> More:
    """Pipelines of the laboratory's challenge (W), from six solvers: a pilot, a contract, an investment, one
    declined when shortlisted (budget), one declined during its pilot (IP terms), one declined when shortlisted
    (budget). Of an SME of X's challenge: a contract (the laboratory), one declined (budget), one only
    shortlisted. Belt: 5 pilots, 2 contracts, 1 investment, 4 declined (3 budget, 1 IP terms).
    Sample jobs: three at the laboratory (W: one submitted, two completed), one cancelled there, one completed
    at an X instrument. Follow-up actions, besides make_known's (open without a day in W, done in X): open and
    due yesterday in W, open and due today in X; not due: open tomorrow (W), done yesterday (W), dropped
    yesterday (X).
    Industries: A (the laboratory and an SME of W, an SME of X), B (the laboratory).
    Pledges (their history): instrument 0 of W 10 h from 100 days ago, 20 h from 10 days ago; instrument 1 of W
    8 h from 200 days ago, ended 5 days ago; an X instrument 5 h from 30 days ago. Now: 25 h on 2 instruments
    (W 20, X 5); 50 days ago: 18 h on 2 (both of W)."""
    w, x, lab, smes = known.city_w, known.city_x, known.lab, known.smes
    challenge_w = ChallengeFactory(owner=lab)
    for sme, stage, reason, at in [
        (smes[0], S.PILOT, "", None),
        (smes[1], S.CONTRACT, "", None),
        (smes[2], S.INVESTMENT, "", None),
        (smes[3], S.DECLINED, "budget", S.SHORTLISTED),
        (smes[4], S.DECLINED, "ip_terms", S.PILOT),
        (smes[5], S.DECLINED, "budget", S.SHORTLISTED),
    ]:
        pipeline(ProposalFactory(challenge=challenge_w, organisation=sme), stage, reason, declined_at=at)
    challenge_x = ChallengeFactory(owner=smes[3])
    pipeline(ProposalFactory(challenge=challenge_x, organisation=lab), S.CONTRACT)
    pipeline(ProposalFactory(challenge=challenge_x, organisation=smes[0]), S.DECLINED, "budget", declined_at=S.MEETING)
    pipeline(ProposalFactory(challenge=challenge_x, organisation=smes[1]), S.SHORTLISTED)

    resources = known.extra["resources"]
    resource_x = ResourceFactory(owner=smes[3])
    requester = UserFactory()

    accesses: dict = {}

    def job(resource, status):
        if resource.pk not in accesses:  # one access request a resource and organisation
            accesses[resource.pk] = AccessRequestFactory(resource=resource, organisation=smes[0] if resource.owner_id == lab.pk else lab)
        access = accesses[resource.pk]
        return SampleJob.objects.create(
            resource=resource, access_request=access, organisation=access.organisation, requested_by=requester, samples=2,
            description="Powder", method="XRD", status=status, completed_at=timezone.now() if status in ("completed", "closed") else None,
        )

    for resource, status in [(resources[0], "submitted"), (resources[0], "completed"), (resources[1], "closed"),  # delivered, then closed
                             (resources[1], "cancelled"), (resource_x, "completed")]:
        job(resource, status)

    agreement = FollowUpAction.objects.get(description_en="Open").agreement
    today = timezone.localdate()
    for city, due, status in [(w, today - DAY, "open"), (x, today, "open"), (w, today + DAY, "open"), (w, today - DAY, "done"),
                              (x, today - DAY, "dropped")]:
        FollowUpAction.objects.create(agreement=agreement, description_en="Action", owner_city=city, due_on=due, status=status)

    a, b = IndustryFactory(code="ind-a"), IndustryFactory(code="ind-b")
    lab.industries.set([a, b])
    smes[0].industries.set([a])
    smes[3].industries.set([a])

    now = timezone.now()
    for resource, hours, days_ago in [(resources[0], 10, 100), (resources[0], 20, 10), (resources[1], 8, 200), (resources[1], 0, 5),
                                      (resource_x, 5, 30)]:
        PledgeTerm.objects.create(resource=resource, hours_per_quarter=hours, valid_from=now - timedelta(days=days_ago))
    # today's pledges, as set_pledge keeps them (the figure reads the history, not these)
    SharingPledge.objects.create(resource=resources[0], hours_per_quarter=20)
    SharingPledge.objects.create(resource=resource_x, hours_per_quarter=5)
    return More(known=known, pledged=[resources[0], resources[1], resource_x])


@pytest.fixture
def more(known):
    return make_more(known)


EXPECTED = {  # (the whole Belt, city W, city X), computed by hand from make_more
    "pilots_started": (5, 4, 1),
    "contracts_signed": (2, 1, 1),
    "investments_made": (1, 1, 0),
    "pipelines_declined": (4, 3, 1),
    "sample_jobs": (4, 3, 1),
    "sample_jobs_completed": (3, 2, 1),
    "actions_due": (2, 1, 1),
    "equipment_pledged": (2, 1, 1),
    "pledged_hours": (25, 20, 5),
}
SPLITS = {  # breakdown: (the whole Belt, city W, city X)
    "members_by_kind": ({"laboratory": 1, "sme": 5, "startup": 1}, {"laboratory": 1, "sme": 3}, {"sme": 2, "startup": 1}),
    "members_by_industry": ({"ind-a": 3, "ind-b": 1}, {"ind-a": 2, "ind-b": 1}, {"ind-a": 1}),
    "decline_reasons": ({"budget": 3, "ip_terms": 1}, {"budget": 2, "ip_terms": 1}, {"budget": 1}),
}


def test_the_figures_equal_the_known_records(more):
    w, x = more.known.city_w, more.known.city_x
    assert Organisation.objects.count() == 7  # make_known's seven: no factory made another that would count
    for key, (belt, in_w, in_x) in EXPECTED.items():
        figure = FIGURES[key]
        assert registry.value(figure, BELT).value == belt, key
        assert registry.value(figure, Scope(cities=(w,))).value == in_w, key
        assert registry.value(figure, Scope(cities=(x,))).value == in_x, key
        per_city = registry.by_city(figure)
        assert (per_city.get(w.pk, registry.zero(figure)).value, per_city.get(x.pk, registry.zero(figure)).value) == (in_w, in_x), key


def test_an_organisation_sees_its_own_challenges_pipeline_and_instruments(more):
    lab, sme_x = more.known.lab, more.known.smes[3]
    mine = {key: registry.value(FIGURES[key], Scope(organisation=lab)).value for key in EXPECTED if FIGURES[key].org_path}
    assert mine == {"pilots_started": 4, "contracts_signed": 1, "investments_made": 1, "pipelines_declined": 3, "sample_jobs": 3,
                    "sample_jobs_completed": 2, "equipment_pledged": 1, "pledged_hours": 20}
    theirs = breakdowns.counts(BREAKDOWNS["decline_reasons"], Scope(organisation=sme_x))
    assert {k: v.count for k, v in theirs.items()} == {"budget": 1}
    assert "members_by_kind" not in {b.key for b in breakdowns.breakdowns_for(Scope(organisation=lab))}


def test_the_breakdowns_equal_the_known_records_one_query_for_every_city(more, django_assert_num_queries):
    w, x = more.known.city_w, more.known.city_x
    for key, (belt, in_w, in_x) in SPLITS.items():
        b = BREAKDOWNS[key]
        assert {k: v.count for k, v in breakdowns.counts(b, BELT).items()} == belt, key
        assert {k: v.count for k, v in breakdowns.counts(b, Scope(cities=(w,))).items()} == in_w, key
        with django_assert_num_queries(1):
            per_city = breakdowns.counts_by_city(b, [w.pk, x.pk])
        assert ({k: v.count for k, v in per_city[w.pk].items()}, {k: v.count for k, v in per_city[x.pk].items()}) == (in_w, in_x), key


def test_the_pledges_in_force_as_a_period_ended_not_today_s(more):
    fifty_days_ago = timezone.localdate() - timedelta(days=50)
    for key, expected in [("pledged_hours", 18), ("equipment_pledged", 2)]:
        assert registry.value_between(FIGURES[key], BELT, fifty_days_ago - timedelta(days=90), fifty_days_ago).value == expected
    # before any term: none; a pledge ended 5 days ago is not in force now (today's SharingPledge rows agree)
    long_ago = fifty_days_ago - timedelta(days=300)
    assert registry.value_between(FIGURES["pledged_hours"], BELT, long_ago - timedelta(days=100), long_ago).count == 0
    months = registry.by_month(FIGURES["pledged_hours"], BELT, 2)
    assert months[-1][1].value == 25  # this month: in force now
    w, x = more.known.city_w, more.known.city_x
    per_city = registry.by_city_month(FIGURES["pledged_hours"], [w.pk, x.pk], 2)
    assert (per_city[w.pk][-1][1].value, per_city[x.pk][-1][1].value) == (20, 5)


def test_the_refresh_gives_every_city_the_numbers_of_its_own_dashboard(more):
    w, x = more.known.city_w, more.known.city_x
    numbers = queries._numbers_of_cities([w, x])
    for city in (w, x):
        own = queries._numbers(Scope(cities=(city,)))
        assert numbers[city]["breakdowns"] == own["breakdowns"]
        assert {k: v for k, v in numbers[city]["values"].items() if k in EXPECTED} == {k: v for k, v in own["values"].items() if k in EXPECTED}


def _cards(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-figure="([a-z_]+)">\s*<p class="insights-value">(?:<a href="[^"]*">)?([0-9.,]+)', html))


@pytest.mark.parametrize("prefix, kind_label, reason_label", [("", "实验室", "预算"), ("/en", "laboratory", "budget")])
def test_the_dashboards_show_them_in_both_languages(more, prefix, kind_label, reason_label):
    client = Client()
    client.force_login(UserFactory(is_platform_operator=True))
    for url, column in [("/insights/belt/", 0), ("/insights/cities/known-w/", 1), ("/insights/cities/known-x/", 2)]:
        response = client.get(prefix + url)
        assert response.status_code == 200
        html = response.content.decode()
        cards = _cards(html)
        for key, expected in EXPECTED.items():
            assert cards[key] == str(expected[column]), (url, key)
        for key, expected in SPLITS.items():
            shown = re.findall(r'<tr data-category="([^"]+)"><th scope="row">([^<]+)</th><td>(?:<a href="[^"]*">)?(\d+)',
                               html.split(f'data-breakdown="{key}"', 1)[1].split("</figure>", 1)[0])
            assert {k: int(n) for k, _label, n in shown} == expected[column], (url, key)
            assert f'"chart-breakdown-{key}"' in html  # its chart's numbers, beside the table
        if column < 2:
            assert kind_label in html and reason_label in html


@override_settings(INSIGHTS_MIN_COUNT=3)
def test_the_wall_and_open_data_suppress_what_few_records_stand_behind(more):
    counters = {c["key"]: c["value"] for c in compute_wall()["counters"]}
    assert counters["pilots_started"] == "5" and counters["sample_jobs_completed"] == "3"
    assert counters["contracts_signed"] is None  # 2 records: below the threshold
    client = Client()
    rows = list(csv.DictReader(io.StringIO(client.get("/insights/open-data/breakdowns.csv").content.decode("utf-8-sig"))))
    shown = {(r["breakdown"], r["category"]): r["value"] for r in rows}
    # sme 5, ind-a 3 and budget 3 reach the threshold, but each breakdown's one other category (1 or 2 records)
    # would be its total minus them: they are left out with it (complementary suppression, ADR 1201)
    assert shown == {}
    with override_settings(INSIGHTS_MIN_COUNT=1):
        rows = list(csv.DictReader(io.StringIO(client.get("/insights/open-data/breakdowns.csv").content.decode("utf-8-sig"))))
    labels = {(r["breakdown"], r["category"]): (r["label_zh"], r["label_en"]) for r in rows}
    assert labels[("decline_reasons", "budget")] == ("预算", "budget")
    download = client.get("/insights/open-data/figures.csv").content.decode("utf-8-sig")
    figures = {r["figure"]: r["value"] for r in csv.DictReader(io.StringIO(download))}
    # 25 hours pledged, but on 2 instruments: suppressed as the number of records behind it
    assert (figures["pilots_started"], figures["sample_jobs"], figures["contracts_signed"], figures["pledged_hours"]) == ("5", "4", "", "")


def test_the_quarterly_report_holds_the_new_figures(more):
    from innobelt.insights.reports import Quarter, quarterly_report

    report = quarterly_report(Scope(cities=(more.known.city_w,)), Quarter.of(timezone.localdate()))
    lines = {line.figure.key: line.this.value for _label, group in report.groups for line in group}
    assert lines["sample_jobs"] == 3 and lines["pilots_started"] == 4 and lines["pledged_hours"] == 20


def test_sla_compliance_is_the_share_resolved_by_the_day_rounded_half_up():
    assert Rate("sla_met", "", Value(1, 1), Value(2, 2)).percent == 50
    assert Rate("sla_met", "", Value(2, 2), Value(3, 3)).percent == 67
    assert Rate("sla_met", "", Value(1, 1), Value(8, 8)).percent == 13  # 12.5 → 13
    assert Rate("sla_met", "", Value(0, 0), Value(0, 0)).percent is None


@pytest.mark.parametrize("prefix, words", [("", "2 项中的 1 项"), ("/en", "1 of 2")])
def test_the_sla_share_on_a_city_s_dashboard(known, prefix, words):
    from tests.insights.test_figures_apps import make_apps

    make_apps(known)  # services: W two resolved, one by its resolution day; X none resolved
    board = queries.dashboard(Scope(cities=(known.city_w,)))
    rates = [r for group in board.groups for r in group.rates]
    assert [(r.key, r.part.count, r.whole.count, r.percent) for r in rates] == [("sla_met", 1, 2, 50)]
    client = Client()
    client.force_login(UserFactory(is_platform_operator=True))
    html = client.get(f"{prefix}/insights/cities/known-w/").content.decode()
    card = html.split('data-rate="sla_met"', 1)[1].split("</article>", 1)[0]
    assert "50 %" in card and words in card
    card_x = client.get(f"{prefix}/insights/cities/known-x/").content.decode().split('data-rate="sla_met"', 1)[1].split("</article>", 1)[0]
    assert "–" in card_x  # nothing resolved in X: no share
