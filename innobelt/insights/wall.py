"""The display wall's figures: public, in both languages at once, every figure suppressed below
`settings.INSIGHTS_MIN_COUNT` records (whole Belt, per city and per pair of cities alike)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone, translation

from innobelt.belt.models import City, CooperationAgreement
from innobelt.challenges.models import Challenge
from innobelt.events.models import Event
from innobelt.insights import registry
from innobelt.insights.flows import FLOWS, BeltCounts
from innobelt.insights.queries import cached
from innobelt.insights.registry import FIGURES, Value
from innobelt.resources.models import Resource

COUNTERS = [
    "organisations",
    "verified_organisations",
    "smes_supported",
    "resources_published",
    "pledged_hours",
    "bookings",
    "hours_used",
    "access_granted",
    "needs_posted",
    "challenges_published",
    "proposals_submitted",
    "pilots_started",
    "contracts_signed",
    "sample_jobs_completed",
    "events_held",
    "registrations",
    "meetings_held",
    "agreements",
    "actions_done",
    "vouchers_redeemed",
    "service_requests",
    "hires",
    "achievements_published",
]
MAP_FIGURES = ["organisations", "resources_published", "events_held"]
# Read from five metres (ADR 1201, "The wall read from five metres"): six counters a page (three across, two down
# at 1080p), six flows or latest items a page (wall.js); the wall turns through the pages as through its panels
COUNTERS_PER_PAGE = 6
LATEST = 6


MAX_FLOWS = 24  # the largest, for a screen read from five metres


def both(text) -> dict:
    out = {}
    for code, key in (("zh-hans", "zh"), ("en", "en")):
        with translation.override(code):
            out[key] = str(text)
    return out


def choice_label(record, name: str):
    """A choice field's label still to translate (get_FOO_display gives it in the active language only)."""
    return dict(record._meta.get_field(name).flatchoices).get(getattr(record, name), getattr(record, name))


def pages(items: list, size: int) -> list[list]:
    """`items` in pages of `size` (the last one shorter), for the wall to turn through."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def public_number(value: Value) -> str | None:
    """The figure as text for a public screen, or None when too few records stand behind it."""
    if not value.shown_publicly:
        return None
    v = value.value
    if isinstance(v, Decimal):
        v = v.quantize(Decimal("1"))
    return str(v)


def _latest() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    resources = (
        Resource.objects.filter(status=Resource.Status.PUBLISHED, visibility=Resource.Visibility.PUBLIC)
        .select_related("city")
        .order_by("-published_at")[:LATEST]
    )
    for r in resources:
        items.append(
            {
                "kind": both(choice_label(r, "kind")),
                "zh": r.title_zh or r.title_en,
                "en": r.title_en or r.title_zh,
                "city": r.city.slug if r.city else "",
                "at": r.published_at.isoformat() if r.published_at else "",
            }
        )
    events = Event.objects.filter(status=Event.Status.PUBLISHED).select_related("city").order_by("-published_at")[:LATEST]
    for e in events:
        items.append(
            {
                "kind": both(choice_label(e, "kind")),
                "zh": e.title_zh or e.title_en,
                "en": e.title_en or e.title_zh,
                "city": e.city.slug,
                "at": e.published_at.isoformat() if e.published_at else "",
            }
        )
    challenges = Challenge.objects.exclude(status=Challenge.Status.DRAFT).order_by("-published_at")[:LATEST]
    for c in challenges:
        items.append(
            {
                "kind": both(Challenge._meta.verbose_name),
                "zh": c.title_zh or c.title_en,
                "en": c.title_en or c.title_zh,
                "city": "",
                "at": c.published_at.isoformat() if c.published_at else "",
            }
        )
    agreements = CooperationAgreement.objects.exclude(status=CooperationAgreement.Status.DRAFT)[:LATEST]
    for a in agreements:
        items.append(
            {
                "kind": both(CooperationAgreement._meta.verbose_name),
                "zh": a.name_zh or a.name_en,
                "en": a.name_en or a.name_zh,
                "city": "",
                "at": a.signed_on.isoformat() if a.signed_on else "",
            }
        )
    items.sort(key=lambda item: str(item["at"]), reverse=True)
    return items[: LATEST * 2]


def compute_wall(counts: BeltCounts | None = None) -> dict:
    """The wall's numbers; `counts`: the whole Belt's numbers the periodic refresh already counted."""
    counts = counts or BeltCounts()
    cities = list(City.objects.all())
    counters = []
    for key in COUNTERS:
        figure = FIGURES.get(key)
        if figure is None:
            continue
        counters.append(
            {
                "key": key,
                "label": both(figure.label),
                "unit": both(figure.unit) if figure.unit else None,
                "value": public_number(counts.value(figure)),
            }
        )
    per_city = {key: counts.by_city(FIGURES[key]) for key in MAP_FIGURES}
    found: list[tuple[int, dict]] = []  # (records behind it, the flow)
    by_pk = {c.pk: c for c in cities}
    for flow in FLOWS:
        pairs = counts.flow(flow)  # a meeting's A ↔ B suppressed by its total, which is what is shown
        for (source, target), value in pairs.items():
            shown = public_number(value)
            if shown is not None and source in by_pk and target in by_pk:
                found.append(
                    (
                        value.count,
                        {
                            "figure": flow.figure,
                            "label": both(FIGURES[flow.figure].label),
                            "from": by_pk[source].slug,
                            "to": by_pk[target].slug,
                            "both_ways": flow.either_way,
                            "value": shown,
                        },
                    )
                )
    found.sort(key=lambda item: -item[0])  # stable: equal flows keep the order of FLOWS
    flows = [item for _count, item in found[:MAX_FLOWS]]
    empty = Value(0, 0)
    # the counters show the Belt's figure: a city left out of the map takes enough others with it (ADR 1201)
    hidden = {key: registry.hidden_publicly({c.pk: per_city[key].get(c.pk, empty) for c in cities}) for key in MAP_FIGURES}
    return {
        "generated_at": timezone.now().isoformat(),
        "min_count": registry.min_count(),
        "counters": counters,
        "map_labels": {key: both(FIGURES[key].label) for key in MAP_FIGURES},
        "cities": [
            {
                "slug": c.slug,
                "zh": c.name_zh,
                "en": c.name_en,
                "lat": float(c.latitude),
                "lon": float(c.longitude),
                "commute": c.commute_minutes,
                "position": c.position,
                "kind": c.kind,
                "figures": {key: None if c.pk in hidden[key] else public_number(per_city[key].get(c.pk, empty)) for key in MAP_FIGURES},
            }
            for c in cities
        ],
        "flows": flows,
        "latest": _latest(),
    }


def wall_data() -> dict:
    return cached("wall", compute_wall)
