"""Metrics against hand-computed values, tie-breaking, BEIR loading."""

import json
import math
import random

import numpy as np
import pytest

from innobelt.matching.engine.evaluate import (
    evaluate_beir,
    load_beir,
    mrr_at_k,
    ndcg_at_k,
    rank_with_ties,
    recall_at_k,
    score_run,
    split_queries,
    tiebreak_keys,
)

QRELS = {"d2": 2, "d3": 1, "d4": 1, "d9": 0}


def test_ndcg_linear_gain_by_hand():
    ranked = ["d1", "d2", "d3"]
    dcg = 0 + 2 / math.log2(3) + 1 / math.log2(4)
    idcg = 2 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(ranked, QRELS, 10) == pytest.approx(dcg / idcg)
    assert ndcg_at_k(ranked, QRELS, 10) == pytest.approx(0.562727, abs=1e-6)  # 1.761860 / 3.130930
    assert ndcg_at_k(["d2", "d3", "d4"], QRELS, 10) == pytest.approx(1.0)
    assert ndcg_at_k(["d9", "d1"], QRELS, 10) == 0.0
    # cut-off: a relevant document at rank 3 does not count at k=2
    assert ndcg_at_k(ranked, QRELS, 2) == pytest.approx((2 / math.log2(3)) / (2 + 1 / math.log2(3)))


def test_recall_and_mrr_by_hand():
    ranked = ["d1", "d2", "d3"]
    assert recall_at_k(ranked, QRELS, 2) == pytest.approx(1 / 3)
    assert recall_at_k(ranked, QRELS, 10) == pytest.approx(2 / 3)
    assert mrr_at_k(ranked, QRELS, 10) == 0.5
    assert mrr_at_k(["d9", "d8"], QRELS, 10) == 0.0
    assert mrr_at_k(["x"] * 10 + ["d2"], QRELS, 10) == 0.0


def test_score_run_averages_over_judged_queries_only():
    qrels = {"q1": {"a": 1}, "q2": {"b": 2}, "q3": {"c": 0}}
    run = {"q1": ["a"], "q2": ["x", "b"]}
    out = score_run(run, qrels)
    assert out["queries"] == 2
    assert out["mrr@10"] == pytest.approx((1 + 0.5) / 2)
    assert out["ndcg@10"] == pytest.approx((1 + 1 / math.log2(3)) / 2)
    assert out["recall@10"] == 1.0


def test_ties_are_broken_by_seeded_hash_not_position():
    ids = [f"d{i}" for i in range(50)]
    scores = np.zeros(50, dtype=np.float32)
    scores[7] = 1.0
    keys = tiebreak_keys(ids, seed=0)
    top = [ids[i] for i in rank_with_ties(scores, keys, 10)]
    assert top[0] == "d7"
    shuffled = ids[:]
    random.Random(3).shuffle(shuffled)
    s2 = np.array([1.0 if d == "d7" else 0.0 for d in shuffled], dtype=np.float32)
    top2 = [shuffled[i] for i in rank_with_ties(s2, tiebreak_keys(shuffled, seed=0), 10)]
    assert top2 == top
    assert top[1:] != ids[:9]  # not corpus order
    other_seed = [ids[i] for i in rank_with_ties(scores, tiebreak_keys(ids, seed=1), 10)]
    assert other_seed[1:] != top[1:]


def test_rank_with_ties_handles_valid_mask_and_large_arrays():
    rng = np.random.default_rng(0)
    s = rng.integers(0, 5, size=10_000).astype(np.float32)
    keys = tiebreak_keys([str(i) for i in range(10_000)])
    valid = s > 0
    top = rank_with_ties(s, keys, 25, valid)
    full = np.lexsort((keys, -s))
    full = full[valid[full]][:25]
    assert top.tolist() == full.tolist()


def test_load_beir_and_split(tmp_path):
    (tmp_path / "qrels").mkdir()
    (tmp_path / "corpus.jsonl").write_text(
        json.dumps({"_id": "d1", "title": "t", "text": "x"}) + "\n", encoding="utf-8")
    (tmp_path / "queries.jsonl").write_text(
        "\n".join(json.dumps({"_id": f"q{i}", "text": "y"}) for i in range(4)), encoding="utf-8")
    (tmp_path / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\nq0\td1\t2\nq1\td1\t1\nq9\td1\t1\n", encoding="utf-8")
    data = load_beir(tmp_path)
    assert data.qrels == {"q0": {"d1": 2}, "q1": {"d1": 1}}
    a, b = split_queries([f"q{i}" for i in range(10)])
    assert sorted(a + b) == sorted(f"q{i}" for i in range(10)) and not set(a) & set(b)
    assert split_queries([f"q{i}" for i in range(10)]) == [a, b]


def test_judged_non_relevant_grades_add_nothing():
    """Grades 0 and below (a dismissed match, BEIR's -1) are judged non-relevant in every metric."""
    qrels = {"good": 1, "dismissed": 0, "bad": -1}
    assert ndcg_at_k(["bad", "good"], qrels, 10) == pytest.approx(1 / math.log2(3))
    assert ndcg_at_k(["dismissed", "bad", "good"], qrels, 10) == pytest.approx(1 / math.log2(4))
    assert mrr_at_k(["bad", "dismissed", "good"], qrels, 10) == pytest.approx(1 / 3)
    assert recall_at_k(["bad", "dismissed"], qrels, 10) == 0.0
    assert score_run({"q": ["dismissed"]}, {"q": {"dismissed": 0}, "r": {"bad": -1}})["queries"] == 0


def test_evaluation_drops_the_query_record_and_reads_items(tmp_path, hash_encoder):
    """A query whose id is a corpus id (a record's own text as the query) never ranks that record,
    and a corpus line's items are matched as in production."""
    (tmp_path / "qrels").mkdir()
    corpus = [{"_id": "r1", "title": "lithium battery separator film", "text": "wet process separator film"},
              {"_id": "r2", "title": "battery cells", "text": "separator film buyers",
               "items": ["extrusion lines for separator film"]},
              {"_id": "r3", "title": "container shipping", "text": "warehousing and freight"}]
    (tmp_path / "corpus.jsonl").write_text("\n".join(json.dumps(c) for c in corpus), encoding="utf-8")
    (tmp_path / "queries.jsonl").write_text("\n".join(json.dumps(q) for q in [
        {"_id": "r1", "text": "lithium battery separator film wet process separator film"},
        {"_id": "q2", "text": "extrusion lines"}]), encoding="utf-8")
    (tmp_path / "qrels" / "test.tsv").write_text("r1\tr2\t1\nq2\tr2\t1\n", encoding="utf-8")
    own = evaluate_beir(tmp_path, encoder=hash_encoder, progress=False, query_ids=["r1"])
    assert own["production"]["mrr@10"] == 1.0 and own["words"]["mrr@10"] == 1.0  # r1 itself is not ranked
    item = evaluate_beir(tmp_path, encoder=hash_encoder, progress=False, query_ids=["q2"])
    assert item["words"]["mrr@10"] == 1.0  # only r2's item has these words
