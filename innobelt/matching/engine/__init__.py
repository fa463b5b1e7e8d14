"""innobelt matching engine: bilingual (zh/en) need <-> resource matching.

A pure library (no Django): the Django app feeds it records and queries it.

    from innobelt.matching.engine import MatchIndex, Record

    index = MatchIndex()                       # USE multilingual v3 + on-disk embedding cache
    index.build([Record(id="r1", title="...", text="...", facets={"kind": ["resource"]})])
    index.save("/var/lib/innobelt/match-index")
    index = MatchIndex.load("/var/lib/innobelt/match-index")   # vectors memory-mapped
    index.upsert(Record(id="r2", text="..."))  # milliseconds; index.remove("r1")
    for m in index.search("锂电池隔膜材料", k=10, filters={"kind": "resource"}):
        print(m.id, m.score, [r.as_dict() for r in m.reasons])

See docs/adr/0201-matching-engine.md for the design.
"""

from .encoder import CachedEncoder, EmbeddingCache, Encoder, UsemEncoder
from .index import BuildStats, Match, MatchIndex, Record
from .reasons import QueryContext, Reason, city_specialty, facet_overlap_hook, kind_compatible, shared_industries
from .text import Analyzer, detect_language, normalize

__all__ = [
    "Analyzer", "BuildStats", "CachedEncoder", "EmbeddingCache", "Encoder", "Match",
    "MatchIndex", "QueryContext", "Reason", "Record", "UsemEncoder", "city_specialty",
    "detect_language", "facet_overlap_hook", "kind_compatible", "normalize",
    "shared_industries",
]
