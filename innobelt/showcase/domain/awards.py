"""Award programmes: defining one, nominating (self or by an operator) with evidence computed from the
platform, assigning reviewers, declaring conflicts, scoring, deciding and publishing the results.

Every function checks the rule, writes in a transaction, records the audit trail and tells the people
concerned. Evidence is never typed: `showcase.evidence.compute_evidence` counts it when the nomination is made
and whenever an operator refreshes it.
"""

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.kit.local_time import aware, in_supported_range, out_of_range_message
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Organisation
from innobelt.organisations.queries import admins_of
from innobelt.permissions import can, require
from innobelt.showcase.evidence import compute_evidence
from innobelt.showcase.models import AwardCriterion, AwardProgramme, Nomination, ReviewerAssignment, Score
from innobelt.showcase.models.awards import weighted_total

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.belt.models import City

PROGRAMME_FIELDS = {
    "kind",
    "title_zh",
    "title_en",
    "description",
    "year",
    "eligible_kinds",
    "eligibility",
    "opens_at",
    "closes_at",
    "evidence_from",
    "evidence_to",
}


#: what may still change, by the programme's step: everything while a draft; once nominations are open the
#: nominations rest on its kind, year, eligibility, evidence period and criteria (their evidence was counted over
#: that period, reviewers score those criteria), so only the wording and the closing time may change; once closed,
#: the wording only; once the results are published (certificates issued), nothing.
EDITABLE_BY_STATUS: dict[str, frozenset[str]] = {
    AwardProgramme.Status.DRAFT: frozenset(PROGRAMME_FIELDS | {"criteria"}),
    AwardProgramme.Status.OPEN: frozenset({"title_zh", "title_en", "description", "closes_at"}),
    AwardProgramme.Status.CLOSED: frozenset({"title_zh", "title_en", "description"}),
    AwardProgramme.Status.PUBLISHED: frozenset(),
}


def _criterion_rows(criteria: Sequence[dict[str, Any]], errors: dict[str, list[str]]) -> list[AwardCriterion]:
    """Unsaved criteria from [{"name_zh", "name_en", "weight", "evidence"}]; what is wrong goes into `errors`."""
    rows = []
    for n, item in enumerate(criteria):
        weight = item.get("weight")
        if not (item.get("name_zh") or item.get("name_en")) or not isinstance(weight, int) or not 1 <= weight <= 100:
            errors.setdefault("criteria", []).append(
                _("Criterion %(n)d needs a name and a weight between 1 and 100.") % {"n": n + 1}
            )
            continue
        rows.append(
            AwardCriterion(
                name_zh=item.get("name_zh", ""),
                name_en=item.get("name_en", ""),
                weight=weight,
                evidence=(item.get("evidence") or "")[:40],
                position=n,
            )
        )
    if sum(r.weight for r in rows) != 100 and "criteria" not in errors:
        errors["criteria"] = [
            _("The weights of the criteria add up to %(total)d; they must add up to 100.")
            % {"total": sum(r.weight for r in rows)}
        ]
    return rows


