"""Each figure a link (issue 27): on the whole Belt's, a city's and an organisation's dashboard every figure, share,
breakdown category, city's cell and flow between cities links to a page its viewer may open, and the pages of
the shares and breakdowns added for it list the records counted (the SLA share: the requests resolved by their
day; a decline reason: the pairs declined for it, as operators see pairs, counted)."""

import re
from html import unescape

import pytest
from django.test import Client

from innobelt.organisations.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.insights.test_figures_apps import make_apps
from tests.insights.test_figures_pipeline import make_more

CARD = re.compile(r'<article class="card insights-figure" data-(figure|rate)="([a-z_]+)">\s*<p class="insights-value">(<a href="([^"]*)">)?')
CATEGORY = re.compile(r'<tr data-category="([^"]+)"><th scope="row">[^<]+</th><td>(<a href="([^"]*)">)?')


@pytest.fixture
def belt(known):
    make_more(known)
    make_apps(known)
    return known


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


ARTICLE = re.compile(r'<article class="card insights-figure" data-(figure|rate)="([a-z_]+)">(.*?)</article>', re.S)
TREND = re.compile(r'data-chart="chart-trend-([a-z_]+)".*?</table>', re.S)
MONTH = re.compile(r'<tr data-month="(\d{4}-\d{2})"><th scope="row">(<a href="([^"]*)">)?[0-9-]+(?:</a>)?</th><td>([0-9.,]+)</td>')


def unlinked_of(html: str) -> set[str]:
    """The figures shown without a drill-down, each saying why (its viewer may not read the records)."""
    out = set()
    for kind, key, body in ARTICLE.findall(html):
        if '<p class="insights-value"><a href=' not in body:
            assert "data-no-link" in body, f"{kind} {key} has no drill-down and says not why"
            out.add(f"{kind}:{key}")
    return out


def links_of(html: str) -> dict[str, str]:
    """Every drill-down of a dashboard by what it is of, and a check that no figure, share or category lacks one
    (but a figure that says why it has none, `unlinked_of`); a trend's months: `month:<figure>:<YYYY-MM>`."""
    found: dict[str, str] = {}
    unlinked = unlinked_of(html)
    for kind, key, _a, href in CARD.findall(html):
        assert href or f"{kind}:{key}" in unlinked, f"{kind} {key} has no drill-down"
        if href:
            found[f"{kind}:{key}"] = unescape(href)
    for key, _a, href in CATEGORY.findall(html):
        assert href, f"category {key} has no drill-down"
        found[f"category:{key}"] = unescape(href)
    for section in ("cities", "city-pairs"):
        table = re.search(rf'id="{section}".*?</table>', html, re.S)
        if table:
            rows = re.sub(r'<tr class="muted".*?</tr>', "", table.group(0), flags=re.S)  # the other pairs, added up
            cells = re.findall(r'<td>(<a href="([^"]*)">)?[0-9.,]+(?:</a>)?</td>', rows)
            for n, (_a, href) in enumerate(cells):
                assert href, f"a cell of {section} has no drill-down"
                found[f"{section}:{n}"] = unescape(href)
    for trend in TREND.finditer(html):
        for month, _a, href, _value in MONTH.findall(trend.group(0)):
            if href:
                found[f"month:{trend.group(1)}:{month}"] = unescape(href)
    return found


def trend_values(html: str, key: str) -> dict[str, int]:
    trend = next(t for t in TREND.finditer(html) if t.group(1) == key)
    return {month: int(value.replace(",", "")) for month, _a, _href, value in MONTH.findall(trend.group(0))}


def dashboards(belt):
    lab = belt.lab
    district = UserFactory(operator_for=[belt.city_w])
    member = MembershipFactory(organisation=lab, role=Membership.Role.ADMIN).user
    return [
        (signed_in(UserFactory(is_platform_operator=True)), "/en/insights/belt/"),
        (signed_in(district), f"/en/insights/cities/{belt.city_w.slug}/"),
        (signed_in(member), f"/en/insights/organisations/{lab.slug}/"),
    ]


def test_every_figure_of_every_dashboard_links_to_a_page_its_viewer_may_open(belt):
    for client, url in dashboards(belt):
        html = client.get(url).content.decode()
        links = links_of(html)
        figures = re.findall(r'data-figure="([a-z_]+)">\s*<p class="insights-value">', html)
        unlinked = unlinked_of(html)
        assert len(figures) >= 20 and all(f"figure:{key}" in links for key in figures if f"figure:{key}" not in unlinked), url
        # conversations are private between organisations: a link on an organisation's dashboard only
        assert unlinked == (set() if "/organisations/" in url else {"figure:conversations"}), url
        assert any(k.startswith("month:") for k in links), url
        assert "rate:sla_met" in links, url
        if "/organisations/" not in url:
            assert any(k.startswith("category:") for k in links) and any(k.startswith("cities:") for k in links), url
        if "/organisations/" not in url:  # narrowed as the figure counts where the list has the filter
            assert "verified=on" in links["figure:verified_organisations"] and "goi=on" in links["figure:goi_members"]
            assert "resolution=in_time" in links["rate:sla_met"] and "stage=declined" in links["figure:pipelines_declined"]
        for what, link in links.items():
            assert link.startswith("/en/"), (url, what, link)
            assert client.get(link).status_code == 200, (url, what, link)


