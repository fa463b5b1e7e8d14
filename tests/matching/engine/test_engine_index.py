"""MatchIndex behaviour: persistence, mmap, incremental updates, filters, profiles, reasons."""

import json
import mmap
import random
import time

import numpy as np
import pytest

from innobelt.matching.engine import MatchIndex, Record
from innobelt.matching.engine.fusion import aggregate_items
from innobelt.matching.engine.reasons import Reason, facet_overlap_hook

RECORDS = [
    Record(id="sep", title="锂电池隔膜", text="湿法聚乙烯锂电池隔膜，高孔隙率，可提供中试样品。",
           facets={"kind": "resource", "city": "changzhou", "industries": ["ene", "mat"]}),
    Record(id="wlp", title="晶圆级封装测试", text="提供晶圆级封装测试与可靠性测试服务。",
           facets={"kind": "resource", "city": "wuxi", "industries": ["ic"]}),
    Record(id="raman", title="Raman spectrometer service",
           text="Raman spectrometers for rapid identification of raw materials.",
           facets={"kind": "resource", "city": "suzhou", "industries": ["inst"]}),
    Record(id="need1", text="寻找锂电池隔膜的检测服务",
           facets={"kind": "need", "city": "shanghai", "industries": ["ene"]}),
    Record(id="sep-sz", title="隔膜涂覆", text="陶瓷涂覆锂电池隔膜的定制开发。",
           facets={"kind": "resource", "city": "suzhou", "industries": ["ene"]}),
]


@pytest.fixture()
def index(hash_encoder):
    idx = MatchIndex(encoder=hash_encoder)
    idx.build(RECORDS)
    return idx


def ids(matches):
    return [m.id for m in matches]


def is_memory_mapped(arr) -> bool:
    """True when the array's memory is a file mapping (np.load(..., mmap_mode="r"))."""
    base = arr
    while base is not None:
        if isinstance(base, (np.memmap, mmap.mmap)):
            return True
        base = getattr(base, "base", None)
    return False


def test_search_finds_the_matching_record(index):
    res = index.search("锂电池隔膜", k=3)
    assert res[0].id in {"sep", "sep-sz", "need1"}
    assert "sep" in ids(res)
    assert res[0].score >= res[1].score >= res[2].score


def test_save_load_round_trip_and_mmap(index, tmp_path, hash_encoder):
    before = [(m.id, m.score) for m in index.search("晶圆级封装测试服务", k=5)]
    index.save(tmp_path)
    loaded = MatchIndex.load(tmp_path, encoder=hash_encoder)
    assert is_memory_mapped(loaded.main.vectors)
    assert is_memory_mapped(loaded.main.bm_data)
    assert not is_memory_mapped(MatchIndex.load(tmp_path, encoder=hash_encoder,
                                                mmap=False).main.vectors)
    assert [(m.id, m.score) for m in loaded.search("晶圆级封装测试服务", k=5)] == before
    assert len(loaded) == len(RECORDS)
    assert json.loads((tmp_path / "CURRENT").read_text())["main"].startswith("main-")


def test_upsert_remove_and_their_persistence(index, tmp_path, hash_encoder):
    index.save(tmp_path)
    t0 = time.perf_counter()
    index.upsert(Record(id="syn", text="合成生物学底盘细胞构建", facets={"kind": "resource"}))
    assert time.perf_counter() - t0 < 1.0
    assert ids(index.search("合成生物学底盘细胞", k=1)) == ["syn"]
    # replacing a main-segment record: the old text no longer matches, the new one does
    index.upsert(Record(id="raman", text="光谱仪共享平台", facets={"kind": "resource"}))
    old = [m for m in index.search("rapid identification of raw materials", k=10)
           if m.id == "raman"]
    assert not old or old[0].words == 0  # the old text is gone from the words side
    assert ids(index.search("光谱仪共享平台", k=1)) == ["raman"]
    assert index.remove("sep") is True
    assert index.remove("sep") is False
    assert "sep" not in index and "syn" in index
    assert "sep" not in ids(index.search("锂电池隔膜", k=10))
    assert len(index) == len(RECORDS)  # -sep +syn
    index.save(tmp_path)
    other = MatchIndex.load(tmp_path, encoder=hash_encoder)
    assert "sep" not in other and "syn" in other and len(other) == len(RECORDS)
    assert ids(other.search("光谱仪共享平台", k=1)) == ["raman"]