def _check_programme(programme: AwardProgramme, errors: dict[str, list[str]]) -> None:
    """The model's checks, the supported date range and known kinds of organisation; errors go into `errors`."""
    try:
        programme.full_clean(exclude=["city", "created_by"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    for name in ("evidence_from", "evidence_to"):
        day = getattr(programme, name, None)
        if isinstance(day, date) and not in_supported_range(day):
            errors.setdefault(name, []).append(out_of_range_message())
    bad_kinds = set(programme.eligible_kinds or []) - set(Organisation.Kind.values)
    if bad_kinds:
        errors["eligible_kinds"] = [_("Unknown kind of organisation.")]


@transaction.atomic
def define_programme(
    *, actor: "User", city: "City | None", criteria: Sequence[dict[str, Any]], **fields: Any
) -> AwardProgramme:
    """Define a programme (a draft) with criteria [{"name_zh", "name_en", "weight", "evidence"}] weighing 100.

    Side effects: audit entry."""
    require(actor, "showcase.add_programme", city)
    unknown = set(fields) - PROGRAMME_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    for name in ("opens_at", "closes_at"):
        if name in fields:
            fields[name] = aware(fields[name])
    programme = AwardProgramme(city=city, created_by=actor, **fields)
    errors: dict[str, list[str]] = {}
    _check_programme(programme, errors)
    rows = _criterion_rows(criteria, errors)
    if errors:
        raise ValidationError(errors)
    programme.save()
    for row in rows:
        row.programme = programme
    AwardCriterion.objects.bulk_create(rows)
    record_action(actor=actor, action="award_programme.defined", target=programme)
    return programme


def _criteria_as_given(rows: Sequence[AwardCriterion]) -> list[tuple[str, str, int, str]]:
    return [(r.name_zh, r.name_en, r.weight, r.evidence) for r in rows]


@transaction.atomic
def update_programme(
    *, actor: "User", programme: AwardProgramme, criteria: Sequence[dict[str, Any]] | None = None, **fields: Any
) -> AwardProgramme:
    """Change a programme's fields (those left out stay; `criteria` None: unchanged, a list: replaces them).

    What may change depends on its step (`EDITABLE_BY_STATUS`): a field given with its current value is no
    change, so a whole form may be sent back; a changed field the step forbids is refused naming the field, and
    nothing is written. The programme's row is locked first, as nominating locks it, so a change and a
    nomination never cross. Side effects: audit entry naming the fields changed.
    """
    require(actor, "showcase.manage_programme", programme)
    programme = AwardProgramme.objects.select_for_update().get(pk=programme.pk)
    require(actor, "showcase.manage_programme", programme)
    unknown = set(fields) - PROGRAMME_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    for name, value in fields.items():
        if value is None:
            errors[name] = [_("This field cannot be empty.")]
        elif name in ("opens_at", "closes_at"):
            fields[name] = aware(value)
    if errors:
        raise ValidationError(errors)
    if "eligible_kinds" in fields and isinstance(fields["eligible_kinds"], list | tuple | set):
        fields["eligible_kinds"] = sorted(set(fields["eligible_kinds"]), key=str)
        current_kinds = sorted(set(programme.eligible_kinds or []), key=str)
        if fields["eligible_kinds"] == current_kinds:
            fields["eligible_kinds"] = programme.eligible_kinds  # the same kinds in another order: no change
    changed = sorted(name for name, value in fields.items() if getattr(programme, name) != value)
    rows: list[AwardCriterion] | None = None
    if criteria is not None:
        rows = _criterion_rows(criteria, errors)
        current = list(programme.criteria.order_by("position", "pk"))
        if errors or _criteria_as_given(rows) != _criteria_as_given(current):
            changed.append("criteria")
        else:
            rows = None
    editable = EDITABLE_BY_STATUS[programme.status]
    frozen = [name for name in changed if name not in editable]
    if frozen:
        step = programme.get_status_display()
        raise ValidationError({
            name: [_("This cannot change any more: the programme is “%(step)s”.") % {"step": step}] for name in frozen
        })
    for name in changed:
        if name != "criteria":
            setattr(programme, name, fields[name])
    _check_programme(programme, errors)
    if "closes_at" in changed and programme.status == AwardProgramme.Status.OPEN and programme.closes_at <= timezone.now():
        errors.setdefault("closes_at", []).append(
            _("Close nominations later than now; to close them now, move the programme to its next step.")
        )
    if errors:
        raise ValidationError(errors)
    if not changed:
        return programme
    programme.save()
    if rows is not None:
        programme.criteria.all().delete()
        for row in rows:
            row.programme = programme
        AwardCriterion.objects.bulk_create(rows)
    record_action(actor=actor, action="award_programme.changed", target=programme, data={"fields": sorted(changed)})
    return programme


@transaction.atomic
def set_programme_status(*, actor: "User", programme: AwardProgramme, status: str) -> AwardProgramme:
    """Open a draft, close an open programme, or publish the results of a closed one. Side effects: audit entry."""
    require(actor, "showcase.manage_programme", programme)
    programme = AwardProgramme.objects.select_for_update().get(pk=programme.pk)
    allowed: dict[str, str] = {
        AwardProgramme.Status.DRAFT: AwardProgramme.Status.OPEN,
        AwardProgramme.Status.OPEN: AwardProgramme.Status.CLOSED,
        AwardProgramme.Status.CLOSED: AwardProgramme.Status.PUBLISHED,
    }
    if allowed.get(programme.status) != status:
        raise ValidationError(
            _("The programme cannot go from “%(now)s” to that step.") % {"now": programme.get_status_display()}
        )
    programme.status = status
    if status == AwardProgramme.Status.PUBLISHED:
        programme.published_at = timezone.now()
        Nomination.objects.filter(programme=programme, status=Nomination.Status.SUBMITTED).update(
            status=Nomination.Status.NOT_AWARDED, decided_at=timezone.now()
        )
    programme.save(update_fields=["status", "published_at"])
    record_action(actor=actor, action=f"award_programme.{status}", target=programme)
    return programme


@transaction.atomic
def nominate(
    *, actor: "User", programme: AwardProgramme, organisation: Organisation, statement: str = ""
) -> Nomination:
    """Nominate an organisation: its own admin (self-nomination) or an operator of the programme, while the
    programme takes nominations and the organisation is of an eligible kind. The evidence is computed now.

    Side effects: audit entry; the nominee's admins are told when an operator nominated them."""
    by_operator = can(actor, "showcase.manage_programme", programme)
    if not by_operator:
        require(actor, "showcase.nominate_self", organisation)
    programme = AwardProgramme.objects.select_for_update().get(pk=programme.pk)
    if not programme.takes_nominations:
        raise ValidationError(_("This programme takes no nominations now."))
    if programme.eligible_kinds and organisation.kind not in programme.eligible_kinds:
        raise ValidationError({"organisation": [_("This kind of organisation is not eligible for this award.")]})
    if len(statement) > 5000:
        raise ValidationError({"statement": [_("Keep the statement under 5,000 characters.")]})
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                programme=programme,
                organisation=organisation,
                nominated_by=actor,
                by_operator=by_operator,
                statement=statement,
                evidence=compute_evidence(organisation, programme.evidence_from, programme.evidence_to),
                evidence_at=timezone.now(),
            )
    except IntegrityError:
        raise ValidationError({"organisation": [_("This organisation is already nominated.")]}) from None
    record_action(actor=actor, action="nomination.made", target=nomination, data={"by_operator": by_operator})
    if by_operator:
        notify(
            admins_of(organisation),
            kind="showcase.nomination_decided",
            subject=lambda: _("Your organisation is nominated for “%(award)s”") % {"award": programme.title},
            body=lambda: _("The evidence was computed from your records on the platform."),
            link=nomination.get_absolute_url(),
        )
    return nomination


@transaction.atomic
def refresh_evidence(*, actor: "User", nomination: Nomination) -> Nomination:
    """Count the evidence again from the records (an operator, before the results). Side effects: audit entry."""
    require(actor, "showcase.decide_nomination", nomination)
    nomination = (
        Nomination.objects.select_for_update().select_related("programme", "organisation").get(pk=nomination.pk)
    )
    if nomination.programme.status == AwardProgramme.Status.PUBLISHED:
        raise ValidationError(_("The results are published; the evidence stays as it was."))
    nomination.evidence = compute_evidence(
        nomination.organisation, nomination.programme.evidence_from, nomination.programme.evidence_to
    )
    nomination.evidence_at = timezone.now()
    nomination.save(update_fields=["evidence", "evidence_at"])
    record_action(actor=actor, action="nomination.evidence_refreshed", target=nomination)
    return nomination


@transaction.atomic
def assign_reviewer(*, actor: "User", nomination: Nomination, reviewer: "User") -> ReviewerAssignment:
    """Ask someone to review a nomination (not one of the nominee's people). Side effects: audit entry; the
    reviewer is told."""
    require(actor, "showcase.decide_nomination", nomination)
    if nomination.organisation.memberships.filter(user=reviewer).exists():
        raise ValidationError({"reviewer": [_("A nominee's own people cannot review it.")]})
    assignment, created = ReviewerAssignment.objects.get_or_create(
        nomination=nomination, reviewer=reviewer, defaults={"assigned_by": actor}
    )
    if created:
        record_action(
            actor=actor, action="nomination.reviewer_assigned", target=nomination, data={"reviewer": reviewer.pk}
        )
        notify(
            [reviewer],
            kind="showcase.review_assigned",
            subject=lambda: _("Please review a nomination for “%(award)s”") % {"award": nomination.programme.title},
            body=lambda: _("Declare any conflict of interest before you score."),
            link=nomination.get_absolute_url(),
        )
    return assignment


@transaction.atomic
def declare_conflict(*, actor: "User", nomination: Nomination, note: str) -> ReviewerAssignment:
    """The reviewer declares a conflict of interest: their scores are removed and they score no more."""
    require(actor, "showcase.review_nomination", nomination)
    assignment = ReviewerAssignment.objects.select_for_update().get(nomination=nomination, reviewer=actor)
    assignment.conflict_declared, assignment.conflict_note = True, (note or "")[:500]
    assignment.save(update_fields=["conflict_declared", "conflict_note"])
    assignment.scores.all().delete()
    record_action(actor=actor, action="nomination.conflict_declared", target=nomination)
    return assignment


@transaction.atomic
def score_nomination(
    *, actor: "User", nomination: Nomination, scores: dict[int, int], comments: dict[int, str] | None = None
) -> list[Score]:
    """Score every criterion of the programme 0–10 (an assigned reviewer without a conflict, before the results).

    Side effects: audit entry."""
    require(actor, "showcase.score_nomination", nomination)
    programme = nomination.programme
    if programme.status not in (AwardProgramme.Status.OPEN, AwardProgramme.Status.CLOSED):
        raise ValidationError(_("This programme takes no scores now."))
    if nomination.organisation.memberships.filter(user=actor).exists():
        raise ValidationError(_("A nominee's own people cannot review it."))
    criteria = {c.pk: c for c in programme.criteria.all()}
    if set(scores) != set(criteria) or any(not isinstance(v, int) or not 0 <= v <= 10 for v in scores.values()):
        raise ValidationError({"scores": [_("Score every criterion from 0 to 10.")]})
    assignment = ReviewerAssignment.objects.select_for_update().get(nomination=nomination, reviewer=actor)
    assignment.scores.all().delete()
    rows = Score.objects.bulk_create(
        [
            Score(
                assignment=assignment,
                criterion=criteria[pk],
                value=value,
                comment=((comments or {}).get(pk) or "")[:1000],
            )
            for pk, value in scores.items()
        ]
    )
    record_action(actor=actor, action="nomination.scored", target=nomination)
    return rows


def total_score(nomination: Nomination) -> Decimal | None:
    """The mean over reviewers (without a conflict, with every criterion scored) of Σ weight × score / 10."""
    criteria = {c.pk: c.weight for c in nomination.programme.criteria.all()}
    totals = []
    for assignment in nomination.assignments.all():
        if assignment.conflict_declared:
            continue
        pairs = [(criteria[s.criterion_id], s.value) for s in assignment.scores.all() if s.criterion_id in criteria]
        if len(pairs) == len(criteria):
            totals.append(weighted_total(pairs))
    if not totals:
        return None
    return (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def decide_nomination(*, actor: "User", nomination: Nomination, award: bool) -> Nomination:
    """Award a nomination, or not (an operator of the programme, before the results are published).

    Side effects: audit entry."""
    require(actor, "showcase.decide_nomination", nomination)
    nomination = Nomination.objects.select_for_update().select_related("programme").get(pk=nomination.pk)
    if nomination.programme.status != AwardProgramme.Status.CLOSED:
        raise ValidationError(_("Decide nominations once the programme is closed, before the results."))
    nomination.status = Nomination.Status.AWARDED if award else Nomination.Status.NOT_AWARDED
    nomination.decided_at = timezone.now()
    nomination.save(update_fields=["status", "decided_at"])
    record_action(actor=actor, action="nomination.decided", target=nomination, data={"awarded": award})
    return nomination
