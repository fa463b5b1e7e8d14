"""How well a position and a talent profile fit: the structured reasons, in the reader's language.

Signals: the same field, shared skills, a city the person would work in, a working language the person
speaks. A GOI participant's position in a district whose programme prioritises GOI participants is ranked
first (a large bonus) with that reason shown.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from innobelt.bilingual import join_list
from innobelt.talent.models import Position, TalentProfile

GOI_BONUS = 10  # larger than every other signal together: the programme ranks these first
LANGUAGE_WORDS = {"zh": ("中文", "chinese", "mandarin", "普通话", "汉语"), "en": ("英语", "english", "英文")}


@dataclass(frozen=True)
class Fit:
    score: float
    reasons: list[str]


def skill_set(text: str) -> dict[str, str]:
    """Skills as typed, keyed by their lower-case form (commas, Chinese commas and semicolons separate)."""
    return {s.strip().lower(): s.strip() for s in re.split(r"[,，;；、/]", text or "") if s.strip()}


def speaks(profile: TalentProfile, language: str) -> bool:
    text = (profile.languages or "").lower()
    wanted = ("zh", "en") if language == "both" else (language,)
    return any(any(word in text for word in LANGUAGE_WORDS[code]) for code in wanted)


def position_fit(position: Position, profile: TalentProfile, *, prioritised_cities: set[int]) -> Fit:
    """The signals of a position for a profile (the profile's cities prefetched by the caller)."""
    score, reasons = 0.0, []
    if position.goi_participant and position.city_id in prioritised_cities:
        score += GOI_BONUS
        reasons.append(_("GOI participant, ranked first by %(city)s's talent programme") % {"city": position.city})
    if position.field_id and position.field_id == profile.field_id:
        score += 1
        reasons.append(_("Same field: %(field)s") % {"field": position.field})
    wanted, offered = skill_set(position.skills), skill_set(profile.skills)
    shared = [wanted[k] for k in wanted if k in offered]
    if shared:
        score += min(len(shared), 3) / 3 + 0.5
        reasons.append(_("Shared skills: %(skills)s") % {"skills": join_list(shared)})
    if position.city_id and position.city_id in {c.pk for c in profile.cities.all()}:
        score += 1
        reasons.append(_("Would work in %(city)s") % {"city": position.city})
    if speaks(profile, position.language):
        score += 0.5
        reasons.append(_("Speaks the working language: %(language)s") % {"language": position.get_language_display()})
    return Fit(score=score, reasons=reasons)
