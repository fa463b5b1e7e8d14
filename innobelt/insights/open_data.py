"""Open data: aggregate figures and public records as tables, each documented field by field.

Only what anyone may already read on the public pages goes out: published, public records and figures of
at least `settings.INSIGHTS_MIN_COUNT` records. No person, e-mail, telephone or contact field is ever a
column (tests/insights/test_open_data.py plants such data and looks for it in every download).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from innobelt.belt.models import City, CooperationAgreement
from innobelt.events.models import Event
from innobelt.insights import breakdowns, registry
from innobelt.insights.flows import FLOWS, BeltCounts, pair_rows
from innobelt.insights.registry import BELT
from innobelt.insights.wall import public_number
from innobelt.kit.local_time import local_iso
from innobelt.kit.spreadsheets import csv_bytes
from innobelt.resources.models import Resource

LICENCE = _("Licence: Creative Commons Attribution 4.0 (CC BY 4.0). Source: innobelt, the Shanghai–Nanjing Industrial Innovation Belt platform.")


@dataclass(frozen=True)
class Dataset:
    key: str
    title: Any
    description: Any
    fields: Sequence[tuple[str, Any]]  # (column, what it holds)
    rows: Callable[[], Iterable[Sequence[Any]]]


def _figures(counts: BeltCounts):
    for figure in registry.figures_for(BELT, public=True):
        shown = public_number(counts.value(figure))
        yield [figure.key, _in("zh-hans", figure.label), _in("en", figure.label), shown or ""]


def _figures_by_city(counts: BeltCounts):
    cities = {c.pk: c for c in City.objects.all()}
    empty = registry.Value(0, 0)
    for figure in registry.figures_for(BELT, public=True):
        per_city = counts.by_city(figure)
        cells = {pk: per_city.get(pk, empty) for pk in cities}
        hidden = registry.hidden_publicly(cells)  # the Belt's figure is shown too: nothing worked out by subtraction
        for pk, city in cities.items():
            shown = None if pk in hidden else public_number(cells[pk])
            yield [city.slug, figure.key, shown or ""]


def _city_pairs(counts: BeltCounts):
    """Cross-city flows of the whole Belt; a pair with fewer than the minimum number of records is left out
    (not even its existence is told)."""
    pairs = {flow.figure: counts.flow(flow) for flow in FLOWS if registry.FIGURES[flow.figure].public}
    for row in pair_rows(pairs, BELT, public=True)[0]:
        yield [row.figure.key, row.source.slug, row.target.slug, "yes" if row.flow.either_way else "no", public_number(row.value)]


def _breakdowns(counts: BeltCounts):
    """The whole Belt's breakdowns (members by kind and industry, decline reasons); a category of fewer than the
    minimum number of records is left out."""
    for b in breakdowns.breakdowns_for(BELT, public=True):
        found = counts.split(b.key)
        labels = {}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                labels[language] = b.labels()
        for c in breakdowns.categories(b, found, BELT, public=True):
            yield [b.key, c.key, labels["zh-hans"].get(c.key, c.key), labels["en"].get(c.key, c.key), c.value.count]


def _cities(_counts: BeltCounts | None = None):
    for c in City.objects.all():
        yield [
            c.slug,
            c.name_zh,
            c.name_en,
            c.province_zh,
            c.province_en,
            c.kind,
            c.commute_minutes or "",
            c.gdp_band,
            c.latitude,
            c.longitude,
            c.position,
        ]


def _resources(_counts: BeltCounts | None = None):
    """The columns only (not the descriptions and search documents of 30,000 instruments): one query."""
    qs = (
        _public_resources()
        .order_by("pk")
        .values_list("pk", "kind", "title_zh", "title_en", "city__slug", "owner__slug", "owner__name_zh", "owner__name_en", "terms", "published_at")
    )
    for *row, published_at in qs:
        row[4] = row[4] or ""  # no city
        yield [*row, local_iso(published_at) if published_at else ""]


def _events(_counts: BeltCounts | None = None):
    qs = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .order_by("starts_at", "pk")
        .values_list("pk", "kind", "title_zh", "title_en", "city__slug", "mode", "starts_at", "ends_at")
    )
    for *row, starts_at, ends_at in qs:
        yield [*row, local_iso(starts_at), local_iso(ends_at)]


def _agreements(_counts: BeltCounts | None = None):
    qs = CooperationAgreement.objects.exclude(status=CooperationAgreement.Status.DRAFT).prefetch_related("cities")
    for a in qs:
        yield [
            a.slug,
            a.name_zh,
            a.name_en,
            a.status,
            a.signed_on.isoformat() if a.signed_on else "",
            " ".join(sorted(c.slug for c in a.cities.all())),
        ]


#: every dataset's rows, from the whole Belt's numbers counted once by the periodic refresh (the aggregates) or
#: from the records (the public records: resources, events, agreements, cities)
_ROWS: dict[str, Callable[[BeltCounts], Iterable[Sequence[Any]]]] = {
    "figures": _figures,
    "figures-by-city": _figures_by_city,
    "city-pairs": _city_pairs,
    "breakdowns": _breakdowns,
    "cities": _cities,
    "resources": _resources,
    "events": _events,
    "agreements": _agreements,
}


def compute_aggregates(counts: BeltCounts | None = None) -> dict[str, list[list[Any]]]:
    """The rows of every dataset (the aggregates: every figure of the whole Belt, by city, by pair of cities, by
    category; the public records); `counts`: the whole Belt's numbers already counted."""
    counts = counts or BeltCounts()
    return {key: [list(row) for row in rows(counts)] for key, rows in _ROWS.items()}


