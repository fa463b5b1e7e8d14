"""The title re-rank of short queries and its abstention check (ADR 0202 Decision 6)."""

import json

import numpy as np
import pytest

from innobelt.matching.engine import MatchIndex, Record
from innobelt.matching.engine.abstain import (
    N_AGREEMENT_PROBES,
    N_PROBES,
    TITLE_MARGIN,
    TitleCheck,
    nonsense_probes,
    title_agreement_floor_from,
    title_floor_from,
)
from innobelt.matching.engine.rerank import RERANK_MIN_TITLES, RERANK_TOP, TITLE_WEIGHT, is_short, rerank_scores
from innobelt.matching.engine.store import FORMAT_VERSION, IndexFormatError

# A small English corpus of papers (title + abstract); the queries are Chinese titles.
PAPERS = [
    ("graphene", "Thermal conductivity of suspended single-layer graphene",
     "We measure the in-plane heat transport of suspended monolayer carbon sheets with a Raman "
     "optothermal method and find values above those of bulk graphite at room temperature."),
    ("perovskite", "Stability of perovskite solar cells under humid conditions",
     "Hybrid halide absorbers degrade when exposed to moisture; we compare encapsulation layers "
     "and report the efficiency retained after a thousand hours of damp heat."),
    ("qubits", "Decoherence of superconducting transmon qubits",
     "Noise from two-level systems in amorphous oxides limits coherence times; we characterise "
     "the loss tangent of the junction barriers at millikelvin temperatures."),
    ("battery", "Solid electrolyte interphase growth in lithium-ion battery anodes",
     "The passivating film on graphite electrodes thickens with cycling and consumes lithium; "
     "impedance spectroscopy tracks its resistance over five hundred cycles."),
    ("galaxies", "Dark matter halos of dwarf galaxies",
     "Rotation curves of small stellar systems constrain the inner density profile of their "
     "unseen mass and test cold versus self-interacting models."),
    ("protein", "Protein folding pathways from molecular dynamics simulations",
     "Long all-atom trajectories reveal intermediate states of a small globular chain and the "
     "order in which its secondary structure elements form."),
    ("turbulence", "Energy cascade in two-dimensional turbulence",
     "Direct numerical simulations of thin fluid layers show the inverse transfer of kinetic "
     "energy to large scales and the forward transfer of enstrophy."),
    ("neutrino", "Neutrino oscillations in long-baseline accelerator experiments",
     "Beams of muon flavour travelling hundreds of kilometres change identity; the appearance "
     "rate constrains the mixing angles and the mass ordering."),
    ("catalysis", "Single-atom catalysts for carbon dioxide reduction",
     "Isolated metal sites on nitrogen-doped supports convert CO2 electrochemically into carbon "
     "monoxide with high selectivity at low overpotential."),
    ("lasers", "Mode locking of fibre lasers with saturable absorbers",
     "Ultrashort pulses are generated in an erbium-doped ring cavity; we compare semiconductor "
     "mirrors with carbon nanotube films as the nonlinear element."),
]
# The Chinese title of the paper, as a user would type it.
ZH_TITLES = {
    "graphene": "悬浮单层石墨烯的热导率",
    "qubits": "超导transmon量子比特的退相干",
    "galaxies": "矮星系的暗物质晕",
    "protein": "基于分子动力学模拟的蛋白质折叠路径",
    "neutrino": "长基线加速器实验中的中微子振荡",
}


@pytest.fixture(scope="module")
def papers(usem):
    idx = MatchIndex(encoder=usem)
    idx.build([Record(id=i, title=t, text=a) for i, t, a in PAPERS])
    return idx


