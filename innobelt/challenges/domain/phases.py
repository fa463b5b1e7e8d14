"""The phases of a challenge that the platform enforces at their end (Phase.Kind, docs/adr/0702).

- `proposals` ends at the proposal deadline (checked when the phases are written; the deadline itself is enforced
  by saving, submitting, attaching and withdrawing, domain/challenges.py);
- after the end of `review` no reviewer is assigned and no score is taken (a conflict may still be declared);
- after the end of `shortlist` no proposal is shortlisted (declining stays open: every solver gets an answer);
- after the end of `pilot` no pilot starts and no booking is linked to one, and a linked booking must end by then.

`other` phases (ideas, a demo day…) are shown and not enforced. Ends are aware datetimes compared with the
current instant; messages name them in China time, in the person's language. The callers hold the challenge's
row lock (or the pipeline's, whose challenge's phases change only under the challenge's lock) when they check.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.challenges.models import Phase
from innobelt.kit.local_time import local

if TYPE_CHECKING:
    from innobelt.challenges.models import Challenge

K = Phase.Kind
#: the enforced kinds in the order their ends must follow
ORDER = [K.PROPOSALS, K.REVIEW, K.SHORTLIST, K.PILOT]


class PhaseOver(ValidationError):
    """The phase this step belongs to has ended (400 `rejected` in the API, the message on pages)."""


def _minute(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)


def check_phase_rows(rows: Sequence[Phase], proposal_deadline: datetime | None, errors: dict[str, list[str]]) -> None:
    """Each enforced kind at most once; the proposals phase ends at the proposal deadline (to the minute); review,
    shortlisting and pilot end after the proposal deadline, in that order."""
    ends: dict[str, datetime] = {}
    for row in rows:
        if row.kind not in K.values:
            errors.setdefault("phases", []).append(_("Choose what ends with each phase from the list."))
            return
        if row.kind == K.OTHER:
            continue
        if row.kind in ends:
            errors.setdefault("phases", []).append(_("A challenge has one “%(kind)s” phase.") % {"kind": K(row.kind).label})
            return
        ends[row.kind] = row.ends_at
    if not isinstance(proposal_deadline, datetime):
        return
    if K.PROPOSALS in ends and _minute(ends[K.PROPOSALS]) != _minute(proposal_deadline):
        errors.setdefault("phases", []).append(
            _("The proposals phase ends at the proposal deadline, %(deadline)s (China time).") % {"deadline": local(proposal_deadline)}
        )
    for kind in (K.REVIEW, K.SHORTLIST, K.PILOT):
        if kind in ends and ends[kind] <= proposal_deadline:
            errors.setdefault("phases", []).append(
                _("The “%(kind)s” phase ends after the proposal deadline, %(deadline)s (China time).")
                % {"kind": K(kind).label, "deadline": local(proposal_deadline)}
            )
    present = [kind for kind in ORDER if kind in ends]
    if any(ends[a] > ends[b] for a, b in zip(present, present[1:])):
        errors.setdefault("phases", []).append(
            _("The phases end in this order: %(order)s.") % {"order": " → ".join(str(K(kind).label) for kind in ORDER)}
        )


def phase_end(challenge: "Challenge", kind: str) -> datetime | None:
    """When the challenge's phase of this kind ends (None: it has none, so nothing is enforced)."""
    return Phase.objects.filter(challenge_id=challenge.pk, kind=kind).values_list("ends_at", flat=True).first()


def refuse_after_phase_end(challenge: "Challenge", kind: str, refusal: str) -> None:
    """Refuse (PhaseOver) once the phase of this kind has ended. `refusal` is a translated message with
    %(end)s, which becomes the end in China time."""
    end = phase_end(challenge, kind)
    if end is not None and timezone.now() > end:
        raise PhaseOver(refusal % {"end": local(end)})


__all__ = ["ORDER", "PhaseOver", "check_phase_rows", "phase_end", "refuse_after_phase_end"]
