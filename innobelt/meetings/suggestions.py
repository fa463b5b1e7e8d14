"""Who to meet and why: the matching engine over the event's participants' profiles.

A small in-memory index per call (a few hundred profiles at most; embeddings come from
the shared on-disk cache, so repeated calls encode nothing new). Both directions count:
what I seek against what they offer, and what I offer against what they seek.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from innobelt.meetings.models import MeetingRequest, Participant
from innobelt.meetings.queries import active_participants


@dataclass
class Suggestion:
    participant: Participant
    score: float
    reasons: list[str] = field(default_factory=list)


def _search(records, query: str, k: int, exclude: set[str]):
    from innobelt.matching.engine import MatchIndex
    from innobelt.matching.index_store import encoder

    if not records or not query.strip():
        return []
    index = MatchIndex(encoder())
    index.build(records)
    return index.search(query, k=k, exclude_ids=exclude)


def suggest_partners(participant: Participant, *, k: int = 10) -> list[Suggestion]:
    """Up to `k` other participants worth meeting, best first, each with translated reasons.

    People either side said "no thanks" to are left out.
    """
    from innobelt.matching.engine import Record
    from innobelt.matching.explain import explain

    if not (participant.offers.strip() or participant.seeks.strip()):
        return []
    others = {str(p.pk): p for p in active_participants(participant.programme).exclude(pk=participant.pk)}
    blocked = MeetingRequest.objects.filter(priority=MeetingRequest.Priority.NO).filter(
        requester=participant).values_list("target_id", flat=True)
    blocked_by = MeetingRequest.objects.filter(priority=MeetingRequest.Priority.NO, target=participant).values_list("requester_id", flat=True)
    exclude = {str(pk) for pk in [*blocked, *blocked_by]}
    found: dict[str, Suggestion] = {}
    directions = [
        ("offers", participant.seeks, lambda: _("You look for what they offer")),
        ("seeks", participant.offers, lambda: _("They look for what you offer")),
    ]
    for attr, query, label in directions:
        records = [Record(id=pk, text=getattr(p, attr)) for pk, p in others.items() if getattr(p, attr).strip()]
        for match in _search(records, query, k, exclude):
            hit = found.setdefault(match.id, Suggestion(others[match.id], 0.0))
            hit.score += match.score
            hit.reasons.append(str(label()))
            hit.reasons += [text for text in (explain(r) for r in match.reasons) if text and text not in hit.reasons]
    return sorted(found.values(), key=lambda s: (-s.score, s.participant.pk))[:k]
