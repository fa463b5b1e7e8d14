"""A notification's link in the reader's language.

A message is written while someone acts in their language (an owner approving on /en/ pages), but read
by someone else in theirs. notify() therefore stores the link without a language prefix (the path of
the default language, ADR 0002), and the inbox and the e-mail put the reader's prefix back.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation


def _prefixed_languages() -> list[str]:
    """The languages whose pages live under /<code>/ (every one but the default)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def language_neutral(link: str) -> str:
    """`link` without a leading language prefix: /en/resources/requests/5/ → /resources/requests/5/."""
    for code in _prefixed_languages():
        if link == f"/{code}" or link.startswith((f"/{code}/", f"/{code}?", f"/{code}#")):
            rest = link[len(code) + 1:]
            return rest if rest.startswith("/") else "/" + rest
    return link


def localise(link: str, language: str | None) -> str:
    """`link` as a reader of `language` opens it: a site path gets the language's prefix when the page
    exists in that language (not /api/ or /i18n/); absolute and empty links are left as they are."""
    if not link.startswith("/") or link.startswith("//"):
        return link
    path = language_neutral(link)
    code = (language or "").lower()
    if code not in _prefixed_languages():
        return path
    candidate = f"/{code}{path}"
    with translation.override(code):
        try:
            resolve(urlsplit(candidate).path)
        except Resolver404:
            return path
    return candidate
