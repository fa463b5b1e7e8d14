"""kit.language_paths: the one place a language prefix is added or removed (the language switch and
notification links both use it; their own tests are in tests/web/test_language_switch.py and
tests/notifications/test_links.py)."""

import pytest

from innobelt.kit.language_paths import language_neutral, path_in_language, prefixed_languages


def test_only_the_languages_other_than_the_default_have_a_prefix():
    assert prefixed_languages() == ["en"]


@pytest.mark.parametrize("path", ["/", "/events/5/?a=1#top", "/en/events/", "/zh-hans/events/", "/en", "/en?q=1"])
def test_a_path_goes_to_a_language_and_back_unchanged(path):
    neutral = language_neutral(path)
    assert not neutral.startswith(("/en/", "/zh-hans/")) and neutral not in ("/en", "/zh-hans")
    english = path_in_language(path, "en")
    assert english.startswith("/en/")
    assert path_in_language(english, "zh-hans") == neutral == language_neutral(english)


def test_a_path_never_becomes_a_link_to_another_host():
    for path in ["//evil.example/x", "/en//evil.example/x", "/\\evil.example", "/en/\\evil.example"]:
        for language in ("en", "zh-hans"):
            page = language_neutral(path_in_language(path, language))
            assert page.startswith("/") and not page.startswith(("//", "/\\")), (path, language, page)
