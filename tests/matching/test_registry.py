"""Every kind of record that matching can return links to a page: the API's `url` and the result lists call
`get_absolute_url()` on each result, so a source whose model has none answers 500 (a thesis did)."""

from innobelt.matching.registry import SOURCES


def test_every_match_source_has_a_page():
    assert SOURCES, "no match source registered: the apps' ready() did not run"
    without = sorted(kind for kind, source in SOURCES.items() if not callable(getattr(source.model, "get_absolute_url", None)))
    assert without == [], f"match sources whose records have no page: {without}"
