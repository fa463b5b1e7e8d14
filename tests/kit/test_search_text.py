"""innobelt/kit/search_text.py: the search document every app builds, and the terms a query looks up."""

import pytest

from innobelt.kit.search_text import (
    build_search_document,
    display_terms,
    english_stems,
    filter_by_query,
    filter_fields_by_query,
    normalise,
    query_terms,
)


def test_normalise_folds_width_and_case():
    assert normalise("ＡＢＣ Lab") == "abc lab"
    assert normalise(None) == ""


def test_english_stems():
    assert english_stems("Materials, Laboratories") == ["materi", "laboratori"]


def test_query_terms_stem_english_and_keep_chinese():
    assert query_terms("New Materials 材料") == ["材料", " new", " materi"]


def test_one_letter_words_are_not_looked_up():
    assert query_terms("a b 光谱") == ["光谱"]


def test_display_terms_keep_what_was_typed():
    assert display_terms("Spectrometers 光谱") == [("光谱", "光谱"), ("spectrometers", " spectromet")]


def test_document_contains_text_and_stems():
    doc = build_search_document("吴淞材料实验室", "Wusong Material Laboratory", None, "")
    assert " materi" in doc and "材料" in doc and "wusong material laboratory" in doc


def test_every_query_term_is_in_the_document_of_its_own_text():
    text = "拉曼光谱仪 Raman spectrometers for polymer analysis"
    doc = build_search_document(text)
    assert all(term in doc for term in query_terms("光谱 spectrometer polymers analyse"))


@pytest.mark.django_db
def test_filter_by_query_needs_every_term(belt):
    from innobelt.organisations.models import Organisation

    wusong = set(filter_by_query(Organisation.objects.all(), "吴淞").values_list("slug", flat=True))
    both = filter_by_query(Organisation.objects.all(), "吴淞 materials")
    assert "wusong-material-laboratory" in wusong and len(wusong) > 1
    assert "wusong-material-laboratory" in set(both.values_list("slug", flat=True)) and set(both.values_list("slug", flat=True)) <= wusong
    assert all(" materi" in doc for doc in both.values_list("search_document", flat=True))
    assert not filter_by_query(Organisation.objects.all(), "wusong zzzz-nothing").exists()
    assert filter_by_query(Organisation.objects.all(), "").count() == Organisation.objects.count()


@pytest.mark.django_db
def test_filter_fields_by_query_needs_every_term_in_one_of_the_fields():
    """For records without a search document (events): Chinese as substrings, English by stem or as typed, any
    case; every term must occur, each in any of the fields."""
    from innobelt.events.models import Event
    from tests.factories import EventFactory

    forum = EventFactory(title_zh="新材料论坛", title_en="New Material Forum", venue_en="Wusong hall")
    EventFactory(title_zh="光谱年会", title_en="Spectroscopy meeting", venue_en="Pudong hall")

    def titles(query):
        found = filter_fields_by_query(Event.objects.all(), query, ["title_zh", "title_en", "venue_en"])
        return sorted(e.title_en for e in found)

    assert titles("材料") == titles("materials") == titles("MATERIAL wusong") == [forum.title_en]
    assert titles("hall") == ["New Material Forum", "Spectroscopy meeting"]
    assert titles("material pudong") == []
