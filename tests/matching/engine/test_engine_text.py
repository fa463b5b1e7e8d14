"""Normalisation, language detection, tokenisation and the bilingual bridge."""

import tempfile
from pathlib import Path

from innobelt.matching.engine.text import detect_language, normalize


def test_domain_terms_are_kept_whole(analyzer):
    assert analyzer.whole_terms("锂电池隔膜的孔隙率") == ["锂电池隔膜", "孔隙率"]
    assert analyzer.whole_terms("晶圆级封装测试平台") == ["晶圆级封装测试", "平台"]
    assert analyzer.whole_terms("合成生物学与集成电路") == ["合成生物学", "集成电路"]


def test_subwords_let_a_long_term_meet_its_parts(analyzer):
    assert set(analyzer.terms("锂电池隔膜")) == {"锂电池隔膜", "锂电", "电池", "锂电池", "隔膜",
                                               "电池隔膜"}


def test_english_is_lowercased_stemmed_and_stopped(analyzer):
    assert analyzer.terms("Testing the Lithium-ion batteries and their separators") == [
        "test", "lithium", "ion", "batteri", "separ"]


def test_chinese_stopwords_dropped_single_characters_kept(analyzer):
    assert analyzer.whole_terms("膜的强度") == ["膜", "强度"]


def test_numbers_kept_single_ascii_characters_dropped(analyzer):
    assert analyzer.terms("P<0.05, 120 patients, a 5G base station") == [
        "0.05", "120", "patient", "5g", "base", "station"]


def test_nfkc_and_markup():
    assert normalize("ＡＢＣ１２３，全角　空格") == "ABC123,全角 空格"
    assert normalize("<p>Hello <b>world</b></p><script>alert(1)</script>") == "Hello world"
    assert normalize("R&amp;D &lt;b&gt;") == "R&D <b>"
    assert normalize("# Title\n\n**bold** and [a link](http://x.y)") == "Title bold and a link"
    assert normalize(None) == ""


def test_language_detection():
    assert detect_language("锂电池隔膜材料") == "zh"
    assert detect_language("采用修正的Rodrigues参数(MRP)建立飞行器姿态控制系统的数学模型") == "zh"
    assert detect_language("Wafer-level packaging test for MEMS sensors") == "en"
    assert detect_language("锂电池 separator film 隔膜") == "mixed"
    assert detect_language("12345 ...") == "und"


def test_bilingual_bridge(analyzer):
    zh = analyzer.bridge_terms("锂电池隔膜")
    assert {"lithium", "batteri", "separ"} <= set(zh)
    en = analyzer.bridge_terms("wafer-level packaging test")
    assert "晶圆级封装测试" in en and "晶圆级封装" in en


def test_jieba_cache_goes_to_a_temp_place(analyzer):
    d = Path(analyzer._jieba.tmp_dir)
    assert d.is_dir()
    assert Path(tempfile.gettempdir()) in d.parents or "INNOBELT" in str(d).upper()
    assert Path(__file__).resolve().parents[3] not in d.parents


def test_positions_point_into_the_normalised_text(analyzer):
    text = normalize("Wafer-Level Packaging 晶圆级封装测试")
    toks = analyzer.tokens(text, normalized=True, subwords=False)
    assert [text[t.start:t.end] for t in toks] == ["Wafer", "Level", "Packaging", "晶圆级封装测试"]


def test_engine_sources_never_import_django():
    engine = Path(__file__).resolve().parents[3] / "innobelt" / "matching" / "engine"
    for src in engine.glob("*.py"):
        text = src.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, src.name


# ------------------------------------------------------------------ passages of long texts
def test_short_texts_stay_whole():
    from innobelt.matching.engine.text import split_passages

    abstract = "锂电池隔膜材料的制备与表征。" * 40  # ~560 Han characters: about two abstracts
    assert split_passages(abstract) == [abstract]
    assert split_passages("") == [] and split_passages(None) == []


def test_a_long_profile_splits_at_paragraphs_and_keeps_every_word():
    from innobelt.matching.engine.text import PASSAGE_TARGET, split_passages, text_units

    papers = [(f"Paper {i}: " + "wafer-level packaging test of power devices. " * 20).strip() for i in range(8)]
    passages = split_passages("\n\n".join(papers))
    assert passages == papers  # one paper (~940 units) per passage
    flat = " ".join(papers)
    pieces = split_passages(flat)
    assert len(pieces) > 1 and all(text_units(p) <= PASSAGE_TARGET for p in pieces)
    assert " ".join(pieces).split() == flat.split()


def test_short_lines_are_packed_together():
    from innobelt.matching.engine.text import PASSAGE_TARGET, split_passages, text_units

    titles = [f"Title number {i} about thin-film lithium separators" for i in range(80)]
    passages = split_passages("\n".join(titles))
    assert 1 < len(passages) < 10 and all(text_units(p) <= PASSAGE_TARGET for p in passages)
    assert " ".join(passages).split() == " ".join(titles).split()
