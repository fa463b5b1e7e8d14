"""A notification's link in the reader's language.

A message is written while someone acts in their language (an owner approving on /en/ pages), but read
by someone else in theirs. notify() therefore stores the link without a language prefix (the path of
the default language, ADR 0002), and the inbox and the e-mail put the reader's prefix back.
"""

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils import translation

from innobelt.kit.language_paths import language_neutral, path_in_language, prefixed_languages


def localise(link: str, language: str | None) -> str:
    """`link` as a reader of `language` opens it: a site path gets the language's prefix when the page
    exists in that language (not /api/ or /i18n/); absolute and empty links are left as they are."""
    if not link.startswith("/") or link.startswith("//"):
        return link
    path = language_neutral(link)
    code = (language or "").lower()
    if code not in prefixed_languages():
        return path
    candidate = path_in_language(path, code)
    with translation.override(code):
        try:
            resolve(urlsplit(candidate).path)
        except Resolver404:
            return path
    return candidate