def _public_resources():
    return Resource.objects.filter(status=Resource.Status.PUBLISHED, visibility=Resource.Visibility.PUBLIC)


#: one query telling whether a records' dataset may have changed since it was kept: the number of its records
#: and the latest change of them (and of their owners' names)
FINGERPRINTS: dict[str, Callable[[], dict]] = {
    "resources": lambda: _public_resources().aggregate(n=Count("pk"), a=Max("updated_at"), b=Max("owner__updated_at")),
    "events": lambda: Event.objects.filter(status=Event.Status.PUBLISHED).aggregate(n=Count("pk"), a=Max("updated_at")),
}
REBUILD_SECONDS = 15 * 60  # a records' dataset rebuilt at least this often (a change no `updated_at` tells)


def refresh_snapshots(counts: BeltCounts, seconds: int) -> list[str]:
    """Keep every dataset's rows for `seconds`, each under its own key (`snapshot_key`), so that a download
    reads its own rows and never lists or counts records (the periodic refresh, every minute). The aggregates are
    made from `counts` each time; a records' dataset (30,000 resources at the Belt's scale) only when its
    fingerprint changed or `REBUILD_SECONDS` passed, else its kept rows are kept longer. Returns the keys built."""
    built = []
    window = int(time.time()) // REBUILD_SECONDS
    for key, rows in _ROWS.items():
        kept = f"insights:{snapshot_key(key)}"
        fingerprint = None
        if key in FINGERPRINTS:
            fingerprint = (window, FINGERPRINTS[key]())
            if cache.get(f"{kept}:fingerprint") == fingerprint and cache.touch(kept, seconds):
                cache.touch(f"{kept}:fingerprint", seconds)
                for file_format, language in FILES:
                    if not cache.touch(f"insights:{file_key(key, file_format, language)}", seconds):
                        _keep_files(key, None, seconds, only=(file_format, language))
                continue
        found = [list(row) for row in rows(counts)]
        cache.set(kept, found, seconds)
        _keep_files(key, found, seconds)
        if fingerprint is not None:
            cache.set(f"{kept}:fingerprint", fingerprint, seconds)
        built.append(key)
    return built


def snapshot_key(key: str) -> str:
    return f"open-data:{key}"


# The downloads' bytes, rendered with the rows by the refresh (ADR 1201, "Downloads served as kept bytes")

#: (format, language) of each file of a dataset; "" when the language changes no byte (the CSV: its header and
#: cells name no language; tests/insights/test_open_data_files.py checks both languages give the same bytes)
#: and the API's answer (`GET /api/v1/open-data/{key}`: the same rows under the API's field names), once a language
FILES = [("csv", ""), *((fmt, code) for fmt in ("json", "api") for code, _name in settings.LANGUAGES)]


