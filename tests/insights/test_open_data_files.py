"""Open data's downloads are bytes rendered by the refresh and kept (ADR 1201, "Downloads served as kept bytes"):
the same bytes as rendering each download in the request gave before, with validators, and one cache read."""

import pytest
from django.http import JsonResponse
from django.test import Client, override_settings
from django.utils import translation

from innobelt.insights import open_data
from innobelt.insights.open_data import DATASETS
from innobelt.insights.queries import refresh_figures
from innobelt.kit.spreadsheets import csv_bytes
from tests.insights.test_query_counts import make_known_more


def as_before(key: str, file_format: str) -> bytes:
    """The view's rendering before the bytes were kept (views.open_data_download until December 2026)."""
    dataset = DATASETS[key]
    header, rows = open_data.table(dataset)
    if file_format == "json":
        return JsonResponse(
            {
                "dataset": key,
                "licence": str(open_data.LICENCE),
                "fields": header,
                "rows": [{n: open_data.plain(v) for n, v in zip(header, row, strict=True)} for row in rows],
            },
            json_dumps_params={"ensure_ascii": False},
        ).content
    return csv_bytes(header, rows)


@pytest.fixture
def belt(known):
    make_known_more(known)
    return known


@pytest.mark.parametrize("seconds", [0, 60])
def test_every_download_is_the_bytes_rendered_before(belt, seconds):
    with override_settings(INSIGHTS_CACHE_SECONDS=seconds):
        if seconds:
            refresh_figures()
        client = Client()
        for language, prefix in (("zh-hans", ""), ("en", "/en")):
            for key in DATASETS:
                for file_format in ("csv", "json"):
                    response = client.get(f"{prefix}/insights/open-data/{key}.{file_format}")
                    assert response.status_code == 200
                    with translation.override(language):
                        expected = as_before(key, file_format)
                    assert response.content == expected, (language, key, file_format)
                    assert response["Content-Length"] == str(len(expected))
                    assert response["ETag"] and response["Last-Modified"]


def test_the_csv_files_are_the_same_in_both_languages(belt):
    """Why a CSV is kept once and a JSON once a language (its licence is translated)."""
    for key in DATASETS:
        with translation.override("en"):
            english = as_before(key, "csv"), as_before(key, "json")
        with translation.override("zh-hans"):
            chinese = as_before(key, "csv"), as_before(key, "json")
        assert english[0] == chinese[0], key
        assert english[1] != chinese[1], key


@override_settings(INSIGHTS_CACHE_SECONDS=60)
def test_a_client_holding_the_file_gets_not_modified(belt):
    refresh_figures()
    client = Client()
    first = client.get("/insights/open-data/resources.csv")
    again = client.get("/insights/open-data/resources.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    assert client.get("/insights/open-data/resources.csv", HTTP_IF_NONE_MATCH='"other"').content == first.content
    english = client.get("/en/insights/open-data/events.json")
    assert english["ETag"] != client.get("/insights/open-data/events.json")["ETag"]  # the licence's language


@pytest.mark.parametrize("seconds", [0, 60])
def test_the_apis_dataset_answer_is_what_ninja_rendered_before(belt, seconds):
    """`GET /api/v1/open-data/{key}` answers the bytes the refresh kept, equal to Ninja's rendering of the validated
    `InsightsDatasetRowsOut` that the operation returned before (December 2026), in both languages."""
    from ninja.renderers import JSONRenderer

    from innobelt.insights.api import InsightsDatasetRowsOut

    with override_settings(INSIGHTS_CACHE_SECONDS=seconds):
        if seconds:
            refresh_figures()
        client = Client()
        for language in ("zh-hans", "en"):
            for key, dataset in DATASETS.items():
                response = client.get(f"/api/v1/open-data/{key}", HTTP_ACCEPT_LANGUAGE=language)
                assert response.status_code == 200
                assert response["Content-Type"] == "application/json; charset=utf-8"
                with translation.override(language):
                    header, rows = open_data.table(dataset)
                    validated = InsightsDatasetRowsOut.model_validate({
                        "key": key, "licence": str(open_data.LICENCE), "fields": header,
                        "rows": [{n: open_data.plain(v) for n, v in zip(header, row, strict=True)} for row in rows],
                    })
                expected = JSONRenderer().render(None, validated.model_dump(), response_status=200).encode("utf-8")
                assert response.content == expected, (language, key)
                assert bool(rows) == (b'"rows": []' not in response.content)
