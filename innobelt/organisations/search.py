"""Directory search: a normalised search document per organisation.

The document holds both names, the description, the industries and the city in
both languages, NFKC-normalised and lower-cased, plus the Snowball stems of its
English words. A query matches when each of its terms is in the document:
Chinese terms as substrings (材料 finds 吴淞材料实验室), English words by stem
("materials" finds "Material Laboratory"). Ranked relevance comes from the
matching engine; this is the directory's fast, exact filter.
"""

import re
import unicodedata

import Stemmer

_stemmer = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u9fff]+")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def english_stems(text: str) -> list[str]:
    return _stemmer.stemWords(_WORD.findall(normalise(text)))


def build_search_document(*parts: str) -> str:
    text = " ".join(p for p in parts if p)
    stems = " ".join(english_stems(text))
    return f"{normalise(text)} | {stems}"


def query_terms(query: str) -> list[str]:
    """Split a query into terms that must each occur in the document."""
    text = normalise(query)
    terms = []
    for chunk in _CJK.findall(text):
        terms.append(chunk)
    for word in _WORD.findall(text):
        if len(word) >= 2:
            terms.append(" " + _stemmer.stemWord(word))
    return terms


def search_document_for(org, industries=None) -> str:
    """`industries`: give them for an organisation not saved yet (an import prepares its rows before writing)."""
    if industries is None:
        industries = list(org.industries.all()) if org.pk else []
    return build_search_document(
        org.name_zh, org.name_en, org.description, org.credit_code or "",
        " ".join(f"{i.name_zh} {i.name_en}" for i in industries),
        f"{org.city.name_zh} {org.city.name_en}" if org.city_id else "",
    )


def filter_by_query(queryset, query: str):
    # English stems carry a leading space, so they match at a word start.
    for term in query_terms(query):
        queryset = queryset.filter(search_document__contains=term)
    return queryset