def test_rebuild_folds_the_delta_and_encodes_nothing(index, hash_encoder):
    index.upsert(Record(id="syn", text="合成生物学底盘细胞构建", facets={"kind": "resource"}))
    index.remove("wlp")
    before = [(m.id, round(m.meaning, 5)) for m in index.search("合成生物学", k=3)]
    n0 = hash_encoder.encoded_count
    stats = index.rebuild()
    assert hash_encoder.encoded_count == n0 and stats.encoded == 0
    assert len(index.delta) == 0 and index.main.n_records == len(RECORDS)
    assert [(m.id, round(m.meaning, 5)) for m in index.search("合成生物学", k=3)] == before
    # building again from the same records re-encodes nothing either
    again = MatchIndex(encoder=hash_encoder)
    assert again.build(RECORDS).encoded == 0


def test_facet_filters_apply_before_ranking(index):
    res = index.search("锂电池隔膜", k=10, filters={"city": "suzhou"})
    assert set(ids(res)) == {"sep-sz", "raman"}
    res = index.search("锂电池隔膜", k=1, filters={"kind": "resource", "city": ["suzhou"]})
    assert ids(res) == ["sep-sz"]  # the best *within* the filter, not filtered after top-k
    res = index.search("锂电池隔膜", k=10, filters={"industries": ["ic", "inst"]})
    assert set(ids(res)) == {"wlp", "raman"}  # OR within a facet
    res = index.search("锂电池隔膜", k=10, filters={"kind": "need", "industries": "ene"})
    assert ids(res) == ["need1"]  # AND across facets
    assert index.search("锂电池隔膜", filters={"city": "nowhere"}) == []
    index.upsert(Record(id="new-sz", text="锂电池隔膜检测", facets={"city": "suzhou"}))
    assert "new-sz" in ids(index.search("锂电池隔膜", k=10, filters={"city": "suzhou"}))
    assert "new-sz" not in ids(index.search("锂电池隔膜", k=10, filters={"city": "wuxi"}))
    assert "sep" not in ids(index.search("锂电池隔膜", k=10, exclude_ids=["sep"]))


def test_a_negated_facet_leaves_its_records_out_before_ranking(hash_encoder):
    """`{"-owner": [...]}` keeps only records without those values, in the main segment and in the delta,
    before the top k is taken: an owner of many close records still gets k records of others."""
    idx = MatchIndex(encoder=hash_encoder)
    mine = [Record(id=f"mine-{i}", text=f"锂电池隔膜涂布检测 {i}", facets={"owner": ["1"]}) for i in range(30)]
    theirs = [Record(id=f"other-{i}", text=f"锂电池隔膜 检测服务 {i}", facets={"owner": ["2", "3"]}) for i in range(5)]
    idx.build(mine + theirs + [Record(id="free", text="锂电池隔膜", facets={})])
    assert {m.id for m in idx.search("锂电池隔膜涂布检测", k=5)} <= {r.id for r in mine}  # without: all mine
    found = ids(idx.search("锂电池隔膜涂布检测", k=6, filters={"-owner": ["1"]}))
    assert len(found) == 6 and not any(i.startswith("mine") for i in found)
    assert "free" in found  # a record without the facet passes a negated filter
    assert not ids(idx.search("锂电池隔膜涂布检测", k=10, filters={"-owner": ["2"], "owner": ["3"]}))
    idx.upsert(Record(id="mine-new", text="锂电池隔膜涂布检测 新", facets={"owner": ["1"]}))  # the delta segment
    idx.upsert(Record(id="other-new", text="锂电池隔膜涂布检测", facets={"owner": ["4"]}))
    found = ids(idx.search("锂电池隔膜涂布检测", k=10, filters={"-owner": ["1"]}))
    assert "other-new" in found and not any(i.startswith("mine") for i in found)


