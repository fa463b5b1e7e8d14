"""The dashboards' figures rendered once and kept (ADR 1201, "A page view reads its rendered figures"): a viewer is
served a fragment only if it was rendered for the same rights, language and refresh, and what is served is what
rendering it for that viewer gives."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import translation

from innobelt.insights.queries import REFRESH_STAMP, fragment_key, refresh_figures
from innobelt.insights.registry import BELT, Scope
from tests.factories import OrganisationFactory, UserFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def figures_of(html: str) -> str:
    """The part of the page that is kept: from the first group of figures to the charts' data."""
    start = html.index('<section class="insights-group"')
    end = html.rindex("</script>", 0, html.index('src="/static/vendor/echarts'))
    return html[start:end]


def viewers(known):
    """Everyone who may open city W's dashboard, with different rights and with the same."""
    platform = UserFactory(is_platform_operator=True)
    return {
        "platform": platform,
        "platform too": UserFactory(is_platform_operator=True),
        "district of W": UserFactory(operator_for=[known.city_w]),
        "district of W too": UserFactory(operator_for=[known.city_w]),
        "district of W and X": UserFactory(operator_for=[known.city_w, known.city_x]),
    }


@override_settings(INSIGHTS_CACHE_SECONDS=60)
def test_viewers_with_other_rights_never_share_a_fragment(known):
    people = viewers(known)
    refresh_figures()
    scope = Scope(cities=(known.city_w,))
    keys = {name: fragment_key(user, scope) for name, user in people.items()}
    assert all(keys.values())
    assert keys["platform"] == keys["platform too"]
    assert keys["district of W"] == keys["district of W too"]
    assert len({keys["platform"], keys["district of W"], keys["district of W and X"]}) == 3
    assert fragment_key(people["platform"], BELT) not in keys.values()


@pytest.mark.parametrize("language", ["", "/en"])
def test_viewers_sharing_a_fragment_are_shown_the_same_when_rendered_for_each(known, language):
    """Rendered uncached for each viewer, two viewers whose keys are equal see the same figures and links; if a
    link ever depends on more than `viewer_rights` says, this fails until the key says it too."""
    people = viewers(known)
    url = f"{language}/insights/cities/{known.city_w.slug}/"
    with override_settings(INSIGHTS_CACHE_SECONDS=60):
        refresh_figures()
        keys = {name: fragment_key(user, Scope(cities=(known.city_w,))) for name, user in people.items()}
    cache.clear()
    shown = {name: figures_of(signed_in(user).get(url).content.decode()) for name, user in people.items()}  # nothing kept
    for a in people:
        for b in people:
            if keys[a] == keys[b]:
                assert shown[a] == shown[b], (a, b)


@pytest.mark.parametrize("language", ["", "/en"])
@override_settings(INSIGHTS_CACHE_SECONDS=60)
def test_a_kept_fragment_is_what_rendering_gives_and_a_refresh_retires_it(known, language):
    operator = UserFactory(is_platform_operator=True)
    platform = signed_in(operator)
    district = signed_in(UserFactory(operator_for=[known.city_w]))
    pages = [(platform, f"{language}/insights/belt/"), (platform, f"{language}/insights/cities/{known.city_w.slug}/"),
             (district, f"{language}/insights/cities/{known.city_w.slug}/")]
    refresh_figures()
    rendered = [figures_of(client.get(url).content.decode()) for client, url in pages]  # rendered, then kept
    with translation.override("en" if language else "zh-hans"):
        assert "insights-group" in cache.get(fragment_key(operator, BELT))  # kept
    assert [figures_of(client.get(url).content.decode()) for client, url in pages] == rendered  # read
    stamp = cache.get(REFRESH_STAMP)
    OrganisationFactory(city=known.city_w)
    assert [figures_of(client.get(url).content.decode()) for client, url in pages] == rendered  # until the refresh
    refresh_figures()
    assert cache.get(REFRESH_STAMP) != stamp
    after = [figures_of(client.get(url).content.decode()) for client, url in pages]
    assert all(a != b for a, b in zip(after, rendered, strict=True))  # one more organisation, counted and shown
    with override_settings(INSIGHTS_CACHE_SECONDS=0):
        assert [figures_of(client.get(url).content.decode()) for client, url in pages] == after  # as rendering gives


@override_settings(INSIGHTS_CACHE_SECONDS=60)
def test_a_fragment_holding_a_csrf_token_is_never_kept(settings):
    """A form put inside the kept part one day would hand one person's CSRF token to everyone with the same rights:
    such a fragment is rendered for each viewer and never kept."""
    from innobelt.kit.kept import kept

    cache.delete("insights:fragment:test")
    form = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="abc"></form>'
    assert kept("insights:fragment:test", lambda: form, 60) == form
    assert cache.get("insights:fragment:test") is None
    assert kept("insights:fragment:test", lambda: "<p>42</p>", 60) == "<p>42</p>"
    assert cache.get("insights:fragment:test") == "<p>42</p>"
    cache.delete("insights:fragment:test")
