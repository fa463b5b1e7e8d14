"""Labelled BEIR sets for matching quality of financing and talent, both directions, from the demo data (issue 25).

    python bench/build_matching_sets_issue25.py            # writes bench/matching_sets/<set>/
    innobelt matching eval --beir bench/matching_sets/<set>

Texts are those the apps index (innobelt/financing/matching.py, innobelt/talent/matching.py: title, then the
text fields and the industries' names in both languages), built from the demo rows of seed_data.py without a
database. Labels (the demo's intent, written down as rules so anyone can check them):

* financing-needs-for-investors: a thesis (query) and a funding need (document) are relevant (grade 1) when
  they share a sector; grade 2 when, besides, the stage is in the thesis and the amount within its ticket.
* financing-investors-for-needs: the same judgements, the other way round.
* talent-positions-for-people / talent-people-for-positions: grade 2 for the same field, grade 1 for a shared
  skill in another field; hidden profiles are left out (they are never indexed).

The texts above carry the industries' names, from which the labels are drawn, so `words` finds them
easily. Each set also comes as `<set>-free-text`: the same labels, the texts without the industry names,
stage words, cities and skills lists (only titles, summaries, uses of funds, descriptions): harder, and a
fairer test of what the engine understands.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from innobelt.belt.seed_data import INDUSTRIES  # noqa: E402
from innobelt.financing import seed_data as fin  # noqa: E402
from innobelt.talent import seed_data as tal  # noqa: E402

NAMES = {code: f"{zh} {en}" for code, zh, en, *_ in INDUSTRIES}
FREE_TEXT = False  # set by main() for the -free-text variants
STAGES = {"seed": "seed 种子轮", "angel": "angel round 天使轮", "a": "Series A A轮", "b": "Series B B轮",
          "growth": "growth 成长期", "loan": "bank loan 银行贷款"}
OUT = ROOT / "bench" / "matching_sets"


def words(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def need_doc(row: dict) -> dict:
    need = row["need"]
    if FREE_TEXT:
        return {"_id": f"need-{row['slug']}", "title": words(need["title_zh"], "/", need["title_en"]),
                "text": words(need["use_of_funds"], need["traction"])}
    return {"_id": f"need-{row['slug']}", "title": words(need["title_zh"], "/", need["title_en"]),
            "text": words(need["use_of_funds"], need["traction"], *(NAMES[c] for c in row["industries"]),
                          STAGES[need["stage"]])}


def thesis_doc(row: dict) -> dict:
    t = row["thesis"]
    if FREE_TEXT:
        return {"_id": f"thesis-{row['slug']}", "title": words(row["name_zh"], "/", row["name_en"]), "text": t["summary"]}
    return {"_id": f"thesis-{row['slug']}", "title": words(row["name_zh"], "/", row["name_en"]),
            "text": words(t["summary"], *(NAMES[c] for c in t["sectors"]), *t["cities"],
                          *(STAGES[s] for s in t["stages"]))}


def fin_grade(startup: dict, investor: dict) -> int:
    need, thesis = startup["need"], investor["thesis"]
    if not set(startup["industries"]) & set(thesis["sectors"]):
        return 0
    fits = need["stage"] in thesis["stages"] and \
        Decimal(thesis["ticket_min"]) <= Decimal(need["amount"]) <= Decimal(thesis["ticket_max"])
    return 2 if fits else 1


def skills(text: str) -> set[str]:
    return {s.strip().lower() for s in re.split(r"[,，;；、/]", text) if s.strip()}


def position_doc(row: dict) -> dict:
    if FREE_TEXT:
        return {"_id": f"position-{row['org']}-{row['field']}", "title": words(row["title_zh"], "/", row["title_en"]),
                "text": row["description"]}
    return {"_id": f"position-{row['org']}-{row['field']}", "title": words(row["title_zh"], "/", row["title_en"]),
            "text": words(row["description"], row["skills"], NAMES.get(row["field"], ""))}


def profile_doc(row: dict) -> dict:
    if FREE_TEXT:
        return {"_id": f"profile-{row['email'].split('@')[0]}", "title": row["headline"], "text": row["summary"]}
    return {"_id": f"profile-{row['email'].split('@')[0]}", "title": row["headline"],
            "text": words(row["summary"], row["skills"], row["degrees"], row["languages"], NAMES.get(row["field"], ""))}


def tal_grade(position: dict, profile: dict) -> int:
    if position["field"] == profile["field"]:
        return 2
    return 1 if skills(position["skills"]) & skills(profile["skills"]) else 0


def write(name: str, corpus: list[dict], queries: list[dict], qrels: list[tuple[str, str, int]]) -> None:
    name += "-free-text" if FREE_TEXT else ""
    d = OUT / name
    (d / "qrels").mkdir(parents=True, exist_ok=True)
    with open(d / "corpus.jsonl", "w", encoding="utf-8") as f:
        for doc in corpus:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    with open(d / "queries.jsonl", "w", encoding="utf-8") as f:
        for q in queries:
            f.write(json.dumps({"_id": q["_id"], "text": words(q["title"], q["text"])}, ensure_ascii=False) + "\n")
    with open(d / "qrels" / "test.tsv", "w", encoding="utf-8") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for q, doc, grade in qrels:
            f.write(f"{q}\t{doc}\t{grade}\n")
    print(f"{name}: {len(corpus)} documents, {len(queries)} queries, "
          f"{sum(1 for *_x, g in qrels if g > 0)} relevant judgements")


def main() -> None:
    needs = [need_doc(r) for r in fin.STARTUPS]
    theses = [thesis_doc(r) for r in fin.INVESTORS]
    pairs = [(s, i) for s in fin.STARTUPS for i in fin.INVESTORS]
    write("financing-needs-for-investors", needs, theses,
          [(f"thesis-{i['slug']}", f"need-{s['slug']}", fin_grade(s, i)) for s, i in pairs])
    write("financing-investors-for-needs", theses, needs,
          [(f"need-{s['slug']}", f"thesis-{i['slug']}", fin_grade(s, i)) for s, i in pairs])
    profiles = [r for r in tal.PROFILES if r["visibility"] != "hidden"]
    positions = [position_doc(r) for r in tal.POSITIONS]
    people = [profile_doc(r) for r in profiles]
    pairs2 = [(p, r) for p in tal.POSITIONS for r in profiles]
    write("talent-positions-for-people", positions, people,
          [(profile_doc(r)["_id"], position_doc(p)["_id"], tal_grade(p, r)) for p, r in pairs2])
    write("talent-people-for-positions", people, positions,
          [(position_doc(p)["_id"], profile_doc(r)["_id"], tal_grade(p, r)) for p, r in pairs2])


if __name__ == "__main__":
    main()
    FREE_TEXT = True
    main()
