"""Short cross-language development sets (issue 20, ADR 0202 Decision 4), built from the shared sets.

    python bench/build_matching_sets_crosslang.py     # writes bench/matching_sets/crosslang-*/
    innobelt matching eval --beir bench/matching_sets/crosslang-zh-en-titles

A user types a few words in one language and the records are written in the other:

* ``crosslang-zh-en-titles``: 100 papers of ``expert-profiles-en`` (its query papers, English title and
  abstract); the query is the paper's title in Chinese, the relevant document (grade 2) is the paper itself
  (English title + abstract). Every other paper of that set is a distractor: the other 58 query papers
  and the 1,012 papers of its profiles (1,170 documents, mostly physics, so most distractors share the
  target's field). The source set holds one paper twice (q148 and q151, the
  same abstract, one title garbled): a document with the same abstract as the target is relevant too.
* ``crosslang-en-zh-titles``: 100 papers of ``csl-dev-keywords`` (Chinese title + abstract); the query is the
  title in English, the relevant document the paper itself; the other 900 papers of that set (every
  discipline of CSL) are distractors.

The Chinese and English titles come from ``bench/matching_sets/crosslang-titles.jsonl``, written by the
team (one line per paper: ``{"set", "id", "title", "translation"}``); everything else is read from
``../shared/benchmarks/matching`` (override with ``--shared``) and selected with a fixed seed, so the sets
are rebuilt exactly. The script refuses to write a set when a translation is missing or when a title in the
file no longer matches the shared set.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "matching_sets"
TRANSLATIONS = OUT / "crosslang-titles.jsonl"
SEED = 20261
TARGETS = 100


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def split_paper(text: str) -> tuple[str, str]:
    """An expert-profiles-en paper is ``title\\nabstract``."""
    title, _, abstract = text.strip().partition("\n")
    return title.strip(), abstract.strip()


def english_papers(shared: Path) -> tuple[list[dict], list[dict]]:
    """(query papers, profile papers) of expert-profiles-en as {id, title, text}."""
    d = shared / "expert-profiles-en"
    queries = []
    for q in sorted(read_jsonl(d / "queries.jsonl"), key=lambda q: int(q["_id"][1:])):
        title, abstract = split_paper(q["text"])
        queries.append({"id": q["_id"], "title": title, "text": abstract})
    profile_papers = []
    for e in read_jsonl(d / "corpus.jsonl"):
        for j, part in enumerate(p for p in e["text"].split("\n\n") if p.strip()):
            title, abstract = split_paper(part)
            profile_papers.append({"id": f"{e['_id']}-p{j}", "title": title, "text": abstract})
    return queries, profile_papers


def chinese_papers(shared: Path) -> list[dict]:
    rows = read_jsonl(shared / "csl-dev-keywords" / "corpus.jsonl")
    rows.sort(key=lambda r: int(r["_id"][1:]))
    return [{"id": r["_id"], "title": r["title"], "text": r["text"]} for r in rows]


def select(shared: Path) -> dict[str, tuple[list[dict], list[dict]]]:
    """{set name: (targets, distractors)}, deterministic."""
    rng = random.Random(SEED)
    queries, profile_papers = english_papers(shared)
    targets = rng.sample(queries, TARGETS)
    chosen = {p["id"] for p in targets}
    others = [p for p in queries if p["id"] not in chosen] + profile_papers
    rng.sample(profile_papers, 142)  # a draw of the first version, replayed so the translated titles stay
    sets = {"crosslang-zh-en-titles": (targets, others)}
    zh = chinese_papers(shared)
    picked = rng.sample(zh, 3 * TARGETS)[:TARGETS]  # (the first version drew 300; replayed)
    taken = {p["id"] for p in picked}
    sets["crosslang-en-zh-titles"] = (picked, [p for p in zh if p["id"] not in taken])
    return sets


SOURCE = {"crosslang-zh-en-titles": "expert-profiles-en", "crosslang-en-zh-titles": "csl-dev-keywords"}


def write_set(name: str, targets: list[dict], distractors: list[dict], tr: dict, out: Path = OUT) -> None:
    d = out / name
    (d / "qrels").mkdir(parents=True, exist_ok=True)
    pre = "en" if name == "crosslang-zh-en-titles" else "zh"
    qpre = "zh" if pre == "en" else "en"
    docs = sorted(targets + distractors, key=lambda p: p["id"])
    with open(d / "corpus.jsonl", "w", encoding="utf-8") as f:
        for p in docs:
            f.write(json.dumps({"_id": f"{pre}-{p['id']}", "title": p["title"], "text": p["text"]},
                               ensure_ascii=False) + "\n")
    with open(d / "queries.jsonl", "w", encoding="utf-8") as f:
        for p in targets:
            f.write(json.dumps({"_id": f"{qpre}-q-{p['id']}", "text": tr[p["id"]]["translation"]},
                               ensure_ascii=False) + "\n")
    by_abstract: dict[str, list[str]] = {}
    for p in docs:
        by_abstract.setdefault(_key(p["text"]), []).append(p["id"])
    with open(d / "qrels" / "test.tsv", "w", encoding="utf-8") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for p in targets:
            for twin in [p["id"]] + [i for i in by_abstract[_key(p["text"])] if i != p["id"]]:
                f.write(f"{qpre}-q-{p['id']}\t{pre}-{twin}\t2\n")


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())[:200]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent.parent / "shared" / "benchmarks" / "matching")
    ap.add_argument("--dump-titles", action="store_true",
                    help="print the titles to translate (JSON lines without translation) and stop")
    ap.add_argument("--distractors", type=int, default=None, metavar="N",
                    help="keep only N distractors per set (seeded draw), for measurements too costly on the "
                         "whole set (E5 over every abstract, ADR 0202 Decision 4); write them under --out")
    ap.add_argument("--out", type=Path, default=OUT, help="folder to write the sets in")
    args = ap.parse_args(argv)
    if not args.shared.exists():
        args.shared = Path("/work/shared/benchmarks/matching")
    sets = select(args.shared)
    if args.dump_titles:
        for name, (targets, _) in sets.items():
            for p in targets:
                print(json.dumps({"set": SOURCE[name], "id": p["id"], "title": p["title"]}, ensure_ascii=False))
        return 0
    tr = {}
    for row in read_jsonl(TRANSLATIONS):
        tr[(row["set"], row["id"])] = row
    for name, (targets, distractors) in sets.items():
        mine = {}
        for p in targets:
            row = tr.get((SOURCE[name], p["id"]))
            if row is None or not row.get("translation", "").strip():
                print(f"{name}: no translation for {p['id']}", file=sys.stderr)
                return 1
            if row["title"] != p["title"]:
                print(f"{name}: {p['id']}'s title changed in the shared set", file=sys.stderr)
                return 1
            mine[p["id"]] = row
        if args.distractors is not None:
            distractors = random.Random(SEED + 1).sample(distractors, args.distractors)
        write_set(name, targets, distractors, mine, args.out)
        print(f"{name}: {len(targets)} queries, {len(targets) + len(distractors)} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