@pytest.mark.parametrize("paper", sorted(ZH_TITLES))
def test_a_short_chinese_title_finds_its_english_paper(papers, paper):
    res = papers.search(ZH_TITLES[paper], k=3)
    assert not res.abstained, paper
    assert res[0].id == paper, [m.id for m in res]
    # its title alone would answer it: the title floor is below the query's best title cosine
    plan = papers.plan(ZH_TITLES[paper])
    qvec = papers._qvec(plan, None)
    title = papers._production(plan, papers._score_parts(plan, qvec), qvec, 3)[1]
    assert title is not None and title.best >= papers.title_floor() > 0


def test_nonsense_still_gets_no_match_among_titled_records(papers):
    for query in ("xyzzy foobar", "lorem ipsum dolor", "哈哈哈哈", "qwxz plorvitude", "嗯嗯啊啊哦"):
        res = papers.search(query, k=3)
        assert res.abstained and list(res) == [], (query, [m.id for m in res])


def test_production_ranking_of_eval_is_the_search_ranking(papers):
    for query in [*ZH_TITLES.values(), "heat transport in carbon sheets"]:
        assert papers.rankings(query, k=10)["production"] == [m.id for m in papers.search(query, k=10, abstain=False)]


# ----------------------------------------------------------------- structure (hash encoder)
def test_title_vectors_are_stored_and_follow_upserts_removals_and_rebuilds(hash_encoder, tmp_path):
    idx = MatchIndex(encoder=hash_encoder)
    idx.build([Record(id="a", title="wafer packaging", text="some long text about wafers"),
               Record(id="b", text="no title here at all")])
    m = idx.main
    assert m.has_title.tolist() == [True, False]
    want = hash_encoder.encode(["wafer packaging"])[0]
    assert np.allclose(m.title_vectors[0], want) and not m.title_vectors[1].any()
    idx.upsert(Record(id="c", title="raman spectrometer", text="instrument"))
    idx.upsert(Record(id="a", text="the title was dropped"))
    idx.save(tmp_path)
    again = MatchIndex.load(tmp_path, encoder=hash_encoder)
    d = again.delta.arrays()
    by_id = {r.id: j for j, r in enumerate(d["records"])}
    assert d["has_title"][by_id["c"]] and not d["has_title"][by_id["a"]]
    assert np.allclose(d["title_vectors"][by_id["c"]], hash_encoder.encode(["raman spectrometer"])[0])
    again.remove("c")
    again.rebuild()
    m2 = again.main
    got = {m2.record_id(i): bool(m2.has_title[i]) for i in range(m2.n_records)}
    assert got == {"a": False, "b": False}
    again.upsert(Record(id="c", title="raman spectrometer", text="instrument"))
    again.rebuild()
    i = again.main.ordinal("c")
    assert again.main.has_title[i] and np.allclose(again.main.title_vectors[i], hash_encoder.encode(["raman spectrometer"])[0])


