"""The API of open data, read-only under /api/v1/open-data: the list of datasets with their data dictionaries,
and each dataset's rows (aggregates and public records only, as the downloads).

Endpoints only translate: open_data.py reads; an unknown dataset is 404 in the kit's error shape.
"""

from typing import Any

from django.http import Http404
from ninja import Router, Schema

from innobelt.insights import open_data
from innobelt.kit.api_auth import PUBLIC_OPERATION
from innobelt.kit.api_errors import errors

router = Router(tags=["insights"])


class InsightsFieldOut(Schema):
    name: str
    description: str


class InsightsDatasetOut(Schema):
    key: str
    title: str
    description: str
    licence: str
    csv_url: str
    json_url: str
    fields: list[InsightsFieldOut]


class InsightsDatasetRowsOut(Schema):
    key: str
    licence: str
    fields: list[str]
    rows: list[dict[str, Any]]


def _describe(dataset: open_data.Dataset) -> dict:
    return {
        "key": dataset.key,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "licence": str(open_data.LICENCE),
        "csv_url": open_data.download_url(dataset, "csv"),
        "json_url": open_data.download_url(dataset, "json"),
        "fields": [{"name": name, "description": str(text)} for name, text in dataset.fields],
    }


@router.get("/open-data", response={200: list[InsightsDatasetOut], **errors()}, **PUBLIC_OPERATION)
def list_datasets(request):
    return [_describe(d) for d in open_data.DATASETS.values()]


@router.get("/open-data/{key}", response={200: InsightsDatasetRowsOut, **errors(404)}, **PUBLIC_OPERATION)
def get_dataset(request, key: str):
    dataset = open_data.DATASETS.get(key)
    if dataset is None:
        raise Http404
    header, rows = open_data.table(dataset)
    return {
        "key": key,
        "licence": str(open_data.LICENCE),
        "fields": header,
        "rows": [{name: open_data.plain(v) for name, v in zip(header, row, strict=True)} for row in rows],
    }