def test_long_profile_is_matched_item_by_item(hash_encoder):
    idx = MatchIndex(encoder=hash_encoder)
    idx.build([
        Record(id="expert", title="Prof. Wang", text="Materials scientist",
               items=["Raman spectroscopy of polymers", "Lithium battery separator coatings",
                      "Ceramic coated separator for lithium battery safety"]),
        Record(id="single", text="Lithium battery separator coatings"),
        Record(id="other", text="Wafer level packaging test"),
    ])
    res = idx.search("lithium battery separator coatings", k=3)
    # the same best item, but the expert's profile as a whole (name, the Raman paper) is only
    # partly about it: the record that is exactly the query comes first (ADR 0202)
    assert ids(res)[:2] == ["single", "expert"]
    expert = res[1]
    assert expert.items[0] == 2 and 3 in expert.items  # item numbers: 0 = title+text
    assert expert.score > res[2].score
    sup = [r for r in expert.reasons if r.code == "supporting_items"]
    assert sup and sup[0].params["count"] == len(expert.items)
    # the squashed alternative (one averaged text) would have been diluted by the Raman paper
    assert idx.search("Raman spectroscopy polymers", k=1)[0].id == "expert"


def test_aggregate_items_by_hand():
    assert aggregate_items(np.array([0.6])) == pytest.approx(0.6)
    assert aggregate_items(np.array([0.2, 0.6, 0.4])) == pytest.approx(0.6 + 0.4 / 4 + 0.2 / 8)
    assert aggregate_items(np.array([0.5, -0.3])) == pytest.approx(0.5)  # below background: none
    assert aggregate_items(np.full(30, 0.5)) < 0.5 * 1.5


def test_ties_do_not_depend_on_corpus_order(hash_encoder):
    recs = [Record(id=f"r{i}", text="完全相同的文本 identical text") for i in range(30)]
    a = MatchIndex(encoder=hash_encoder)
    a.build(recs)
    shuffled = recs[:]
    random.Random(1).shuffle(shuffled)
    b = MatchIndex(encoder=hash_encoder)
    b.build(shuffled)
    ra = ids(a.search("相同的文本", k=10))
    assert ra == ids(b.search("相同的文本", k=10))
    assert ra != [f"r{i}" for i in range(10)]
    ranks = a.rankings("相同的文本", k=10)
    assert ranks["words"] == ranks["production"] == ranks["meaning"] == ra


def test_words_ranking_returns_no_zero_score_record(index):
    r = index.rankings("晶圆级封装测试", k=10)
    assert r["words"] == ["wlp"]
    assert len(r["meaning"]) == len(RECORDS)


def test_reasons_are_data(index):
    hook = facet_overlap_hook("industries", ["ene", "ic"])
    res = index.search("锂电池隔膜", k=1, filters={"city": "changzhou"}, hooks=[hook])
    codes = {r.code: r.params for r in res[0].reasons}
    assert codes["matched_terms"]["terms"] == ["锂电池隔膜"]
    assert codes["shared_industries"] == {"industries": ["ene"]}
    assert all(isinstance(r, Reason) for r in res[0].reasons)
    assert json.dumps(res[0].as_dict(), ensure_ascii=False)  # serialisable, no sentences


def test_reasons_report_terms_as_written_in_the_record(hash_encoder):
    idx = MatchIndex(encoder=hash_encoder)
    idx.build([Record(id="en", text="Wafer-Level Packaging test services for MEMS")])
    m = idx.search("晶圆级封装测试", k=1)[0]
    codes = {r.code: r.params for r in m.reasons}
    assert codes["matched_terms"]["terms"][0] == "Wafer-Level Packaging test"
    assert codes["matched_terms"]["bridged"][0] == "Wafer-Level Packaging test"
    # a cross-language reason shows the counterpart: the query's word the record's term translates
    assert codes["matched_terms"]["counterparts"] == {"Wafer-Level Packaging test": "晶圆级封装测试"}
    assert codes["cross_language"] == {"query_lang": "zh", "record_lang": "en",
                                       "pairs": [["Wafer-Level Packaging test", "晶圆级封装测试"]]}


