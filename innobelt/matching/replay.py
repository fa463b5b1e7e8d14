"""Replaying feedback in evaluation: the stored `MatchFeedback` as a BEIR folder.

`export_feedback` writes what `innobelt matching eval --beir DIR` reads unchanged:

* ``corpus.jsonl``: every matchable record as the production index sees it (the registered
  sources' `to_record`): ``_id`` is the index's record key (``organisation:12``), ``title`` and
  ``text`` as fed to the engine, ``items`` when a source has long-profile items.
* ``queries.jsonl``: one query per match context that got feedback. Feedback on a source
  record's "matches for this" (``source`` set) is replayed with that record's current text,
  built as the page builds it, and keeps the record key as its id, so the evaluator drops the
  record from its own ranking as the page excludes it. Free-text feedback is replayed with the
  stored query; its id is ``query:`` + a hash of the text, stable across exports.
* ``qrels/test.tsv``: graded judgements, contacted 2, saved 1, dismissed 0 (judged not
  relevant). A person's latest action on a match counts; across people the highest grade.

Feedback without a context (no query, no source), or on a match that is no longer matchable,
is counted as skipped. Filters (kind, city, industry) and visibility are not replayed: the
evaluation ranks the whole corpus.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from innobelt.matching.models import MatchFeedback
from innobelt.matching.queries import iter_matchable_records, query_text_for_record

GRADES = {MatchFeedback.Action.CONTACT: 2, MatchFeedback.Action.SAVE: 1, MatchFeedback.Action.DISMISS: 0}


class NoFeedback(Exception):
    """There is no feedback to export (at all, or since the given time)."""


@dataclass
class FeedbackExport:
    records: int = 0
    queries: int = 0
    judged_relevant_queries: int = 0  # queries with at least one saved or contacted match
    judgements: int = 0
    grades: dict[int, int] = field(default_factory=lambda: {2: 0, 1: 0, 0: 0})
    skipped: int = 0  # feedback without a context, or on a match no longer matchable


def free_text_query_id(text: str) -> str:
    return "query:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def export_feedback(*, out, since=None, progress: bool = False) -> FeedbackExport:
    """Write the feedback given since `since` (an aware datetime, or None for all) as a BEIR
    folder in `out`. Raises NoFeedback when there is none. Side effect: files in `out` only."""
    rows = MatchFeedback.objects.order_by("created_at", "pk")
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    feedback = list(rows.values_list("user_id", "query", "source", "target", "action"))
    if not feedback:
        raise NoFeedback
    out = Path(out)
    (out / "qrels").mkdir(parents=True, exist_ok=True)
    stats = FeedbackExport()

    wanted_sources = {source for _user, _query, source, _target, _action in feedback if source}
    source_texts: dict[str, str] = {}
    corpus_ids: set[str] = set()
    with open(out / "corpus.jsonl", "w", encoding="utf-8") as f:
        for record in iter_matchable_records(progress=progress):
            line = {"_id": record.id, "title": record.title or "", "text": record.text}
            if record.items:
                line["items"] = list(record.items)
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
            corpus_ids.add(record.id)
            if record.id in wanted_sources:
                source_texts[record.id] = query_text_for_record(record)
    stats.records = len(corpus_ids)

    queries: dict[str, str] = {}
    latest: dict[tuple[str, str, int], int] = {}  # (query id, target, user) -> grade; later rows overwrite
    for user_id, query, source, target, action in feedback:
        query = (query or "").strip()
        if source in source_texts:
            qid, text = source, source_texts[source]
        elif query:
            qid, text = free_text_query_id(query), query
        else:
            stats.skipped += 1
            continue
        if target not in corpus_ids or action not in GRADES:
            stats.skipped += 1
            continue
        queries[qid] = text
        latest[(qid, target, user_id)] = GRADES[action]

    qrels: dict[tuple[str, str], int] = {}
    for (qid, target, _user), grade in latest.items():
        qrels[(qid, target)] = max(grade, qrels.get((qid, target), 0))
    with open(out / "queries.jsonl", "w", encoding="utf-8") as f:
        for qid in sorted(queries):
            f.write(json.dumps({"_id": qid, "text": queries[qid]}, ensure_ascii=False) + "\n")
    with open(out / "qrels" / "test.tsv", "w", encoding="utf-8") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        for (qid, target), grade in sorted(qrels.items()):
            f.write(f"{qid}\t{target}\t{grade}\n")
            stats.grades[grade] += 1
    stats.queries = len(queries)
    stats.judgements = len(qrels)
    stats.judged_relevant_queries = len({qid for (qid, _target), grade in qrels.items() if grade > 0})
    return stats
