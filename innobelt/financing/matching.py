"""Funding needs and investors' theses as matching records (innobelt/matching/registry.py): registered in apps.py.

A funding need's audience is the members of verified investor organisations ("verified-investor") and its
own organisation; a hidden or closed need is not matchable. A thesis is seen by members of verified
organisations. queries.py filters the engine's results through the app's own scoped reads as well.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from innobelt.financing.models import FundingNeed, Stage, Thesis
from innobelt.matching.engine import Record
from innobelt.matching.registry import MatchSource, record_id, register


def _industry_words(industries) -> str:
    return " ".join(f"{i.name_zh} {i.name_en}" for i in industries)


def need_record(need: Any) -> Record | None:  # a FundingNeed (the registry types it as a Model)
    if need.status != FundingNeed.Status.OPEN or need.visibility != FundingNeed.Visibility.INVESTORS:
        return None
    industries = list(need.industries.all())
    stage = Stage(need.stage)
    text = " ".join(x for x in (need.use_of_funds, need.traction, _industry_words(industries), f"{stage.value} {stage.label}") if x)
    return Record(
        id=record_id("funding_need", need.pk),
        title=" / ".join(x for x in (need.title_zh, need.title_en) if x),
        text=text,
        facets={
            "kind": ["funding_need"],
            "owner_kind": [need.organisation.kind],
            "city": [need.city.slug] if need.city_id else [],
            "industry": [i.code for i in industries],
            "owner": [str(need.organisation_id)],
            "audience": ["verified-investor", f"org:{need.organisation_id}"],
        },
    )


def thesis_record(thesis: Any) -> Record | None:  # a Thesis
    organisation = thesis.organisation
    if not organisation.is_verified:
        return None
    sectors = list(thesis.sectors.all())
    cities = " ".join(f"{c.name_zh} {c.name_en}" for c in thesis.cities.all())
    stages = " ".join(str(Stage(s).label) for s in thesis.stages if s in Stage.values)
    return Record(
        id=record_id("thesis", thesis.pk),
        title=" / ".join(x for x in (organisation.name_zh, organisation.name_en) if x),
        text=" ".join(x for x in (thesis.summary, _industry_words(sectors), cities, stages) if x),
        facets={
            "kind": ["thesis"],
            "owner_kind": ["investor"],
            "city": [organisation.city.slug] if organisation.city is not None else [],
            "industry": [i.code for i in sectors],
            "owner": [str(organisation.pk)],
            "audience": ["verified", f"org:{organisation.pk}"],
        },
    )


def register_financing() -> None:
    register(
        MatchSource(
            kind="funding_need",
            model=FundingNeed,
            queryset=lambda: FundingNeed.objects.select_related("organisation", "city").prefetch_related("industries"),
            shown=lambda: FundingNeed.objects.only("title_zh", "title_en"),  # a result: its title and link (ADR 0024)
            to_record=need_record,
            label=lambda: str(_("funding need")),
        )
    )
    register(
        MatchSource(
            kind="thesis",
            model=Thesis,
            queryset=lambda: Thesis.objects.select_related("organisation", "organisation__city").prefetch_related("sectors", "cities"),
            # a result: the investor's name and page; a need's page: also the kind of investor (ADR 0024)
            shown=lambda: Thesis.objects.select_related("organisation").only(
                "investor_type", "organisation__slug", "organisation__name_zh", "organisation__name_en"),
            to_record=thesis_record,
            label=lambda: str(_("investor")),
        )
    )