def request_ids(html: str) -> set[str]:
    table = re.search(r'id="operator-requests".*?</table>', html, re.S)
    assert table
    return set(re.findall(r'<a href="[^"]*">#(\d+) ', table.group(0)))


def test_the_sla_share_lists_the_requests_resolved_by_their_day(belt):
    from innobelt.services.models import ServiceRequest

    for client, url in dashboards(belt)[:2]:
        html = client.get(url).content.decode()
        links = links_of(html)
        in_time = ServiceRequest.objects.filter(resolved_at__isnull=False, resolution_due_on__isnull=False)
        resolved = ServiceRequest.objects.filter(resolved_at__isnull=False)
        if "/cities/" in url:
            in_time, resolved = in_time.filter(target_city=belt.city_w), resolved.filter(target_city=belt.city_w)
        expected = {str(r.pk) for r in in_time if r.resolution_due_on >= _china_day(r.resolved_at)}
        assert expected and len(expected) < len(resolved)  # the known data has a late one
        assert links["rate:sla_met"] == links["figure:service_requests_in_time"]
        assert request_ids(client.get(links["rate:sla_met"]).content.decode()) == expected
        assert request_ids(client.get(links["figure:service_requests_resolved"]).content.decode()) == {str(r.pk) for r in resolved}
        share = re.search(r'data-rate="sla_met">\s*<p class="insights-value"><a href="[^"]*">(\d+) %', html)
        assert share and int(share.group(1)) == round(100 * len(expected) / resolved.count())


def _china_day(moment):
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Asia/Shanghai")).date()


def pairs_listed(html: str) -> int:
    table = re.search(r'id="pipeline-stalls".*?</table>', html, re.S)
    assert table
    return sum(int(n) for n in re.findall(r"<tr><td>[^<]*</td><td>[^<]*</td><td>[^<]*</td><td>(\d+)</td>", table.group(0)))


def test_a_decline_reason_lists_the_pairs_declined_for_it(belt):
    """make_more: the whole Belt 3 pairs declined for their budget (two of W, one of X) and 1 for IP terms (W);
    the challenges have no industry, so each pair is one row."""
    (operator, belt_url), (district, city_url), _ = dashboards(belt)
    links = links_of(operator.get(belt_url).content.decode())
    assert pairs_listed(operator.get(links["category:budget"]).content.decode()) == 3
    assert pairs_listed(operator.get(links["category:ip_terms"]).content.decode()) == 1
    assert pairs_listed(operator.get(links["figure:pipelines_declined"]).content.decode()) == 4
    links = links_of(district.get(city_url).content.decode())
    assert "city=known-w" in links["category:budget"]
    assert pairs_listed(district.get(links["category:budget"]).content.decode()) == 2
    assert pairs_listed(district.get(links["figure:contracts_signed"]).content.decode()) == 1


def card_value(html: str, key: str) -> int:
    found = re.search(rf'data-figure="{key}">\s*<p class="insights-value">(?:<a href="[^"]*">)?([0-9,]+)', html)
    assert found, key
    return int(found.group(1).replace(",", ""))


def listed(html: str, marker: str) -> set[str]:
    return set(re.findall(rf'<tr {marker}="(\d+)"', html))


def test_smes_given_access_list_the_smes_counted_and_no_other_city_s(belt):
    """make_known: the SMEs of X asked for access six times (some approved or in use); make_more: an SME of W
    given access to the laboratory's instruments for its sample jobs."""
    from innobelt.organisations.models import Organisation
    from innobelt.resources.models import AccessRequest

    granted = [AccessRequest.Status.APPROVED, AccessRequest.Status.ACTIVE]
    given = Organisation.objects.filter(kind__in=["sme", "startup"], resource_requests__status__in=granted).distinct()
    (operator, belt_url), (district, city_url), _ = dashboards(belt)
    html = operator.get(belt_url).content.decode()
    page = operator.get(links_of(html)["figure:smes_supported"]).content.decode()
    assert listed(page, "data-organisation") == {str(pk) for pk in given.values_list("pk", flat=True)}
    assert len(listed(page, "data-organisation")) == card_value(html, "smes_supported")
    in_w = {str(pk) for pk in given.filter(city=belt.city_w).values_list("pk", flat=True)}
    assert in_w and len(in_w) < given.count()  # the known data has SMEs given access in both cities
    html = district.get(city_url).content.decode()
    link = links_of(html)["figure:smes_supported"]
    assert listed(district.get(link).content.decode(), "data-organisation") == in_w == {
        str(pk) for pk in given.filter(city=belt.city_w).values_list("pk", flat=True)}
    assert len(in_w) == card_value(html, "smes_supported")
    # W's operator asking for X's: nothing; the whole list: W's only
    assert listed(district.get(link.replace("known-w", belt.city_x.slug)).content.decode(), "data-organisation") == set()
    assert listed(district.get(link.split("?")[0]).content.decode(), "data-organisation") == in_w
    member = signed_in(MembershipFactory(organisation=belt.lab).user)
    assert member.get(link).status_code == 403


