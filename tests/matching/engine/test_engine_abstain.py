"""Abstention (SearchResult) and informative reasons (ADR 0202)."""

import random

import pytest

from innobelt.matching.engine import MatchIndex, Record, SearchResult
from innobelt.matching.engine.abstain import floor_from, nonsense_probes
from innobelt.matching.engine.evaluate import load_beir
from innobelt.matching.engine.informative import Informative


def _gibberish(seed: int) -> list[str]:
    rng = random.Random(seed)
    latin = [" ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 8)))
                      for _ in range(rng.randint(1, 3))) for _ in range(6)]
    han = ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(3, 8))) for _ in range(6)]
    return ["xyzzy foobar", *latin, *han]


@pytest.fixture(scope="module")
def belt(usem, belt_dir):
    data = load_beir(belt_dir)
    idx = MatchIndex(encoder=usem)
    idx.build([Record(id=c["_id"], title=c.get("title"), text=c.get("text", "")) for c in data.corpus])
    return idx, data


def test_nonsense_queries_abstain_with_an_empty_result(belt):
    idx, _data = belt
    for query in _gibberish(11):
        res = idx.search(query, k=10)
        assert isinstance(res, SearchResult) and isinstance(res, list)
        assert res.abstained, (query, [m.id for m in res])
        assert res == [] and res.reason == "no_close_match"


def test_every_real_query_of_the_bilingual_set_still_answers(belt):
    idx, data = belt
    for qid in sorted(data.qrels):
        res = idx.search(data.queries[qid], k=5)
        assert not res.abstained and res.reason == "" and len(res) == 5, qid


def test_abstain_false_always_ranks(belt):
    idx, _data = belt
    res = idx.search("xyzzy foobar", k=3, abstain=False)
    assert not res.abstained and len(res) == 3


def test_abstention_on_a_small_index_with_the_hash_encoder(hash_encoder):
    idx = MatchIndex(encoder=hash_encoder)
    idx.build([Record(id="sep", text="锂电池隔膜材料 lithium battery separator films"),
               Record(id="wlp", text="Wafer-level packaging test services"),
               Record(id="ram", text="拉曼光谱仪检测服务 Raman spectrometer testing")])
    nonsense = idx.search("xyzzy foobar", k=3)
    assert nonsense.abstained and list(nonsense) == []
    real = idx.search("separator films", k=3)
    assert not real.abstained and real[0].id == "sep"
    # a floor stored with the segment survives save and load
    assert 0.0 < idx.meaning_floor() <= 1.05


def test_floor_is_the_top_of_the_probes_plus_the_margin():
    assert floor_from([0.1, 0.3, 0.2]) == pytest.approx(0.35)
    probes = nonsense_probes()
    assert len(probes) == 192 and probes == nonsense_probes()  # seeded: every build alike
    assert any(any("\u4e00" <= c <= "\u9fff" for c in p) for p in probes)


def test_saved_index_keeps_its_floor(hash_encoder, tmp_path):
    idx = MatchIndex(encoder=hash_encoder)
    idx.build([Record(id=str(i), text=f"text number {i} about separators") for i in range(5)])
    idx.save(tmp_path)
    again = MatchIndex.load(tmp_path, encoder=hash_encoder)
    assert again.main.meta["abstain_floor"] == pytest.approx(idx.meaning_floor())


# ------------------------------------------------------------------------------ reasons
FILLER = {"有限公司", "公司", "股份", "苏州", "苏州市", "无锡", "500", "nm", "new", "co", "co.",
          "ltd", "ltd.", "suzhou", "kg", "℃", "°c", "500nm"}


def test_uninformative_words_are_recognised(analyzer):
    inf = Informative(analyzer)
    for word in ["有限公司", "股份", "苏州", "Suzhou", "500", "3.5", "nm", "kg", "new", "ltd", "co"]:
        assert all(not inf.is_informative(t) for t in analyzer.terms(word)), word
    assert not inf.is_informative("500nm") and not inf.is_informative("电")
    for word in ["隔膜", "separator", "5g", "拉曼光谱仪"]:
        assert all(inf.is_informative(t) for t in analyzer.terms(word)), word
    assert not inf.is_informative("separ", df=20, n_rows=100)  # in 20 % of the rows


def test_reasons_never_name_filler(hash_encoder, analyzer):
    idx = MatchIndex(encoder=hash_encoder)
    idx.build([Record(id="maker", text="苏州纳米新材料股份有限公司：500 nm 隔膜材料, New separator films, "
                                       "Suzhou Co., Ltd. 3 kg 120 ℃"),
               Record(id="other", text="无锡市 wafer-level packaging test services")])
    res = idx.search("苏州 有限公司 股份 500 nm New 隔膜 separator Co. Ltd 3 kg ℃", k=1)
    terms = {r.code: r.params for r in res[0].reasons}["matched_terms"]["terms"]
    assert any("隔膜" in t for t in terms) and any("separator" in t.lower() for t in terms)
    inf = Informative(analyzer)
    for t in terms:
        assert t.lower() not in FILLER, terms
        assert all(inf.is_informative(x) for x in analyzer.terms(t)), (t, terms)


def test_terms_in_more_than_a_tenth_of_the_rows_are_no_reason(hash_encoder):
    idx = MatchIndex(encoder=hash_encoder)
    idx.build([Record(id=f"r{i}", text=f"platform offering item{i} widgets") for i in range(60)]
              + [Record(id="target", text="platform offering graphene separators")])
    res = idx.search("platform graphene", k=1)
    assert res[0].id == "target"
    terms = {r.code: r.params for r in res[0].reasons}["matched_terms"]["terms"]
    assert terms == ["graphene"]
