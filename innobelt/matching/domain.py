"""Changing matching state: what a person did with a match, and the index itself.

Reads (finding matches, visibility, saved matches) are in `queries.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from innobelt.matching import index_store
from innobelt.matching.engine import BuildStats, MatchIndex
from innobelt.matching.models import MatchFeedback
from innobelt.matching.queries import iter_matchable_records
from innobelt.matching.registry import SOURCES, record_id

if TYPE_CHECKING:
    from innobelt.accounts.models import User


def record_feedback(*, user: User, target: str, action: str, query: str = "", source: str = "",
                    rank: int | None = None) -> MatchFeedback:
    """Store what `user` did with match `target`: the free-text `query` or the `source` record the
    matches were for is the context `replay.export_feedback` turns into an evaluation query."""
    return MatchFeedback.objects.create(user=user, target=target[:80], action=action, query=query[:500],
                                        source=source[:80], rank=rank)


def reindex_record(*, kind: str, pk: str) -> None:
    """Bring one record up to date in the index (added, changed, or removed)."""
    source = SOURCES.get(kind)
    if source is None:
        return
    obj = source.queryset().filter(pk=pk).first()
    record = source.to_record(obj) if obj is not None else None
    with index_store.writing() as index:
        if record is None:
            index.remove(record_id(kind, pk))
        else:
            index.upsert(record)


def rebuild_index(*, progress: bool = False) -> BuildStats:
    """Re-create the index from every registered source. Only changed texts are re-encoded."""
    records = list(iter_matchable_records(progress=progress))
    index = MatchIndex(index_store.build_encoder(), title_weight=settings.MATCHING_TITLE_RERANK_WEIGHT)
    stats = index.build(records, progress=progress)
    index.encoder = index_store.encoder()  # queries and updates encode in this process
    index_store.replace_index(index)
    return stats