def test_pilots_started_list_the_pairs_that_reached_a_pilot(belt):
    from innobelt.challenges.models import PipelineStep

    (operator, belt_url), (district, city_url), (member, org_url) = dashboards(belt)
    html = operator.get(belt_url).content.decode()
    link = links_of(html)["figure:pilots_started"]
    assert "reached=pilot" in link
    pilots = PipelineStep.objects.filter(stage="pilot").count()
    assert pairs_listed(operator.get(link).content.decode()) == card_value(html, "pilots_started") == pilots
    html = district.get(city_url).content.decode()
    assert pairs_listed(district.get(links_of(html)["figure:pilots_started"]).content.decode()) == card_value(html, "pilots_started")
    html = member.get(org_url).content.decode()
    page = member.get(links_of(html)["figure:pilots_started"]).content.decode()
    ids = PipelineStep.objects.filter(stage="pilot", pipeline__proposal__challenge__owner=belt.lab).values_list("pipeline", flat=True)
    assert listed(page, "data-pipeline") == {str(pk) for pk in ids} and len(ids) == card_value(html, "pilots_started") > 0


def test_an_organisation_s_decline_reason_lists_its_own_pairs_declined_for_it(belt):
    """make_more: the laboratory's challenge: 2 pairs declined for their budget, 1 for IP terms; an SME of X's
    challenge: 1 declined for its budget (not the laboratory's)."""
    from innobelt.challenges.models import Pipeline

    _, _, (member, org_url) = dashboards(belt)
    links = links_of(member.get(org_url).content.decode())
    mine = Pipeline.objects.filter(proposal__challenge__owner=belt.lab, stage="declined")
    for reason, n in (("budget", 2), ("ip_terms", 1)):
        page = member.get(links[f"category:{reason}"]).content.decode()
        assert listed(page, "data-pipeline") == {str(p.pk) for p in mine.filter(decline_reason=reason)} and len(listed(page, "data-pipeline")) == n
    assert len(listed(member.get(links["figure:pipelines_declined"]).content.decode(), "data-pipeline")) == 3
    # another organisation's member following the same link, or naming the laboratory: none of its pairs
    other = signed_in(MembershipFactory(organisation=belt.smes[3]).user)
    assert listed(other.get(links["category:budget"]).content.decode(), "data-pipeline") == set()
    theirs = listed(other.get("/en/pipelines/mine/?stage=declined&reason=budget").content.decode(), "data-pipeline")
    budget = Pipeline.objects.filter(proposal__challenge__owner=belt.smes[3], decline_reason="budget")
    assert theirs == {str(p.pk) for p in budget} and len(theirs) == 1
    assert signed_in(UserFactory(is_platform_operator=True)).get(links["category:budget"]).content.decode().count("data-pipeline=") == 0


def result_count(html: str) -> int:
    found = re.search(r'class="result-count">[^0-9<]*(\d+)', html)
    assert found
    return int(found.group(1))


def test_each_month_of_a_trend_lists_the_records_the_month_counts(belt):
    """The trends whose list can be narrowed to a month (China time): members, resources shared, events held,
    needs posted; each month's list shows as many records as the month's figure."""
    for client, url in dashboards(belt)[:2]:
        html = client.get(url).content.decode()
        links = links_of(html)
        checked = nonzero = 0
        for key in ("organisations", "resources_published", "events_held", "needs_posted"):
            values = trend_values(html, key)
            nonzero += sum(values.values()) > 0
            for month, value in values.items():
                link = links[f"month:{key}:{month}"]
                assert f"month={month}" in link
                if value or month == min(values):
                    assert result_count(client.get(link).content.decode()) == value, (url, key, month, link)
                    checked += 1
        assert checked >= 6 and nonzero >= 3, url  # the known data has no need in W
        assert "month=" in links[f"month:bookings:{max(values)}"]  # the month's equipment figures by city


def test_a_bad_month_gives_the_list_unfiltered_with_a_message_in_the_reader_s_language(belt):
    client = signed_in(UserFactory(is_platform_operator=True))
    everything = result_count(client.get("/en/organisations/").content.decode())
    for path in ("/en/organisations/", "/organisations/"):
        for bad in ("2026-13", "last-month", "1999-12"):
            response = client.get(f"{path}?month={bad}")
            html = response.content.decode()
            assert response.status_code == 200 and result_count(html) == everything, (path, bad)
            assert ("YYYY-MM" in html or "2000-01-01" in html), (path, bad)
        if path == "/organisations/":
            assert "请按 YYYY-MM 格式填写月份" in client.get(f"{path}?month=2026-13").content.decode()
    for path in ("/en/events/?past=on&month=x", "/en/needs/?status=any&month=2026-00", "/en/resources/?month=20261"):
        html = client.get(path).content.decode()
        assert "YYYY-MM" in html, path