def test_coarse_quantiser_path(hash_encoder):
    rng = random.Random(0)
    words = ["锂电池", "隔膜", "晶圆", "封装", "测试", "光谱仪", "合成生物学", "碳化硅", "传感器",
             "催化剂", "涂层", "机器人"]
    recs = [Record(id=f"r{i}", text=" ".join(rng.sample(words, 3)) + f" {i}",
                   facets={"kind": "a" if i % 2 else "b"}) for i in range(600)]
    recs.append(Record(id="target", text="拉曼光谱仪快速鉴别药品原料", facets={"kind": "a"}))
    idx = MatchIndex(encoder=hash_encoder, ivf_min_rows=100, nprobe=3)
    idx.build(recs)
    assert idx.main.ivf_centroids is not None
    assert ids(idx.search("拉曼光谱仪快速鉴别药品原料", k=1)) == ["target"]
    assert ids(idx.search("拉曼光谱仪快速鉴别药品原料", k=1, filters={"kind": "a"})) == ["target"]
    assert all(m.facets["kind"] == ["b"]
               for m in idx.search("锂电池隔膜", k=20, filters={"kind": "b"}))


def test_index_grown_by_upserts_only(hash_encoder, tmp_path):
    idx = MatchIndex(encoder=hash_encoder)
    assert idx.search("锂电池") == [] and len(idx) == 0
    idx.upsert(Record(id="a", text="锂电池隔膜", facets={"kind": "resource"}))
    idx.save(tmp_path)
    loaded = MatchIndex.load(tmp_path, encoder=hash_encoder)
    assert ids(loaded.search("锂电池隔膜", filters={"kind": "resource"})) == ["a"]
    loaded.rebuild()
    assert loaded.main.n_records == 1 and len(loaded.delta) == 0
    assert ids(loaded.search("锂电池隔膜")) == ["a"]


def test_reload_if_changed_sees_another_writer(index, tmp_path, hash_encoder):
    index.save(tmp_path)
    reader = MatchIndex.load(tmp_path, encoder=hash_encoder)
    assert reader.reload_if_changed() is False
    index.upsert(Record(id="late", text="钙钛矿太阳能电池稳定性", facets={"kind": "resource"}))
    index.save(tmp_path)
    assert reader.reload_if_changed() is True
    assert ids(reader.search("钙钛矿太阳能电池", k=1)) == ["late"]


def test_embedding_cache_persists_and_is_keyed_by_encoder(hash_encoder, tmp_path):
    from innobelt.matching.engine.encoder import CachedEncoder, EmbeddingCache

    raw = hash_encoder.encoder
    first = CachedEncoder(raw, EmbeddingCache(tmp_path / "emb.sqlite3"))
    MatchIndex(encoder=first).build(RECORDS)
    texts = len(RECORDS) + sum(1 for r in RECORDS if r.title)  # a title is also encoded alone (ADR 0202 D6)
    assert first.encoded_count == texts
    again = CachedEncoder(raw, EmbeddingCache(tmp_path / "emb.sqlite3"))
    stats = MatchIndex(encoder=again).build(RECORDS)
    assert stats.encoded == 0 and again.encoded_count == 0
    changed = RECORDS[:-1] + [Record(id="sep-sz", text="只有这条记录的文字改了")]
    assert MatchIndex(encoder=again).build(changed).encoded == 1

    class Renamed(type(raw)):
        name = "another-encoder"

    other = CachedEncoder(Renamed(), EmbeddingCache(tmp_path / "emb.sqlite3"))
    assert MatchIndex(encoder=other).build(RECORDS).encoded == texts
    # queries are not written to the persistent cache
    idx = MatchIndex(encoder=again)
    idx.build(RECORDS)
    n = len(again.cache)
    idx.search("一个从未出现过的查询")
    assert len(again.cache) == n


def test_large_segment_scores_common_terms_exactly(hash_encoder):
    rng = random.Random(2)
    words = ["锂电池", "隔膜", "晶圆", "封装", "光谱仪", "碳化硅", "传感器", "催化剂", "涂层"]
    recs = [Record(id=f"r{i}", text="公共服务平台 " + " ".join(rng.sample(words, 2)))
            for i in range(2400)]
    ivf = MatchIndex(encoder=hash_encoder, ivf_min_rows=1000, nprobe=50)
    ivf.build(recs)
    exact = MatchIndex(encoder=hash_encoder, ivf_min_rows=None)
    exact.build(recs)
    assert ivf.main.ivf_centroids is not None and exact.main.ivf_centroids is None
    q = "公共服务平台 锂电池 隔膜"  # 公共/服务/平台 are in every row: scored on candidates only
    a = {m.id: m.words for m in ivf.search(q, k=20)}
    b = {m.id: m.words for m in exact.search(q, k=20)}
    shared = set(a) & set(b)
    assert len(shared) >= 10
    assert all(a[i] == pytest.approx(b[i], abs=1e-5) for i in shared)


