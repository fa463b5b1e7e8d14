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


def links_of(html: str) -> dict[str, str]:
    """Every drill-down of a dashboard by what it is of, and a check that no figure, share or category lacks one."""
    found: dict[str, str] = {}
    for kind, key, _a, href in CARD.findall(html):
        assert href, f"{kind} {key} has no drill-down"
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
    return found


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
        assert len(figures) >= 20 and all(f"figure:{key}" in links for key in figures), url
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
