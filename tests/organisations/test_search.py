import pytest

from innobelt.organisations import queries
from innobelt.organisations.models import Organisation
from innobelt.organisations.search import search_document_for


@pytest.mark.django_db
def test_document_holds_names_industries_and_city_in_both_languages(belt):
    org = Organisation.objects.get(slug="wusong-material-laboratory")
    doc = search_document_for(org)
    assert org.name_zh.lower() in doc and org.name_en.lower() in doc
    assert org.city.name_zh in doc and org.city.name_en.lower() in doc


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


@pytest.mark.django_db
def test_the_directory_selects_without_distinct_and_lists_each_organisation_once(belt):
    """ADR 0024: DISTINCT over every column of every row made the directory's count and page slow; the
    industry filter is a subquery instead of a join, so no row comes twice and none is needed."""
    org = Organisation.objects.get(slug="wusong-material-laboratory")
    code = org.industries.first().code
    for qs in (queries.directory(), queries.directory(industry=code), queries.directory(query="材料", city="baoshan")):
        assert "DISTINCT" not in str(qs.query)
        slugs = list(qs.values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs))
    assert list(queries.directory(industry=code).values_list("slug", flat=True)).count(org.slug) == 1
