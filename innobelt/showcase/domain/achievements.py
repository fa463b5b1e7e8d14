"""Writing, submitting, confirming and reviewing achievements and milestone projects.

Flow: the organisation's people draft (`draft_achievement`, `update_achievement`) and submit
(`submit_achievement`); every named partner confirms (`confirm_achievement`); once all have, it is in review
and the operators of the organisation's district are told; one publishes it (`publish_achievement`) or sends
it back with a reason (`send_back_achievement`), after which the organisation may change and resubmit it.
Every function checks the rule, writes in a transaction, records the audit trail and tells the people
concerned.
"""

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.bilingual import join_list
from innobelt.files.models import StoredFile
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.queries import operators_of
from innobelt.permissions import require
from innobelt.showcase import trail
from innobelt.showcase.models import Achievement, AchievementPartner, TrailLink

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.belt.models import City, Industry

FIELDS = {
    "kind",
    "title_zh",
    "title_en",
    "story_zh",
    "story_en",
    "story_language",
    "year",
    "revenue",
    "patents_filed",
    "products_launched",
    "jobs",
}
MAX_TRAIL, MAX_PARTNERS, MAX_IMAGES = 30, 20, 8


def _members(organisation: Organisation) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(organisation=organisation, user__is_active=True).select_related("user")
    ]


