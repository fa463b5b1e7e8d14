"""Search documents: text any app can search by exact terms, in Chinese and English.

A search document is the NFKC-normalised, lower-cased text of a record's fields (both languages),
followed by the Snowball stems of its English words. A query matches when each of its terms is in the
document: Chinese terms as substrings (材料 finds 吴淞材料实验室), English words by stem, with a leading
space so that they match at a word start ("materials" finds "Material Laboratory"). Ranked relevance
comes from the matching engine; this is the fast, exact filter behind the directory and the register.

An app builds its document with `build_search_document(*fields)`, keeps it in a `search_document`
column, and filters with `filter_by_query(queryset, query)`. Imports no app.
"""

import re
import unicodedata
from typing import Any, TypeVar

import Stemmer
from django.db.models import Q

_stemmer = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u9fff]+")
#: English words shorter than this are not looked up (stems of "a", "i" would match almost anything)
MIN_WORD_LENGTH = 2

QuerySetT = TypeVar("QuerySetT", bound=Any)


def normalise(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def english_stems(text: str) -> list[str]:
    stems: list[str] = _stemmer.stemWords(_WORD.findall(normalise(text)))
    return stems


def build_search_document(*parts: str | None) -> str:
    text = " ".join(p for p in parts if p)
    stems = " ".join(english_stems(text))
    return f"{normalise(text)} | {stems}"


def display_terms(query: str) -> list[tuple[str, str]]:
    """(what the person typed, what is looked up in the document) for each term of `query`:
    Chinese runs as they are, English words of two letters or more as their stem after a space."""
    text = normalise(query)
    terms = [(chunk, chunk) for chunk in _CJK.findall(text)]
    terms += [(word, " " + _stemmer.stemWord(word)) for word in _WORD.findall(text) if len(word) >= MIN_WORD_LENGTH]
    return terms


def query_terms(query: str) -> list[str]:
    """The terms of `query` that must each occur in the document."""
    return [looked_up for _typed, looked_up in display_terms(query)]


def filter_by_query(queryset: QuerySetT, query: str, field: str = "search_document") -> QuerySetT:
    """`queryset` narrowed to the rows whose `field` contains every term of `query`."""
    for term in query_terms(query):
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


def filter_fields_by_query(queryset: QuerySetT, query: str, fields: list[str]) -> QuerySetT:
    """`queryset` narrowed to the rows where every term of `query` occurs in one of `fields`, for records
    without a search document: Chinese terms as substrings, English words as their stem or as typed (both
    case-insensitive, anywhere in a word, so "material" also finds "materials"). A record found by its other
    language is found only when it holds that language in one of `fields`."""
    for typed, looked_up in display_terms(query):
        needles = {typed, looked_up.strip()}
        match = Q()
        for field in fields:
            for needle in needles:
                match |= Q(**{f"{field}__icontains": needle})
        queryset = queryset.filter(match)
    return queryset
