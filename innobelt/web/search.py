"""The site-wide search: one query over every zone, results grouped by kind.

Read-only. Each group comes from the owning app's own scoped search (the directory, the register, the events
list), so a group never holds more than the caller may see on that zone's page, and its "all N results" link
leads to that page with the same query. Exact terms in both languages (innobelt/kit/search_text.py); ranked,
semantic search is "Find partners" (the matching engine), not this.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innobelt.challenges.queries import challenge_list, need_list
from innobelt.events.queries import public_events
from innobelt.kit.lookups import first_rows
from innobelt.organisations.queries import directory
from innobelt.resources.queries import as_cards, register
from innobelt.services.queries import catalogue

ROWS = 5  # rows per group; the count and the link lead to the rest
MAX_QUERY = 200  # characters kept of a query (each zone's own search form takes at most this many)


@dataclass
class Group:
    """The results of one kind: the first rows, how many in all, the zone's page with the query."""

    kind: str
    title: Any
    rows: list[Any]
    total: int
    url: str
    more_title: Any = ""  # a second link (past events), with its count
    more_total: int = 0
    more_url: str = ""

    @property
    def count(self) -> int:
        return self.total + self.more_total


@dataclass
class Search:
    query: str
    cut: bool  # the query was longer than MAX_QUERY and was shortened
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)


def _url(name: str, **params: str) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def clean_query(raw: str) -> tuple[str, bool]:
    """The query as searched (spaces trimmed, at most MAX_QUERY characters) and whether it was cut."""
    query = " ".join(raw.split())
    return query[:MAX_QUERY].strip(), len(query) > MAX_QUERY


def search_everything(user, raw_query: str) -> Search:
    """Every zone searched for `raw_query` as `user` may see it. An empty query searches nothing."""
    query, cut = clean_query(raw_query)
    if not query:
        return Search(query="", cut=cut, groups=[])
    organisations, n_organisations = first_rows(directory(query=query), ROWS)
    resources, n_resources = first_rows(as_cards(register(user, query=query)), ROWS)
    upcoming, n_upcoming = first_rows(public_events(query=query), ROWS)
    past, n_past = first_rows(public_events(query=query, past=True), ROWS)
    services, n_services = first_rows(catalogue(query=query), ROWS)
    challenges, n_challenges = first_rows(challenge_list(user, query=query), ROWS)
    needs, n_needs = first_rows(need_list(user, query=query), ROWS)
    return Search(query=query, cut=cut, groups=[
        Group("organisations", _("Organisations"), organisations, n_organisations, _url("organisations:directory", q=query)),
        Group("resources", _("Shared resources"), resources, n_resources, _url("resources:register", q=query)),
        Group("events", _("Events"), upcoming + past[:max(0, ROWS - len(upcoming))], n_upcoming,
              _url("events:list", q=query), _("Past events"), n_past, _url("events:list", q=query, past="on")),
        Group("services", _("Services"), services, n_services, _url("services:catalogue", q=query)),
        Group("challenges", _("Challenges"), challenges, n_challenges, _url("challenges:challenge_list", q=query)),
        Group("needs", _("Technology needs"), needs, n_needs, _url("challenges:need_list", q=query)),
    ])