@dataclass(frozen=True)
class File:
    content: bytes
    etag: str  # a quoted strong validator: the content's hash
    modified: int  # when rendered (seconds since the epoch)


def file_key(key: str, file_format: str, language: str) -> str:
    return f"open-data-file:{key}.{file_format}:{language}"


def render(key: str, file_format: str, header: list[str], rows: list[list[Any]]) -> bytes:
    """A download's bytes, in the active language (the JSON's licence): what the view rendered per request before.
    "api": the API's answer, as Ninja rendered the validated `InsightsDatasetRowsOut` (ASCII-escaped JSON, its
    fields in the schema's order; tests/insights/test_open_data_files.py compares the two)."""
    if file_format in ("api", "json"):
        data = {
            "key" if file_format == "api" else "dataset": key,
            "licence": str(LICENCE),
            "fields": header,
            "rows": [{n: plain(v) for n, v in zip(header, row, strict=True)} for row in rows],
        }
        # the API's answer is ASCII-escaped, as Ninja renders it; the download keeps the characters
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=file_format == "api").encode("utf-8")
    return csv_bytes(header, rows)


def _file(key: str, file_format: str, header: list[str], rows: list[list[Any]]) -> File:
    content = render(key, file_format, header, rows)
    return File(content, f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"', int(time.time()))


def _keep_files(key: str, rows: list[list[Any]] | None, seconds: int, only: tuple[str, str] | None = None) -> None:
    dataset = DATASETS[key]
    header = [name for name, _ in dataset.fields]
    if rows is None:
        rows = [list(row) for row in dataset.rows()]
    for file_format, language in FILES:
        if only is not None and (file_format, language) != only:
            continue
        with translation.override(language or settings.LANGUAGE_CODE):
            cache.set(f"insights:{file_key(key, file_format, language)}", _file(key, file_format, header, rows), seconds)


def download_file(dataset: Dataset, file_format: str) -> File:
    """The download as the refresh kept it: one cache read, whatever the number of rows; when nothing is kept it
    is rendered from the kept rows and kept as the refresh would (`INSIGHTS_CACHE_SECONDS` 0: every time)."""
    from innobelt.insights.queries import cached  # lazy: queries is read by wall, which this module reads

    language = "" if file_format == "csv" else translation.get_language()
    header, rows = [name for name, _ in dataset.fields], None

    def compute() -> File:
        return _file(dataset.key, file_format, header, rows if rows is not None else [list(r) for r in dataset.rows()])

    if settings.INSIGHTS_CACHE_SECONDS <= 0:
        return compute()
    return cached(file_key(dataset.key, file_format, language), compute)


def _kept(key: str) -> Callable[[], Iterable[Sequence[Any]]]:
    """A dataset's rows as the periodic refresh kept them; when nothing is kept (the cache emptied, the task not
    run yet) this dataset alone is computed and kept as the task would (`INSIGHTS_CACHE_SECONDS` 0: computed
    every time, as in the tests)."""

    def rows() -> Iterable[Sequence[Any]]:
        from innobelt.insights.queries import cached  # lazy: queries is read by wall, which this module reads

        if settings.INSIGHTS_CACHE_SECONDS <= 0:
            return [list(row) for row in _ROWS[key](BeltCounts())]
        return cached(snapshot_key(key), lambda: [list(row) for row in _ROWS[key](BeltCounts())])

    return rows


def _in(language: str, text) -> str:
    from django.utils import translation

    with translation.override(language):
        return str(text)


FIGURE_FIELDS = [
    ("figure", _("the figure's key")),
    ("label_zh", _("what it counts, in Chinese")),
    ("label_en", _("what it counts, in English")),
    ("value", _("its value today; empty when fewer than the minimum number of records stand behind it")),
]

DATASETS = {
    d.key: d
    for d in [
        Dataset(
            "figures", _("The Belt's figures"), _("Every figure of the whole Belt, computed from the records today."), FIGURE_FIELDS, _kept("figures")
        ),
        Dataset(
            "figures-by-city",
            _("Figures by city and district"),
            _("Every figure for each city and district."),
            [
                ("city", _("the city's or district's key")),
                ("figure", _("the figure's key")),
                ("value", _("its value; empty when fewer than the minimum number of records stand behind it")),
            ],
            _kept("figures-by-city"),
        ),
        Dataset(
            "city-pairs",
            _("Flows between cities"),
            _("Vouchers issued, redeemed and settled, bookings, access requests and 1:1 meetings whose two sides are in "
              "different cities or districts, for each pair; pairs of fewer than the minimum number of records are left out."),
            [
                ("figure", _("the figure's key")),
                ("from", _("the city or district it comes from (the issuing city, the booking firm's city)")),
                ("to", _("the city or district it goes to (the holder's city, where the voucher was spent, the instrument's city)")),
                ("either_way", _("yes: no direction (a meeting), both ways added up")),
                ("value", _("its value")),
            ],
            _kept("city-pairs"),
        ),
        Dataset(
            "breakdowns",
            _("Figures by category"),
            _("Members by kind and by industry, and why proposals and pairs were declined, for the whole Belt; categories "
              "of fewer than the minimum number of records are left out."),
            [
                ("breakdown", _("what is broken down (members_by_kind, members_by_industry, decline_reasons)")),
                ("category", _("the category's key (a kind, an industry's code, a reason)")),
                ("label_zh", _("the category in Chinese")),
                ("label_en", _("the category in English")),
                ("value", _("how many records")),
            ],
            _kept("breakdowns"),
        ),
        Dataset(
            "cities",
            _("Cities and districts"),
            _("The cities and districts of the Belt along the railway."),
            [
                ("slug", _("key")),
                ("name_zh", _("name in Chinese")),
                ("name_en", _("name in English")),
                ("province_zh", _("province in Chinese")),
                ("province_en", _("province in English")),
                ("kind", _("district of Shanghai or city of Jiangsu")),
                ("commute_minutes", _("minutes to Shanghai by high-speed rail")),
                ("gdp_band", _("GDP band (2024)")),
                ("latitude", _("latitude")),
                ("longitude", _("longitude")),
                ("position", _("order along the railway")),
            ],
            _kept("cities"),
        ),
        Dataset(
            "resources",
            _("Shared resources"),
            _("Published resources that everyone may see (no contact details)."),
            [
                ("id", _("number")),
                ("kind", _("kind")),
                ("title_zh", _("title in Chinese")),
                ("title_en", _("title in English")),
                ("city", _("city or district")),
                ("owner", _("the owner's key")),
                ("owner_zh", _("the owner's name in Chinese")),
                ("owner_en", _("the owner's name in English")),
                ("terms", _("terms")),
                ("published_at", _("published at (China time)")),
            ],
            _kept("resources"),
        ),
        Dataset(
            "events",
            _("Events"),
            _("Published events of the meeting zone."),
            [
                ("id", _("number")),
                ("kind", _("kind")),
                ("title_zh", _("title in Chinese")),
                ("title_en", _("title in English")),
                ("city", _("city or district")),
                ("mode", _("format")),
                ("starts_at", _("starts at (China time)")),
                ("ends_at", _("ends at (China time)")),
            ],
            _kept("events"),
        ),
        Dataset(
            "agreements",
            _("Cooperation agreements"),
            _("Signed agreements of the City Alliance."),
            [
                ("slug", _("key")),
                ("name_zh", _("title in Chinese")),
                ("name_en", _("title in English")),
                ("status", _("status")),
                ("signed_on", _("signed on")),
                ("cities", _("the cities' keys")),
            ],
            _kept("agreements"),
        ),
    ]
}


def table(dataset: Dataset) -> tuple[list[str], list[list[Any]]]:
    return [name for name, _ in dataset.fields], [list(row) for row in dataset.rows()]


def download_url(dataset: Dataset, file_format: str) -> str:
    from django.urls import reverse

    return reverse("insights:open_data_download", kwargs={"key": dataset.key, "file_format": file_format})


def plain(value: Any) -> Any:
    """A cell as JSON: numbers stay numbers except decimals, which go out as text (exact)."""
    from decimal import Decimal

    return str(value) if isinstance(value, Decimal) else value
