"""A long-profile proxy set for the matching engine, built from csl-dev-keywords.

    python bench/long_profile_proxy.py [--out DIR]   then   innobelt matching eval --beir DIR/<variant>

No shared set has long profiles (an expert with many papers), but the issue measures them.
This groups the 1,000 papers of ../shared/benchmarks/matching/csl-dev-keywords into 125
"experts" of 8 papers (seeded shuffle); a keyword query is relevant to the expert holding its
paper. Three variants of the same corpus:

* ``items``  - each paper an explicit item (what the Django layer does for organisations);
* ``concat`` - one text, papers separated by blank lines (a profile pasted as paragraphs);
* ``flat``   - one text, papers joined by spaces (no paragraph structure at all).

It checks the method (long texts matched passage by passage, docs/adr/0201), not a number to
fit: the passage sizes come from "about one abstract", not from these figures.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "matching" / "csl-dev-keywords"


def build(out: Path, source: Path = SOURCE, per_expert: int = 8, seed: int = 7) -> list[Path]:
    corpus = [json.loads(line) for line in (source / "corpus.jsonl").open(encoding="utf-8") if line.strip()]
    by_id = {c["_id"]: c for c in corpus}
    ids = [c["_id"] for c in corpus]
    random.Random(seed).shuffle(ids)
    experts = [(f"e{i // per_expert}", ids[i:i + per_expert]) for i in range(0, len(ids), per_expert)]
    expert_of = {d: e for e, group in experts for d in group}
    qrels = [line.rstrip("\n").split("\t") for line in (source / "qrels" / "test.tsv").open(encoding="utf-8")][1:]
    written = []
    for variant in ("items", "concat", "flat"):
        folder = out / variant
        (folder / "qrels").mkdir(parents=True, exist_ok=True)
        with (folder / "corpus.jsonl").open("w", encoding="utf-8") as f:
            for expert, group in experts:
                papers = [f"{by_id[d].get('title', '')}。{by_id[d]['text']}".strip("。") for d in group]
                line = ({"_id": expert, "text": papers[0], "items": papers[1:]} if variant == "items" else
                        {"_id": expert, "text": ("\n\n" if variant == "concat" else " ").join(papers)})
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        (folder / "queries.jsonl").write_text((source / "queries.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
        seen = set()
        with (folder / "qrels" / "test.tsv").open("w", encoding="utf-8") as f:
            f.write("query-id\tcorpus-id\tscore\n")
            for query, doc, score in qrels:
                if (query, expert_of[doc]) not in seen:
                    seen.add((query, expert_of[doc]))
                    f.write(f"{query}\t{expert_of[doc]}\t{score}\n")
        written.append(folder)
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("var/long-profile-proxy"))
    for folder in build(parser.parse_args().out):
        print(folder)