def _money(value: Any, errors: dict[str, list[str]]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        errors["revenue"] = [_("Give an amount in yuan, such as 1200000.00.")]
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e14"):
        errors["revenue"] = [_("Give an amount in yuan, such as 1200000.00.")]
        return None
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _trail_rows(
    organisation: Organisation, items: Sequence[dict[str, Any]], errors: dict[str, list[str]]
) -> list[TrailLink]:
    """Links to records the organisation may itself see; anything else is refused as if it did not exist."""
    rows: list[TrailLink] = []
    seen: set[tuple[str, int]] = set()
    if len(items) > MAX_TRAIL:
        errors["trail"] = [_("Link at most %(n)d records.") % {"n": MAX_TRAIL}]
        return rows
    for n, item in enumerate(items):
        kind, pk = str(item.get("kind")), item.get("id")
        record = None
        if kind in trail.KINDS and isinstance(pk, int):
            record = trail.linkable(kind, organisation).filter(pk=pk).first()
        if record is None or not isinstance(pk, int):
            errors.setdefault("trail", []).append(
                _("Link %(n)d: no such record that your organisation took part in.") % {"n": n + 1}
            )
            continue
        if (kind, pk) in seen:
            continue
        seen.add((kind, pk))
        label_zh, label_en = trail.labels(kind, record)
        rows.append(
            TrailLink(
                kind=kind,
                content_type=ContentType.objects.get_for_model(record),
                object_id=pk,
                label_zh=label_zh,
                label_en=label_en,
                position=n,
            )
        )
    return rows


def _check_partners(
    organisation: Organisation, partners: Iterable[Organisation], errors: dict[str, list[str]]
) -> list[Organisation]:
    chosen = list(dict.fromkeys(partners))
    if organisation in chosen:
        errors["partners"] = [_("Name other organisations as partners, not your own.")]
    if len(chosen) > MAX_PARTNERS:
        errors["partners"] = [_("Name at most %(n)d partners.") % {"n": MAX_PARTNERS}]
    return chosen


def _check_images(
    organisation: Organisation, images: Iterable[StoredFile], errors: dict[str, list[str]]
) -> list[StoredFile]:
    chosen = list(dict.fromkeys(images))
    if any(image.organisation_id != organisation.pk or image.kind != StoredFile.Kind.PHOTO for image in chosen):
        errors["images"] = [_("Use photos your organisation uploaded.")]
    if len(chosen) > MAX_IMAGES:
        errors["images"] = [_("Add at most %(n)d images.") % {"n": MAX_IMAGES}]
    return chosen


def _write(
    achievement: Achievement,
    *,
    fields: dict[str, Any],
    partners: Iterable[Organisation] | None,
    cities: "Iterable[City] | None",
    industries: "Iterable[Industry] | None",
    images: Iterable[StoredFile] | None,
    trail_items: Sequence[dict[str, Any]] | None,
) -> Achievement:
    unknown = set(fields) - FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    if "revenue" in fields:
        fields["revenue"] = _money(fields["revenue"], errors)
    for name, value in fields.items():
        setattr(achievement, name, value)
    org = achievement.organisation
    partner_list = _check_partners(org, partners, errors) if partners is not None else None
    image_list = _check_images(org, images, errors) if images is not None else None
    trail_rows = _trail_rows(org, trail_items, errors) if trail_items is not None else None
    try:
        achievement.full_clean(exclude=["organisation", "created_by", "reviewed_by"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if not (achievement.story_zh or achievement.story_en):
        errors.setdefault("story_zh", []).append(_("Tell the story in Chinese or in English."))
    if errors:
        raise ValidationError(errors)
    achievement.save()
    if partner_list is not None:
        keep = {p.pk for p in partner_list}
        achievement.partners.exclude(organisation__in=keep).delete()
        known = set(achievement.partners.values_list("organisation_id", flat=True))
        AchievementPartner.objects.bulk_create(
            [AchievementPartner(achievement=achievement, organisation=p) for p in partner_list if p.pk not in known]
        )
    if cities is not None:
        achievement.cities.set(cities)
    if industries is not None:
        achievement.industries.set(industries)
    if image_list is not None:
        achievement.images.set(image_list)
    if trail_rows is not None:
        achievement.trail.all().delete()
        for row in trail_rows:
            row.achievement = achievement
        TrailLink.objects.bulk_create(trail_rows)
    return achievement


@transaction.atomic
def draft_achievement(
    *,
    actor: "User",
    organisation: Organisation,
    partners: Iterable[Organisation] = (),
    cities: "Iterable[City]" = (),
    industries: "Iterable[Industry]" = (),
    images: Iterable[StoredFile] = (),
    trail_items: Sequence[dict[str, Any]] = (),
    **fields: Any,
) -> Achievement:
    """Draft an achievement for an organisation the actor belongs to.

    `trail_items`: [{"kind": "booking", "id": 7}, …], only records the organisation may itself see
    (showcase/trail.py). Raises ValidationError with nothing stored. Side effects: audit entry.
    """
    require(actor, "showcase.submit_achievement", organisation)
    achievement = Achievement(
        organisation=organisation, created_by=actor, year=fields.pop("year", None) or timezone.localdate().year
    )
    _write(
        achievement,
        fields=fields,
        partners=partners,
        cities=cities,
        industries=industries,
        images=images,
        trail_items=trail_items,
    )
    record_action(actor=actor, action="achievement.drafted", target=achievement, data={"organisation": organisation.pk})
    return achievement


@transaction.atomic
def update_achievement(
    *,
    actor: "User",
    achievement: Achievement,
    partners: Iterable[Organisation] | None = None,
    cities: "Iterable[City] | None" = None,
    industries: "Iterable[Industry] | None" = None,
    images: Iterable[StoredFile] | None = None,
    trail_items: Sequence[dict[str, Any]] | None = None,
    **fields: Any,
) -> Achievement:
    """Change a draft or a sent-back achievement (None: leave that part as it is). Side effects: audit entry."""
    require(actor, "showcase.change_achievement", achievement)
    achievement = Achievement.objects.select_for_update().select_related("organisation").get(pk=achievement.pk)
    require(actor, "showcase.change_achievement", achievement)
    _write(
        achievement,
        fields=fields,
        partners=partners,
        cities=cities,
        industries=industries,
        images=images,
        trail_items=trail_items,
    )
    record_action(actor=actor, action="achievement.changed", target=achievement, data={"fields": sorted(fields)})
    return achievement


def _to_review(achievement: Achievement) -> None:
    achievement.status = Achievement.Status.IN_REVIEW
    notify(
        operators_of(achievement.organisation.city_id),
        kind="showcase.review_asked",
        subject=lambda: _("An achievement awaits your review: “%(title)s”") % {"title": achievement.title},
        body=lambda: _("%(org)s submitted it; every partner has confirmed.") % {"org": achievement.organisation.name},
        link=achievement.get_absolute_url(),
    )


@transaction.atomic
def submit_achievement(*, actor: "User", achievement: Achievement) -> Achievement:
    """Submit a draft (or a sent-back achievement): to the partners for confirmation, or straight to review
    when it names none. Confirmations of an earlier round are kept. Side effects: audit entry; the partners'
    people, or the district's operators, are told."""
    require(actor, "showcase.change_achievement", achievement)
    achievement = Achievement.objects.select_for_update().select_related("organisation").get(pk=achievement.pk)
    require(actor, "showcase.change_achievement", achievement)
    achievement.submitted_at, achievement.send_back_reason = timezone.now(), ""
    waiting = list(achievement.partners.filter(confirmed_at__isnull=True).select_related("organisation"))
    if waiting:
        achievement.status = Achievement.Status.CONFIRMING
        people = [user for row in waiting for user in _members(row.organisation)]
        notify(
            people,
            kind="showcase.confirmation_asked",
            subject=lambda: _("Confirm that you took part in “%(title)s”") % {"title": achievement.title},
            body=lambda: (
                _(
                    "%(org)s names your organisation as a partner of this achievement. It is published only once every partner confirms."
                )
                % {"org": achievement.organisation.name}
            ),
            link=achievement.get_absolute_url(),
        )
    else:
        _to_review(achievement)
    achievement.save(update_fields=["status", "submitted_at", "send_back_reason"])
    record_action(
        actor=actor,
        action="achievement.submitted",
        target=achievement,
        data={"waiting_for": [row.organisation_id for row in waiting]},
    )
    return achievement


@transaction.atomic
def confirm_achievement(*, actor: "User", achievement: Achievement) -> Achievement:
    """Confirm, for each of the actor's organisations named as a partner, that it took part. When the last
    partner confirms, the achievement goes to review. Side effects: audit entry; operators told at the end."""
    require(actor, "showcase.confirm_achievement", achievement)
    achievement = Achievement.objects.select_for_update().select_related("organisation").get(pk=achievement.pk)
    require(actor, "showcase.confirm_achievement", achievement)
    mine = Membership.objects.filter(user=actor).values("organisation")
    rows = list(achievement.partners.filter(organisation__in=mine, confirmed_at__isnull=True))
    now = timezone.now()
    for row in rows:
        row.confirmed_at, row.confirmed_by = now, actor
    AchievementPartner.objects.bulk_update(rows, ["confirmed_at", "confirmed_by"])
    if not achievement.partners.filter(confirmed_at__isnull=True).exists():
        _to_review(achievement)
        achievement.save(update_fields=["status"])
    record_action(
        actor=actor,
        action="achievement.confirmed",
        target=achievement,
        data={"partners": [row.organisation_id for row in rows]},
    )
    return achievement


@transaction.atomic
def publish_achievement(*, actor: "User", achievement: Achievement) -> Achievement:
    """Publish an achievement in review (an operator of the organisation's district). Side effects: audit entry;
    the organisation's and the partners' people are told."""
    require(actor, "showcase.review_achievement", achievement)
    achievement = Achievement.objects.select_for_update().select_related("organisation").get(pk=achievement.pk)
    require(actor, "showcase.review_achievement", achievement)
    if achievement.partners.filter(confirmed_at__isnull=True).exists():
        raise ValidationError(_("Every partner must confirm before the achievement is published."))
    achievement.status, achievement.published_at, achievement.reviewed_by = (
        Achievement.Status.PUBLISHED,
        timezone.now(),
        actor,
    )
    achievement.save(update_fields=["status", "published_at", "reviewed_by"])
    record_action(actor=actor, action="achievement.published", target=achievement)
    partners = [row.organisation for row in achievement.partners.select_related("organisation")]
    people = _members(achievement.organisation) + [u for org in partners for u in _members(org)]
    notify(
        people,
        kind="showcase.achievement_decided",
        subject=lambda: _("“%(title)s” is on the showcase") % {"title": achievement.title},
        body=lambda: (
            _("Published with %(orgs)s.")
            % {"orgs": join_list([achievement.organisation.name] + [p.name for p in partners])}
        ),
        link=achievement.get_absolute_url(),
    )
    return achievement


@transaction.atomic
def send_back_achievement(*, actor: "User", achievement: Achievement, reason: str) -> Achievement:
    """Send an achievement in review back to its organisation with a reason. Side effects: audit entry; the
    organisation's people are told."""
    require(actor, "showcase.review_achievement", achievement)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why it goes back, so the organisation can put it right.")]})
    if len(reason) > 2000:
        raise ValidationError({"reason": [_("Keep the reason under 2,000 characters.")]})
    achievement = Achievement.objects.select_for_update().select_related("organisation").get(pk=achievement.pk)
    require(actor, "showcase.review_achievement", achievement)
    achievement.status, achievement.send_back_reason, achievement.reviewed_by = (
        Achievement.Status.SENT_BACK,
        reason,
        actor,
    )
    achievement.save(update_fields=["status", "send_back_reason", "reviewed_by"])
    record_action(actor=actor, action="achievement.sent_back", target=achievement, data={"reason": reason})
    notify(
        _members(achievement.organisation),
        kind="showcase.achievement_decided",
        subject=lambda: _("“%(title)s” was sent back") % {"title": achievement.title},
        body=lambda: reason,
        link=achievement.get_absolute_url(),
    )
    return achievement
