"""innobelt matching engine: bilingual (zh/en) need <-> resource matching.

A pure library (no Django): the Django app feeds it records and queries it.

    from innobelt.matching.engine import MatchIndex, Record

    index = MatchIndex()                       # USE multilingual v3 + on-disk embedding cache
    index.build([Record(id="r1", title="...", text="...", facets={"kind": ["resource"]})])
    index.save("/var/lib/innobelt/match-index")
    index = MatchIndex.load("/var/lib/innobelt/match-index")   # vectors memory-mapped
    index.upsert(Record(id="r2", text="..."))  # milliseconds; index.remove("r1")
    result = index.search("锂电池隔膜材料", k=10, filters={"kind": "resource"})
    if result.abstained:                       # a list; empty when nothing is close enough
        print("nothing close enough:", result.reason)
    for m in result:
        print(m.id, m.score, [r.as_dict() for r in m.reasons])

See docs/adr/0201-matching-engine.md for the design.
"""

from .encoder import CachedEncoder, E5Encoder, EmbeddingCache, Encoder, UsemEncoder
from .index import MatchIndex
from .reasons import QueryContext, Reason, facet_overlap_hook
from .records import BuildStats, Match, Record, SearchResult
from .text import Analyzer, detect_language, normalize

__all__ = [
    "Analyzer", "BuildStats", "CachedEncoder", "E5Encoder", "EmbeddingCache", "Encoder", "Match",
    "MatchIndex", "QueryContext", "Reason", "Record", "SearchResult", "UsemEncoder",
    "detect_language", "facet_overlap_hook", "normalize",
]
