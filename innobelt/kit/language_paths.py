"""A path of this site in a given language (ADR 0002): pages of the default language (Chinese) have no
prefix, the others live under /<code>/. The one place that adds or removes that prefix: the language
switch (`web/language.py`) and notification links (`notifications/links.py`) both use it.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

# Paths outside i18n_patterns: never given a language prefix (the API follows Accept-Language).
UNPREFIXED = ("/api/", "/static/", "/media/", "/i18n/")


def prefixed_languages() -> list[str]:
    """The languages whose pages live under /<code>/ (every one but the default)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_neutral(path: str) -> str:
    """`path` without a leading language prefix, query and fragment kept: /en/resources/5/ → /resources/5/,
    /en → /, /en?q=1 → /?q=1. Anything else (another path, an absolute URL) is returned as it is."""
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}"
        if path == prefix or path.startswith((f"{prefix}/", f"{prefix}?", f"{prefix}#")):
            rest = path[len(prefix):]
            return rest if rest.startswith("/") else "/" + rest
    return path


def path_in_language(path: str, language: str) -> str:
    """`path` (a path or URL of this site, query and fragment kept) as a path in `language`:
    /en/x?q=1 → /x?q=1 in Chinese, /x → /en/x in English. A host is dropped and the result never starts
    with // (it stays a path on this site); paths outside i18n_patterns (`UNPREFIXED`) get no prefix."""
    parts = urlsplit(path)
    page = parts.path or "/"
    if not page.startswith(UNPREFIXED):
        page = "/" + language_neutral(page).lstrip("/\\")
        if language != settings.LANGUAGE_CODE:
            page = f"/{language}{page}"
    return urlunsplit(("", "", page, parts.query, parts.fragment))
