"""Abstention on a development set: nonsense answered, real queries abstained, and by which rule.

    python bench/check_matching_abstention.py DIR [DIR ...]

For each BEIR set: build the production index (embedding cache as ``matching eval``), then search
fresh nonsense probes (another seed than the calibration's, :func:`abstain.nonsense_probes`) plus
hand-written nonsense, and every real query; print how many nonsense queries are answered and how
many real ones abstain, with the rule that answered (a word hit, the meaning floor, the title floor
of short queries or its agreement floor, ADR 0202 Decisions 2, 6 and 7) and the floors.  Used to calibrate the title floor.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from innobelt.matching.engine import MatchIndex, Record
from innobelt.matching.engine.abstain import nonsense_probes
from innobelt.matching.engine.encoder import CachedEncoder, EmbeddingCache, UsemEncoder, default_cache_path, encode_queries
from innobelt.matching.engine.evaluate import load_beir
from innobelt.matching.engine.text import normalize

HAND = ["xyzzy foobar", "lorem ipsum dolor", "哈哈哈哈", "asdf qwer", "嗯嗯啊啊哦", "blorp zint quavor", "qwxz plorvitude"]


def why(idx: MatchIndex, text: str, vec) -> str:
    """Which rule answers ``text`` ("" when the search abstains)."""
    plan = idx.plan(text)
    parts = idx._score_parts(plan, vec)
    if not parts:
        return "empty"
    if idx._best_cosine(parts) >= idx.meaning_floor():
        return "meaning"
    title = idx._production(plan, parts, vec, 10)[1]
    if title is not None and title.best >= idx.title_floor():
        return "title"
    if title is not None and title.agrees and title.best >= idx.title_agreement_floor():
        return "agreement"
    return "words" if idx._word_hit(plan) else ""


def main(argv: list[str]) -> int:
    enc = CachedEncoder(UsemEncoder(), EmbeddingCache(default_cache_path()))
    for d in argv:
        data = load_beir(d)
        idx = MatchIndex(encoder=enc)
        idx.build([Record(id=str(c["_id"]), title=c.get("title") or None, text=c.get("text") or "",
                          items=tuple(c.get("items") or ())) for c in data.corpus])
        nonsense = [normalize(t) for t in nonsense_probes(seed=194) + HAND]
        nv = encode_queries(enc, nonsense)
        answered = [(t, r) for t, v in zip(nonsense, nv) if (r := why(idx, t, v))]
        qids = sorted(data.qrels)
        real = [normalize(data.queries[q]) for q in qids]
        rv = encode_queries(enc, real)
        rules = Counter(why(idx, t, v) or "abstained" for t, v in zip(real, rv))
        print(json.dumps({"set": data.name, "meaning_floor": round(idx.meaning_floor(), 4),
                          "title_floor": round(idx.title_floor(), 4),
                          "agreement_floor": round(idx.title_agreement_floor(), 4),
                          "nonsense_answered": f"{len(answered)} / {len(nonsense)}",
                          "nonsense_answers": answered[:10],
                          "real_queries": len(real), "real_by_rule": dict(rules)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
