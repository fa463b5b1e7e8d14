"""Challenges and needs as matching records (innobelt/matching/registry.py): registered in apps.py.

Only published challenges and open needs are matchable. A published challenge is public (its page is), a need
as public as its confidentiality says: public → everyone; members of verified organisations or details after an
NDA → members of verified organisations and the owner's people. The texts are the ones every reader of the page
reads (statement, desired outcome, offers, eligibility; a need's problem and desired outcome) with both languages'
industry names, never the confidential details, so a recommendation cannot tell what the page would not. The
engine matches across languages, so an English-writing startup is recommended a challenge written in Chinese.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from innobelt.challenges.models import Challenge, Need
from innobelt.matching.engine import Record
from innobelt.matching.registry import MatchSource, record_id, register


def _topics(obj) -> tuple[list, str]:
    industries = list(obj.industries.all())
    return industries, " ".join(f"{i.name_zh} {i.name_en}" for i in industries)


def challenge_record(challenge: Any) -> Record | None:
    if challenge.status != Challenge.Status.PUBLISHED:
        return None
    industries, topics = _topics(challenge)
    owner = challenge.owner
    text = " ".join(x for x in (challenge.statement, challenge.desired_outcome, challenge.offers, challenge.eligibility, topics) if x)
    return Record(
        id=record_id("challenge", challenge.pk),
        title=" / ".join(x for x in (challenge.title_zh, challenge.title_en) if x),
        text=text,
        facets={
            "kind": ["challenge"],
            "owner_kind": [owner.kind],
            "city": [owner.city.slug] if owner.city is not None else [],
            "industry": [i.code for i in industries],
            "owner": [str(owner.pk)],
            "audience": ["public"],
        },
    )


def need_audiences(need: Need) -> list[str]:
    if need.confidentiality == Need.Confidentiality.PUBLIC:
        return ["public"]
    return ["verified", f"org:{need.owner_id}"]


def need_record(need: Any) -> Record | None:
    if need.status != Need.Status.OPEN:
        return None
    industries, topics = _topics(need)
    owner = need.owner
    return Record(
        id=record_id("need", need.pk),
        title=" / ".join(x for x in (need.title_zh, need.title_en) if x),
        text=" ".join(x for x in (need.problem, need.desired_outcome, topics) if x),
        facets={
            "kind": ["need"],
            "owner_kind": [owner.kind],
            "city": [owner.city.slug] if owner.city is not None else [],
            "industry": [i.code for i in industries],
            "owner": [str(owner.pk)],
            "audience": need_audiences(need),
        },
    )


def register_challenges() -> None:
    register(
        MatchSource(
            kind="challenge",
            model=Challenge,
            queryset=lambda: Challenge.objects.select_related("owner__city").prefetch_related("industries"),
            shown=lambda: Challenge.objects.only("title_zh", "title_en"),  # a result: its title and link (ADR 0024)
            to_record=challenge_record,
            label=lambda: str(_("challenge")),
        )
    )
    register(
        MatchSource(
            kind="need",
            model=Need,
            queryset=lambda: Need.objects.select_related("owner__city").prefetch_related("industries"),
            shown=lambda: Need.objects.only("title_zh", "title_en"),  # a result: its title and link (ADR 0024)
            to_record=need_record,
            label=lambda: str(_("technology need")),
        )
    )
