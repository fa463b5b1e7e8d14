import json

import pytest
from django.test import Client, override_settings

from tests.ops.helpers import ensure_index_saved

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200 and json.loads(response.content) == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] and not response.cookies


def test_readyz_names_each_check():
    ensure_index_saved()
    response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert body["status"] == "ready"
    assert {"database", "file_store", "matching_index"} <= set(body["checks"]) and all(body["checks"].values())


def test_readyz_is_503_when_a_dependency_is_missing(tmp_path):
    ensure_index_saved()
    (tmp_path / "a-file").write_text("not a folder")
    with override_settings(MEDIA_ROOT=tmp_path / "a-file" / "absent"):
        response = Client().get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "not ready" and body["checks"]["file_store"] is False and body["checks"]["database"]
    assert "absent" not in response.content.decode()  # the reason is logged, never shown


def test_readyz_checks_redis_when_configured():
    ensure_index_saved()
    with override_settings(REDIS_URL="redis://127.0.0.1:6379/15"):
        ok = json.loads(Client().get("/readyz").content)["checks"]
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):  # nothing listens on port 1
        down = Client().get("/readyz")
    assert ok["redis"] is True
    assert down.status_code == 503 and json.loads(down.content)["checks"]["redis"] is False


def test_readyz_is_503_without_a_matching_index(settings, tmp_path):
    from innobelt.matching import index_store

    settings.MATCHING_INDEX_DIR = tmp_path / "no-index"
    index_store.reset_for_tests()
    try:
        response = Client().get("/readyz")
    finally:
        index_store.reset_for_tests()
    assert response.status_code == 503 and json.loads(response.content)["checks"]["matching_index"] is False


def test_readyz_is_503_with_an_index_of_an_older_format(settings, tmp_path):
    """After an upgrade that changed the index's format, a web machine is not ready until it is rebuilt."""
    from innobelt.matching import index_store
    from innobelt.matching.engine import MatchIndex

    settings.MATCHING_INDEX_DIR = tmp_path / "old-index"
    index_store.reset_for_tests()
    try:
        MatchIndex(index_store.encoder()).save(index_store.index_dir())
        for meta in index_store.index_dir().rglob("meta.json"):
            doc = json.loads(meta.read_text(encoding="utf-8"))
            doc["format"] = 1
            meta.write_text(json.dumps(doc), encoding="utf-8")
        index_store.reset_for_tests()
        response = Client().get("/readyz")
    finally:
        index_store.reset_for_tests()
    assert response.status_code == 503 and json.loads(response.content)["checks"]["matching_index"] is False


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_health_endpoints_only_answer_reads(method):
    assert getattr(Client(), method)("/healthz").status_code == 405