def _large_index_records(n: int = 3000) -> list[Record]:
    """Records for a quantised segment: words of several frequencies, facets of several
    selectivities, and some long profiles (several rows per record)."""
    rng = random.Random(5)
    words = ["锂电池", "隔膜", "晶圆", "封装", "测试", "光谱仪", "合成生物学", "碳化硅", "传感器",
             "催化剂", "涂层", "机器人", "lithium", "separator", "wafer", "packaging", "sensor",
             "catalyst", "coating", "robot", "spectrometer", "perovskite"]
    cities = ["suzhou", "wuxi", "changzhou", "nanjing", "shanghai", "kunshan", "jiangyin",
              "zhenjiang", "hefei"]
    recs = []
    for i in range(n):
        text = "公共服务平台 " + " ".join(rng.sample(words, 3)) + f" 编号{i % 97}"
        items = tuple(" ".join(rng.sample(words, 4)) for _ in range(rng.choice((0, 0, 0, 2))))
        recs.append(Record(id=f"r{i}", text=text, items=items,
                           facets={"kind": rng.choice(["resource", "resource", "need", "expert"]),
                                   "city": rng.choice(cities)}))
    return recs


def test_pruned_large_segment_ranks_exactly_as_the_unpruned_one(hash_encoder):
    """The 1M path (ADR 0202): no row-length arrays, the same candidates, the same ranking."""
    recs = _large_index_records()
    pruned = MatchIndex(encoder=hash_encoder, ivf_min_rows=1000)
    pruned.build(recs)
    assert pruned.main.ivf_centroids is not None and pruned.main.n_rows > pruned.main.n_records
    plain = MatchIndex(encoder=hash_encoder, ivf_min_rows=1000, prune=False)
    plain.main, plain.alive, plain.delta = pruned.main, pruned.alive, pruned.delta
    plain._floor = pruned.meaning_floor()
    pruned.remove("r7")  # a tombstone: the alive mask joins the filter
    plain.alive = pruned.alive
    queries = ["锂电池隔膜涂层", "wafer packaging test", "公共服务平台 传感器", "perovskite coating",
               "催化剂 catalyst 机器人", "编号3"]
    filters = [None, {"kind": "resource"}, {"kind": "need", "city": "wuxi"},
               {"city": ["suzhou", "hefei"]}, {"-kind": ["expert"]}]
    compared = 0
    for q in queries:
        for f in filters:
            for exclude in ((), ("r1", "r2", "r3")):
                a = pruned.search(q, k=20, filters=f, exclude_ids=exclude, abstain=False)
                b = plain.search(q, k=20, filters=f, exclude_ids=exclude, abstain=False)
                assert ids(a) == ids(b), (q, f, exclude)
                assert [m.score for m in a] == pytest.approx([m.score for m in b], abs=1e-6)
                compared += len(a)
    assert compared > 500


def test_pruned_candidates_equal_the_row_length_ones(hash_encoder):
    from innobelt.matching.engine import candidates
    from innobelt.matching.engine.store import bm25_scores

    idx = MatchIndex(encoder=hash_encoder, ivf_min_rows=1000)
    idx.build(_large_index_records())
    m = idx.main
    plan = idx.plan("锂电池 隔膜 sensor 编号5")
    q = idx._qvec(plan, None)
    rare = candidates.term_ids(m, plan, False)
    for f in (None, {"kind": ["resource"]}, {"kind": ["need"], "city": ["wuxi"]}):
        rec_mask = m.facet_mask(f) if f else None
        row_mask = None if rec_mask is None else rec_mask[m.row_rec]
        bm = bm25_scores(m.bm_data, m.bm_indices, m.bm_indptr, *rare, m.n_rows)
        rows_a, cos_a = candidates.ivf_rows(m, q, bm, row_mask, None)
        rows_b, cos_b = candidates.ivf_rows_pruned(m, q, rare, rec_mask, None)
        assert np.array_equal(rows_a, rows_b)
        assert np.allclose(cos_a, cos_b, atol=1e-6)
        top = candidates.words_top_rows(m, rare, rec_mask, limit=50)
        has = np.flatnonzero(bm > 0 if row_mask is None else (bm > 0) & row_mask)
        best = np.sort(has[np.argsort(-bm[has], kind="stable")[:50]])
        assert np.array_equal(np.sort(bm[top])[::-1], np.sort(bm[best])[::-1])


