"""How well a funding need fits an investor's thesis: the structured reasons, in the reader's language.

Four signals, each a reason shown on the card: the need's stage is one the thesis funds, its amount is
within the ticket range, it shares a sector, and its city is one the investor invests in. The count of
signals ranks first; the matching engine's closeness of the texts breaks ties (queries.py).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from innobelt.bilingual import join_list
from innobelt.financing.models import FundingNeed, Stage, Thesis


@dataclass(frozen=True)
class Fit:
    score: int
    reasons: list[str]


def thesis_fit(need: FundingNeed, thesis: Thesis) -> Fit:
    """The signals shared by a need and a thesis (industries, sectors and cities prefetched by the caller)."""
    reasons = []
    if need.stage in (thesis.stages or []):
        reasons.append(_("Stage in the thesis: %(stage)s") % {"stage": Stage(need.stage).label})
    if thesis.ticket_min <= need.amount <= thesis.ticket_max:
        reasons.append(
            _("Amount within the ticket range (%(low)s–%(high)s yuan)") % {"low": f"{thesis.ticket_min:,.0f}", "high": f"{thesis.ticket_max:,.0f}"}
        )
    sectors = {i.pk: i for i in thesis.sectors.all()}
    shared = [i.name for i in need.industries.all() if i.pk in sectors]
    if shared:
        reasons.append(_("Shared sectors: %(names)s") % {"names": join_list(shared)})
    cities = {c.pk: c for c in thesis.cities.all()}
    if need.city_id and need.city_id in cities:
        reasons.append(_("Invests in %(city)s") % {"city": cities[need.city_id].name})
    return Fit(score=len(reasons), reasons=reasons)
