"""The one registration interface through which apps make their records matchable.

An app (resources, later challenges, services, talent, financing) registers a
`MatchSource` in its AppConfig.ready(); the matching app never imports it. A
source says how to turn an object into an engine `Record` (texts, long-profile
items, facets) and who may see it (the `audience` facet).

Audience values: "public", "verified" (members of verified organisations), "verified-investor" (members of verified investor
organisations),
"org:<id>" (that organisation's members), "city:<slug>" (organisations of that
city). A record lists the audiences that may see it; a query filters on the
caller's audiences, so visibility is a hard filter inside the engine.

The "owner" facet lists the organisation ids a record belongs to (an organisation
is its own owner): a reader is never recommended their organisations' own records.

A source may also say who may *use* a record (`eligibility`): given an object and
the reader's organisations, it returns None when at least one of them may request
it, else why not, in the active language. Panels hide records the reader is not
eligible for; find-partners and the API show them marked "Not eligible".
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save

from innobelt.matching.engine import Record


@dataclass(frozen=True)
class MatchSource:
    kind: str  # "organisation", "resource", ...
    model: type[Model]
    queryset: Callable[[], QuerySet]  # every matchable object, with what to_record needs prefetched
    to_record: Callable[[Model], Record | None]  # None: not matchable now (a draft, say)
    label: Callable[[], str]  # the kind's name for people, translated
    # why none of these organisations may use the object (None: at least one may); not set: anyone may
    eligibility: Callable[[Any, Sequence[Any]], str | None] | None = None
    # the objects as a list of results shows them (title, link, eligibility), when that is less than what
    # to_record needs (the industries a record lists, say); not set: `queryset` (ADR 0024). With `.only()`, the
    # columns those read and no more: a column read and left out costs a query per result, which
    # tests/matching/test_shown.py counts on every page that lists results
    shown: Callable[[], QuerySet] | None = None

    def shown_queryset(self) -> QuerySet:
        return (self.shown or self.queryset)()


SOURCES: dict[str, MatchSource] = {}


def register(source: MatchSource) -> None:
    """Make a model's records matchable, and re-index one when it is saved or deleted.

    The signals are connected for this model only: saving anything else (an audit row, a
    booking) costs matching nothing.
    """
    SOURCES[source.kind] = source
    post_save.connect(_changed, sender=source.model, dispatch_uid=f"matching-post-save-{source.kind}")
    post_delete.connect(_changed, sender=source.model, dispatch_uid=f"matching-post-delete-{source.kind}")


def record_id(kind: str, pk) -> str:
    return f"{kind}:{pk}"


def parse_record_id(value: str) -> tuple[str, str]:
    kind, _, pk = value.partition(":")
    return kind, pk


def source_for_model(model) -> MatchSource | None:
    for source in SOURCES.values():
        if source.model is model:
            return source
    return None


def _changed(sender, instance, **kwargs):
    from django.conf import settings

    if not getattr(settings, "MATCHING_AUTO_INDEX", True) or kwargs.get("raw"):
        return  # raw: rows loaded as they are (a restore, fixtures), which rebuild the index once after
    source = source_for_model(sender)
    if source is None:
        return
    from innobelt.matching.tasks import task_reindex_record

    kind, pk = source.kind, instance.pk
    transaction.on_commit(lambda: task_reindex_record.delay(kind, str(pk)))


def all_sources() -> Iterable[MatchSource]:
    return SOURCES.values()
