import pytest

from innobelt.organisations import queries
from innobelt.organisations.search import build_search_document, query_terms


def test_query_terms_stem_english_and_keep_chinese():
    assert query_terms("New Materials 材料") == ["材料", " new", " materi"]


def test_document_contains_stems():
    doc = build_search_document("吴淞材料实验室", "Wusong Material Laboratory")
    assert " materi" in doc and "材料" in doc


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["材料", "materials", "Material", "吴淞", "wusong laboratory"])
def test_directory_search_finds_wusong_in_both_languages(belt, query):
    slugs = list(queries.directory(query=query).values_list("slug", flat=True))
    assert "wusong-material-laboratory" in slugs


@pytest.mark.django_db
def test_filters_combine(belt):
    slugs = set(queries.directory(city="baoshan", kind="laboratory").values_list("slug", flat=True))
    assert slugs == {"wusong-material-laboratory"}
    goi = set(queries.directory(goi_only=True).filter(is_synthetic=False).values_list("slug", flat=True))
    assert goi == {"microsoft-ai-iot-insider-lab", "fujifilm-business-innovation-china", "comac-innovation-valley",
                   "chemexpress-shanghai-rd-center", "nokia-shanghai-bell-openx-lab"}


@pytest.mark.django_db
def test_industry_filter_and_no_match(belt):
    assert set(queries.directory(industry="quantum").values_list("slug", flat=True)) >= {"tsung-dao-lee-institute"}
    assert not queries.directory(query="zzzz-nothing").exists()
