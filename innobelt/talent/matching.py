"""Positions and talent profiles as matching records (innobelt/matching/registry.py): registered in apps.py.

An open position is public. A profile's audience follows its visibility: public → everyone; verified →
members of verified organisations; a hidden profile is no record at all, so no search can find it.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from innobelt.matching.engine import Record
from innobelt.matching.registry import MatchSource, record_id, register
from innobelt.talent.models import Position, TalentProfile


def position_record(position: Any) -> Record | None:  # a Position (the registry types it as a Model)
    if position.status != Position.Status.OPEN:
        return None
    field = position.field
    text = " ".join(
        x for x in (position.description, position.skills, field and f"{field.name_zh} {field.name_en}", str(position.get_kind_display())) if x
    )
    return Record(
        id=record_id("position", position.pk),
        title=" / ".join(x for x in (position.title_zh, position.title_en) if x),
        text=text,
        facets={
            "kind": ["position"],
            "owner_kind": [position.organisation.kind],
            "city": [position.city.slug] if position.city is not None else [],
            "industry": [field.code] if field is not None else [],
            "owner": [str(position.organisation_id)],
            "audience": ["public"],
        },
    )


def profile_record(profile: Any) -> Record | None:  # a TalentProfile
    if profile.visibility == TalentProfile.Visibility.HIDDEN:
        return None
    field = profile.field
    text = " ".join(
        x for x in (profile.summary, profile.skills, profile.degrees, profile.languages, field and f"{field.name_zh} {field.name_en}") if x
    )
    audience = ["public"] if profile.visibility == TalentProfile.Visibility.PUBLIC else ["verified"]
    return Record(
        id=record_id("talent_profile", profile.pk),
        title=profile.headline,
        text=text,
        facets={
            "kind": ["talent_profile"],
            "city": [c.slug for c in profile.cities.all()],
            "industry": [field.code] if field is not None else [],
            "owner": [],
            "audience": audience,
        },
    )


def register_talent() -> None:
    register(
        MatchSource(
            kind="position",
            model=Position,
            queryset=lambda: Position.objects.select_related("organisation", "city", "field"),
            shown=lambda: Position.objects.only("title_zh", "title_en"),  # a result: its title and link (ADR 0024)
            to_record=position_record,
            label=lambda: str(_("position")),
        )
    )
    register(
        MatchSource(
            kind="talent_profile",
            model=TalentProfile,
            queryset=lambda: TalentProfile.objects.select_related("field").prefetch_related("cities"),
            shown=lambda: TalentProfile.objects.only("headline"),  # a result: its headline and link (ADR 0024)
            to_record=profile_record,
            label=lambda: str(_("talent profile")),
        )
    )
