"""Feedback replayed in evaluation: recorded through the domain, exported as BEIR, scored by the engine's evaluator."""

import json

import pytest
from django.core.management import CommandError, call_command

from innobelt import cli
from innobelt.matching import domain, index_store, queries
from innobelt.matching.engine.evaluate import evaluate_beir, load_beir
from innobelt.matching.replay import free_text_query_id
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ZH_NEED = "锂电池隔膜材料"
EN_NEED = "lithium battery separator films"
ERP_NEED = "ERP software"


@pytest.fixture
def belt(settings, tmp_path):
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    index_store.reset_for_tests()
    orgs = {
        "separator": OrganisationFactory(
            slug="separator-films", name_zh="", name_en="Changzhou Separator Films Ltd",
            description="We make lithium-battery separator films and test coatings for energy storage cells."),
        "cells": OrganisationFactory(
            slug="cell-assembly", name_zh="", name_en="Suzhou Cell Assembly Co",
            description="We assemble lithium-ion battery cells and energy storage packs; we buy separator films and electrolytes."),
        "harbour": OrganisationFactory(slug="harbour", name_zh="", name_en="Harbour Logistics",
                                       description="Container shipping and warehousing."),
        "erp": OrganisationFactory(slug="erp", name_zh="华瑞软件", name_en="", description="企业资源计划软件的开发与实施。"),
    }
    domain.rebuild_index()
    yield {name: f"organisation:{org.pk}" for name, org in orgs.items()}
    index_store.reset_for_tests()


@pytest.fixture
def feedback(belt):
    """Feedback as people give it on the pages: a search, then save / contact / dismiss."""
    alice = MembershipFactory(organisation=OrganisationFactory(slug="asker", description="")).user
    top = queries.find_matches(user=alice, query=ZH_NEED, k=3)
    assert top[0].record_id == belt["separator"]  # the match she saves really was ranked first for her
    domain.record_feedback(user=alice, target=top[0].record_id, action="save", query=ZH_NEED, rank=1)
    domain.record_feedback(user=alice, target=belt["harbour"], action="dismiss", query=ZH_NEED)

    bob = UserFactory()
    domain.record_feedback(user=bob, target=belt["separator"], action="save", query=EN_NEED)
    domain.record_feedback(user=bob, target=belt["separator"], action="dismiss", query=f"  {EN_NEED} ")  # changed his mind
    domain.record_feedback(user=bob, target=belt["cells"], action="contact", query=EN_NEED)
    domain.record_feedback(user=bob, target=belt["erp"], action="dismiss", query=ERP_NEED)

    carol = UserFactory()  # on the separator maker's "matches for this" panel
    domain.record_feedback(user=carol, target=belt["cells"], action="save", source=belt["separator"])
    domain.record_feedback(user=carol, target=belt["harbour"], action="save")  # no context: skipped
    domain.record_feedback(user=carol, target="organisation:999999", action="contact", query=EN_NEED)  # gone: skipped
    return belt


def _export(out, *args) -> str:
    from io import StringIO

    stdout = StringIO()
    call_command("matching", "export-feedback", "--out", str(out), "--no-progress", *args, stdout=stdout)
    return stdout.getvalue()


def test_export_writes_graded_beir_folder(feedback, tmp_path):
    out = _export(tmp_path / "beir")
    assert "wrote 5 records, 4 queries (3 with a saved or contacted match) and 6 judgements" in out
    assert "(1 contacted, 2 saved, 3 dismissed)" in out and "skipped 2" in out

    data = load_beir(tmp_path / "beir")
    zh, en, erp, panel = free_text_query_id(ZH_NEED), free_text_query_id(EN_NEED), free_text_query_id(ERP_NEED), feedback["separator"]
    assert data.qrels == {
        zh: {feedback["separator"]: 1, feedback["harbour"]: 0},
        en: {feedback["separator"]: 0, feedback["cells"]: 2},
        erp: {feedback["erp"]: 0},
        panel: {feedback["cells"]: 1},
    }
    assert data.queries[zh] == ZH_NEED and data.queries[en] == EN_NEED
    # the panel's query is the source record's text, as the page builds it
    assert data.queries[panel] == "Changzhou Separator Films Ltd We make lithium-battery separator films and test coatings for energy storage cells."
    corpus = {c["_id"]: c for c in data.corpus}
    assert set(feedback.values()) <= set(corpus) and len(corpus) == 5  # the four and the asker's organisation
    assert corpus[feedback["erp"]]["title"] == "华瑞软件"
    assert corpus[feedback["erp"]]["text"] == "企业资源计划软件的开发与实施。"


def test_replayed_figures_come_from_the_feedback(feedback, tmp_path):
    _export(tmp_path / "beir")
    zh, en, erp, panel = free_text_query_id(ZH_NEED), free_text_query_id(EN_NEED), free_text_query_id(ERP_NEED), feedback["separator"]

    def production(qid):
        res = evaluate_beir(tmp_path / "beir", encoder=index_store.encoder(), progress=False, query_ids=[qid])
        return res["production"]

    # saved, and ranked first: a perfect query
    assert production(zh)["mrr@10"] == 1.0 and production(zh)["ndcg@10"] == pytest.approx(1.0)
    # the separator maker is still ranked first for the English need, but it was dismissed (Bob's
    # latest action): it is not relevant, the contacted cell maker in second place is
    en_figures = production(en)
    assert en_figures["queries"] == 1 and en_figures["mrr@10"] == 0.5 and en_figures["ndcg@10"] < 1.0
    # the panel's own record is not its own match (as on the page), so the saved one is first
    assert production(panel)["mrr@10"] == 1.0
    # only dismissed: judged, but no relevant match, so not evaluated
    assert production(erp)["queries"] == 0


def test_exported_folder_through_the_innobelt_command(feedback, tmp_path, settings, capsys):
    cli.main(["matching", "export-feedback", "--out", str(tmp_path / "beir"), "--no-progress"])
    assert "4 queries" in capsys.readouterr().out
    assert cli.main(["matching", "eval", "--beir", str(tmp_path / "beir"), "--json", "--no-progress",
                     "--cache", str(settings.MATCHING_EMBEDDING_CACHE)]) == 0
    rows = {row["ranking"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["production"]["queries"] == 3
    assert rows["production"]["mrr@10"] == pytest.approx((1.0 + 0.5 + 1.0) / 3, abs=1e-4)


def test_since_and_no_feedback(feedback, tmp_path, capsys):
    assert "4 queries" in _export(tmp_path / "all", "--since", "2000-01-01")
    with pytest.raises(CommandError, match="no match feedback to export since 2999-01-01"):
        _export(tmp_path / "future", "--since", "2999-01-01")
    with pytest.raises(CommandError, match="not a date"):
        _export(tmp_path / "bad", "--since", "yesterday")
    with pytest.raises(SystemExit) as exit_:  # the innobelt command exits non-zero
        cli.main(["matching", "export-feedback", "--out", str(tmp_path / "future"), "--since", "2999-01-01"])
    assert exit_.value.code == 1
    assert "no match feedback to export" in capsys.readouterr().err