def test_an_index_of_the_previous_format_is_refused_clearly(hash_encoder, tmp_path):
    idx = MatchIndex(encoder=hash_encoder)
    idx.build([Record(id="a", title="t", text="x")])
    idx.save(tmp_path)
    main = tmp_path / json.loads((tmp_path / "CURRENT").read_text())["main"]
    meta = json.loads((main / "meta.json").read_text())
    assert meta["format"] == FORMAT_VERSION == 2
    meta["format"] = 1
    (main / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(IndexFormatError, match="rebuild the index"):
        MatchIndex.load(tmp_path, encoder=hash_encoder)


def test_short_queries_are_re_ranked_by_title_and_long_ones_are_not(hash_encoder):
    # the title decides between two records whose texts are alike
    recs = [Record(id="x", title="qqqq", text="separator films: separator films for lithium batteries"),
            Record(id="y", title="separator films", text="films for lithium batteries, wet process"),
            *[Record(id=f"n{i}", title=f"filler {i}", text=f"unrelated record number {i} about zzz")
              for i in range(RERANK_MIN_TITLES)]]
    on = MatchIndex(encoder=hash_encoder)
    on.build(recs)
    off = MatchIndex(encoder=hash_encoder, title_weight=0)
    off.build(recs)
    q = "separator films"
    assert is_short(q)
    fused = [m.id for m in off.search(q, k=20, abstain=False)]
    reranked = [m.id for m in on.search(q, k=20, abstain=False)]
    assert fused[:2] == ["x", "y"] and reranked[:2] == ["y", "x"]
    # by hand: z(fused) + w z(cos(query, title)) over the top
    top = off.search(q, k=RERANK_TOP, abstain=False)
    qv = hash_encoder.encode([q])[0]
    titles = {r.id: hash_encoder.encode([r.title])[0] for r in recs}
    combined = rerank_scores([m.score for m in top], [float(qv @ titles[m.id]) for m in top], TITLE_WEIGHT)
    assert reranked == [top[i].id for i in sorted(range(len(top)), key=lambda i: (-combined[i], i))]
    long_q = "separator films " * 40
    assert not is_short(long_q)
    assert [m.id for m in on.search(long_q, k=8, abstain=False)] == [m.id for m in off.search(long_q, k=8, abstain=False)]
    # a handful of titled candidates: z-scores over them are noise, the fused order stands
    few = recs[:RERANK_MIN_TITLES - 1]
    on_few, off_few = MatchIndex(encoder=hash_encoder), MatchIndex(encoder=hash_encoder, title_weight=0)
    on_few.build(few)
    off_few.build(few)
    assert [m.id for m in on_few.search(q, k=9, abstain=False)] == [m.id for m in off_few.search(q, k=9, abstain=False)]
    assert on_few.search(q, k=1, abstain=False)[0].id == "x"


def test_records_without_a_title_keep_their_fused_order(hash_encoder):
    recs = [Record(id=f"r{i}", text=f"separator films variant {i} " + "x" * i) for i in range(8)]
    on = MatchIndex(encoder=hash_encoder)
    on.build(recs)
    off = MatchIndex(encoder=hash_encoder, title_weight=0)
    off.build(recs)
    for q in ("separator films", "variant 3"):
        assert [m.id for m in on.search(q, k=8, abstain=False)] == [m.id for m in off.search(q, k=8, abstain=False)]


def test_the_title_floor_is_the_top_probe_plus_the_margin(hash_encoder, tmp_path):
    assert title_floor_from([0.2, 0.4, 0.3]) == pytest.approx(0.45)
    idx = MatchIndex(encoder=hash_encoder)
    idx.build([Record(id=str(i), title=f"title {i}", text=f"text number {i}") for i in range(5)])
    floor = idx.title_floor()
    idx.save(tmp_path)
    again = MatchIndex.load(tmp_path, encoder=hash_encoder)
    assert again.main.meta["abstain_title_floor"] == pytest.approx(floor) == pytest.approx(again.title_floor())


# ------------------------------------------------- the agreement floor (ADR 0202 Decision 7)
def test_the_agreement_floor_is_the_top_agreeing_probe_plus_the_margin_never_above_the_title_floor():
    assert title_agreement_floor_from([0.2, 0.35, 0.3], title_floor=0.6) == pytest.approx(0.35 + TITLE_MARGIN)
    assert title_agreement_floor_from([0.2, 0.58], title_floor=0.6) == pytest.approx(0.6)  # capped
    assert title_agreement_floor_from([], title_floor=0.6) == pytest.approx(0.6)  # nothing to calibrate on
    # its probes extend the other floors' probes: the first N_PROBES are the same strings
    assert nonsense_probes(N_AGREEMENT_PROBES)[:N_PROBES] == nonsense_probes()


def test_the_agreement_floor_is_calibrated_on_the_probes_whose_views_agree_and_stored(hash_encoder, tmp_path):
    idx = MatchIndex(encoder=hash_encoder)
    idx.build([Record(id=str(i), title=f"title {i} {'ab' * i}", text=f"text number {i} {'cd' * i}")
               for i in range(12)])
    probes = nonsense_probes(40, seed=7)
    # by hand: each probe's fused top 50 and the titles' cosines; "agrees" when the fused first has the best title
    best, agreeing = [], []
    for t in probes:
        plan = idx.plan(t)
        v = idx._qvec(plan, None)
        top = idx._rank(idx._score_parts(plan, v), "fused", RERANK_TOP)
        cos = idx._title_cosines(top, v)
        b = max(c for c in cos if c is not None)
        best.append(b)
        if cos[0] is not None and cos[0] >= b:
            agreeing.append(b)
    assert agreeing and len(agreeing) < len(probes)  # the fixture has both kinds
    title_floor, agreement_floor = idx.calibrate_title_floors(probes)
    assert title_floor == pytest.approx(title_floor_from(best))
    assert agreement_floor == pytest.approx(title_agreement_floor_from(agreeing, title_floor))
    assert agreement_floor <= title_floor
    stored = idx.title_agreement_floor()
    idx.save(tmp_path)
    again = MatchIndex.load(tmp_path, encoder=hash_encoder)
    assert again.main.meta["abstain_title_agreement_floor"] == pytest.approx(stored) == pytest.approx(again.title_agreement_floor())
    assert stored <= again.title_floor()


def _with_floors(tmp_path, hash_encoder, records, **floors):
    """An index whose stored floors are the given ones (to test the rule apart from calibration)."""
    idx = MatchIndex(encoder=hash_encoder)
    idx.build(records)
    idx.save(tmp_path)
    main = tmp_path / json.loads((tmp_path / "CURRENT").read_text())["main"]
    meta = json.loads((main / "meta.json").read_text())
    meta.update(floors)
    (main / "meta.json").write_text(json.dumps(meta))
    return MatchIndex.load(tmp_path, encoder=hash_encoder)


def test_a_short_query_is_answered_when_its_closest_title_is_the_fused_first_above_the_agreement_floor(hash_encoder, tmp_path):
    recs = [Record(id="a", title="alpha beta gamma", text="alpha beta gamma"),
            Record(id="b", title="delta epsilon", text="delta epsilon zeta"),
            Record(id="c", title="eta theta", text="eta theta iota")]
    ta = hash_encoder.encode(["alpha beta gamma"])[0]
    rng = np.random.default_rng(3)
    noise = rng.normal(size=ta.size).astype(np.float32)
    noise -= (noise @ ta) * ta
    noise /= np.linalg.norm(noise)
    qv = 0.6 * ta + 0.8 * noise  # cos(query, title of a) = 0.6; its row (the same text) is the fused first
    query = "xyzzy foobar"  # no word of it occurs in the index: only the vectors can answer
    floors = {"abstain_floor": 0.99, "abstain_title_floor": 0.7}
    agreeing = _with_floors(tmp_path / "1", hash_encoder, recs, **floors, abstain_title_agreement_floor=0.5)
    plan = agreeing.plan(query)
    parts = agreeing._score_parts(plan, qv)
    top, title = agreeing._production(plan, parts, qv, 3)
    assert title is not None and title.agrees and title.best == pytest.approx(0.6, abs=1e-5)
    assert agreeing._segment().record_id(top[0][3]) == "a"
    res = agreeing.search(query, k=3, query_vector=qv)
    assert not res.abstained and res[0].id == "a"
    # the same query where agreeing nonsense reached higher, or where no probe agreed: no answer
    for floor in (0.65, 0.7):
        stricter = _with_floors(tmp_path / str(floor), hash_encoder, recs, **floors,
                                abstain_title_agreement_floor=floor)
        assert stricter.search(query, k=3, query_vector=qv).abstained
    # the same closeness without agreement (the best title is not the fused first's): no answer
    assert agreeing._abstains(plan, parts, TitleCheck(0.6, False))
    assert not agreeing._abstains(plan, parts, TitleCheck(0.6, True))
    assert not agreeing._abstains(plan, parts, TitleCheck(0.71, False))  # the title floor alone, as before
