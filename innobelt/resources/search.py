"""Searching the register, and saying why each resource matches.

The search document is the kit's (innobelt/kit/search_text.py): NFKC-normalised,
lower-cased text of both titles, the description, the kind's own facts,
industries, city and owner in both languages, plus English stems. Chinese query
terms match as substrings (光谱 finds 拉曼光谱仪), English words by stem
("spectrometers" finds "Raman spectrometer").
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innobelt.kit.search_text import build_search_document, display_terms, filter_by_query

FIELD_GROUPS = {
    "title": ("title_zh", "title_en"),
    "description": ("description",),
    "details": ("category", "maker", "model_number", "location", "patent_number", "claims_summary", "problem_solved",
                "deployment_conditions", "access_conditions", "data_format"),
}

MATCHED_COLUMNS = tuple(name for names in FIELD_GROUPS.values() for name in names)  # read by match_reasons


def search_document_for(resource, industries=None) -> str:
    """`industries`: give them for a resource not saved yet (an import prepares its rows before writing)."""
    if industries is None:
        industries = list(resource.industries.all()) if resource.pk else []
    owner = resource.owner
    return build_search_document(
        *(getattr(resource, name) for names in FIELD_GROUPS.values() for name in names),
        " ".join(f"{i.name_zh} {i.name_en}" for i in industries),
        f"{resource.city.name_zh} {resource.city.name_en}" if resource.city_id else "",
        f"{owner.name_zh} {owner.name_en}",
    )


def filter_resources(queryset, query: str):
    return filter_by_query(queryset, query)


@dataclass(frozen=True)
class MatchReason:
    code: str  # "term", "industry", "free" or "pledge"
    value: str
    field: str
    text: str


def _where(resource, looked_up: str) -> str:
    for group, names in FIELD_GROUPS.items():
        if looked_up in build_search_document(*(getattr(resource, n) for n in names)):
            return group
    industries = " ".join(f"{i.name_zh} {i.name_en}" for i in resource.industries.all())
    if looked_up in build_search_document(industries):
        return "industries"
    if looked_up in build_search_document(resource.owner.name_zh, resource.owner.name_en):
        return "owner"
    return "city"


FIELD_LABELS = {
    "title": lambda: _("the title"), "description": lambda: _("the description"), "details": lambda: _("the details"),
    "industries": lambda: _("the industries"), "owner": lambda: _("the owner's name"), "city": lambda: _("the city"),
}


def match_reasons(resource, *, query: str = "", industry_ids=frozenset(), free_between=None, pledge_left: int = 0) -> list[MatchReason]:
    """Why `resource` is in the results: the query terms it contains and where, the industries
    it shares with the seeker's organisations, a free period asked for, and the hours of its sharing
    pledge unused this quarter. No queries when industries, owner and city are loaded."""
    reasons = []
    for typed, looked_up in display_terms(query):
        where = _where(resource, looked_up)
        reasons.append(MatchReason("term", typed, where, _("“%(term)s” in %(where)s") % {"term": typed, "where": FIELD_LABELS[where]()}))
    for industry in resource.industries.all():
        if industry.pk in industry_ids:
            reasons.append(MatchReason("industry", industry.code, "industries",
                                       _("shares the industry %(industry)s with your organisation") % {"industry": industry.name}))
    if free_between:
        start, end = free_between
        reasons.append(MatchReason("free", f"{start:%Y-%m-%d}/{end:%Y-%m-%d}", "bookings",
                                   _("free from %(start)s to %(end)s") % {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}))
    if pledge_left > 0:  # queries.pledge_left_of
        reasons.append(MatchReason("pledge", str(pledge_left), "pledge", ngettext(
            "%(n)d pledged hour free this quarter", "%(n)d pledged hours free this quarter", pledge_left) % {"n": pledge_left}))
    return reasons