def test_pruned_search_scores_no_bm25_pass_over_every_row(hash_encoder, monkeypatch):
    from innobelt.matching.engine import candidates

    idx = MatchIndex(encoder=hash_encoder, ivf_min_rows=1000, whole_record=False)
    idx.build(_large_index_records())
    real, sizes = candidates.bm25_scores, []

    def counting(*args, **kwargs):
        sizes.append(args[-1])
        return real(*args, **kwargs)

    monkeypatch.setattr(candidates, "bm25_scores", counting)
    assert idx.search("锂电池隔膜涂层", k=10, filters={"kind": "resource"}, abstain=False)
    assert idx.main.n_rows not in sizes
    idx.prune = False
    idx.search("锂电池隔膜涂层", k=10, filters={"kind": "resource"})
    assert idx.main.n_rows in sizes


def test_a_remembered_filter_mask_is_never_changed_by_a_search(hash_encoder):
    idx = MatchIndex(encoder=hash_encoder, ivf_min_rows=1000)
    idx.build(_large_index_records())
    f = {"kind": "resource", "city": "suzhou"}
    before = ids(idx.search("锂电池隔膜涂层", k=30, filters=f, abstain=False))
    mask = idx.main.facet_mask({"kind": ["resource"], "city": ["suzhou"]})
    assert mask is idx.main.facet_mask({"city": ["suzhou"], "kind": ["resource"]})
    assert not mask.flags.writeable
    excluded = ids(idx.search("锂电池隔膜涂层", k=30, filters=f, exclude_ids=before[:5],
                              abstain=False))
    assert not set(before[:5]) & set(excluded)
    assert ids(idx.search("锂电池隔膜涂层", k=30, filters=f, abstain=False)) == before
    idx.remove(before[0])  # a tombstone joins the remembered mask without changing it
    assert before[0] not in ids(idx.search("锂电池隔膜涂层", k=30, filters=f, abstain=False))
    assert mask.sum() == idx.main.facet_mask({"kind": ["resource"], "city": ["suzhou"]}).sum()


def test_an_encoder_may_embed_queries_apart_from_records(hash_encoder, tmp_path):
    """E5-like encoders prefix queries and passages differently (ADR 0202, "a second encoder"):
    queries and nonsense probes go through ``encode_queries``, records through ``encode``."""
    from innobelt.matching.engine.encoder import CachedEncoder, EmbeddingCache, encode_queries

    HashEncoder = type(hash_encoder.encoder)

    class Asymmetric(HashEncoder):
        name = "test-asymmetric"

        def __init__(self):
            self.queries: list[str] = []
            self.passages: list[str] = []

        def encode(self, texts):
            self.passages.extend(texts)
            return super().encode(["passage: " + t for t in texts])

        def encode_queries(self, texts):
            self.queries.extend(texts)
            return super().encode(["query: " + t for t in texts])

    raw = Asymmetric()
    enc = CachedEncoder(raw, EmbeddingCache(tmp_path / "emb.sqlite3"))
    idx = MatchIndex(encoder=enc)
    idx.build(RECORDS)
    probes = len(raw.queries)
    assert probes > 100  # the meaning floor was calibrated with query vectors
    assert all(not t.startswith(("query", "passage")) for t in raw.passages)
    n_cached = len(enc.cache)
    res = idx.search("锂电池隔膜", k=3, explain=False)
    assert raw.queries[probes:] == ["锂电池隔膜"] and len(enc.cache) == n_cached
    assert np.allclose(idx._qvec(idx.plan("锂电池隔膜"), None),
                       HashEncoder().encode(["query: 锂电池隔膜"])[0])
    assert not np.allclose(encode_queries(enc, ["锂电池隔膜"]), enc.encode(["锂电池隔膜"]))
    assert ids(res)[0] in {"sep", "sep-sz", "need1"}
