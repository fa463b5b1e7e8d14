"""State changes of positions, talent profiles, applications and recognitions.

Every function checks the rule, writes inside a transaction, records the audit trail and tells the people
concerned. Each use of a person's profile needs a consent of that purpose (PIPL), recorded in accounts'
consent records: publishing the profile (`PURPOSE_PROFILE`) and sharing it with an employer by applying
(`PURPOSE_APPLICATION`).
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.accounts.models import Consent
from innobelt.audit.domain import record_action
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require
from innobelt.talent.models import (
    PURPOSE_APPLICATION,
    PURPOSE_PROFILE,
    Position,
    PositionApplication,
    Recognition,
    TalentProfile,
)

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.belt.models import City
    from innobelt.organisations.models import Organisation

POSITION_FIELDS = {"kind", "title_zh", "title_en", "description", "field", "skills", "city", "language", "level"}
PROFILE_FIELDS = {"headline", "summary", "field", "skills", "degrees", "languages", "visibility"}
#: where an application may go next; "declined" (with a reason) from any open step
NEXT = {"applied": {"shortlisted"}, "shortlisted": {"interview"}, "interview": {"offer"}, "offer": {"hired"}}


def has_consent(user: "User", purpose: str) -> bool:
    return Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).exists()


def record_consent(*, user: "User", purpose: str, ip_address: str | None = None) -> Consent:
    """Record a person's consent to one use of their profile (idempotent while it is not withdrawn)."""
    existing = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).first()
    if existing is not None:
        return existing
    consent = Consent.objects.create(user=user, purpose=purpose, policy_version=settings.PRIVACY_POLICY_VERSION, ip_address=ip_address)
    record_action(actor=user, action="talent.consent_given", target=consent, data={"purpose": purpose})
    return consent


@transaction.atomic
def post_position(*, actor: "User", organisation: "Organisation", **fields: Any) -> Position:
    """Post an open position for an organisation the actor administers; marked when it is a GOI member.

    Raises ValidationError with nothing stored. Side effects: audit entry."""
    require(actor, "talent.post_position", organisation)
    unknown = set(fields) - POSITION_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    fields.setdefault("city", organisation.city)
    position = Position(organisation=organisation, posted_by=actor, goi_participant=organisation.is_goi_member, **fields)
    position.full_clean(exclude=["organisation", "posted_by"])
    position.save()
    record_action(actor=actor, action="talent.position_posted", target=position, data={"kind": position.kind})
    return position


PURPOSES = (PURPOSE_PROFILE, PURPOSE_APPLICATION)


@transaction.atomic
def withdraw_consent(*, actor: "User", purpose: str) -> list[Consent]:
    """Withdraw the person's consent to one use of their profile (PIPL art. 15), from this moment:

    - `talent.profile`: the profile is hidden (no matching record, found by nobody but its owner); showing
      it again needs a new consent;
    - `talent.application`: organisations they applied to no longer read their profile through the
      application (the application itself stays with the organisation).

    Raises ValidationError (unknown purpose, nothing to withdraw). Side effects: `withdrawn_at` set on the
    consent records, audit entry."""
    if purpose not in PURPOSES:
        raise ValidationError({"purpose": _("Unknown purpose.")})
    consents = list(Consent.objects.select_for_update().filter(user=actor, purpose=purpose, withdrawn_at__isnull=True).order_by("pk"))
    if not consents:
        raise ValidationError({"purpose": _("You have not given this consent, or withdrew it already.")})
    now = timezone.now()
    Consent.objects.filter(pk__in=[c.pk for c in consents]).update(withdrawn_at=now)
    for consent in consents:
        consent.withdrawn_at = now
    if purpose == PURPOSE_PROFILE:
        profile = TalentProfile.objects.select_for_update().filter(user=actor).first()
        if profile is not None and profile.visibility != TalentProfile.Visibility.HIDDEN:
            profile.visibility = TalentProfile.Visibility.HIDDEN
            profile.save()  # the matching record goes with it (a hidden profile is none)
    record_action(actor=actor, action="talent.consent_withdrawn", target=consents[0], data={"purpose": purpose})
    return consents


@transaction.atomic
def give_consent(*, actor: "User", purpose: str, ip_address: str | None = None) -> Consent:
    """Give (again) the person's consent to one use of their profile, from this moment (idempotent while it
    is not withdrawn):

    - `talent.profile`: the profile may be shown and matched again; a profile hidden by withdrawing stays
      hidden until the person chooses its visibility (`save_profile`), as on the page;
    - `talent.application`: the organisations they applied to read their profile through the applications
      again (applying records this consent as well).

    Raises ValidationError (unknown purpose). Side effects: a consent record and its audit entry."""
    if purpose not in PURPOSES:
        raise ValidationError({"purpose": _("Unknown purpose.")})
    return record_consent(user=actor, purpose=purpose, ip_address=ip_address)


def consents_of(user: "User") -> list[Consent]:
    """The person's consent records for uses of their talent profile, newest first (withdrawn ones too)."""
    return list(Consent.objects.filter(user=user, purpose__in=PURPOSES).order_by("-given_at", "-pk"))


@transaction.atomic
def change_position(*, actor: "User", position: Position, **fields: Any) -> Position:
    """Change an open position's details (the organisation's people). Raises ValidationError with nothing
    stored. Side effects: audit entry; the matching record follows the saved row."""
    require(actor, "talent.change_position", position)
    unknown = set(fields) - POSITION_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    position = Position.objects.select_for_update().select_related("organisation").get(pk=position.pk)
    if position.status != Position.Status.OPEN:
        raise ValidationError({"position": _("This position is closed.")})
    for name, value in fields.items():
        setattr(position, name, value)
    position.full_clean(exclude=["organisation", "posted_by"])
    position.save()
    record_action(actor=actor, action="talent.position_changed", target=position, data={"fields": sorted(fields)})
    return position


@transaction.atomic
def close_position(*, actor: "User", position: Position) -> Position:
    """Close a position: it leaves the lists and matching; applications stay with the organisation.
    Raises ValidationError when it is closed already. Side effects: audit entry."""
    require(actor, "talent.change_position", position)
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.status == Position.Status.CLOSED:
        raise ValidationError({"position": _("This position is closed already.")})
    position.status = Position.Status.CLOSED
    position.save(update_fields=["status"])
    record_action(actor=actor, action="talent.position_closed", target=position)
    return position


@transaction.atomic
def save_profile(*, actor: "User", consent: bool, cities: "Iterable[City]" = (), ip_address: str | None = None, **fields: Any) -> TalentProfile:
    """Create or change the actor's own talent profile. A profile others may find (public or verified) needs
    the person's consent to publishing it, recorded here. Side effects: consent record, audit entry."""
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    profile = TalentProfile.objects.filter(user=actor).first() or TalentProfile(user=actor)
    for name, value in fields.items():
        setattr(profile, name, value)
    if profile.visibility != TalentProfile.Visibility.HIDDEN and not (consent or has_consent(actor, PURPOSE_PROFILE)):
        raise ValidationError({"consent": _("Agree to your profile being shown and matched, or keep it hidden.")})
    if consent:
        record_consent(user=actor, purpose=PURPOSE_PROFILE, ip_address=ip_address)
    profile.full_clean(exclude=["user"])
    profile.save()
    profile.cities.set(cities)
    profile.save()  # re-index with its cities
    record_action(actor=actor, action="talent.profile_saved", target=profile, data={"visibility": profile.visibility})
    return profile


def apply_to_position(*, actor: "User", position: Position, message: str = "", consent: bool, ip_address: str | None = None) -> PositionApplication:
    """Apply to an open position with one's profile, consenting to share it with the organisation.

    Raises ValidationError (no profile, no consent, closed, applied already). Side effects: consent
    record, audit entry, the organisation's admins are told."""
    require(actor, "talent.apply")
    if not TalentProfile.objects.filter(user=actor).exists():
        raise ValidationError({"profile": _("Write your talent profile first.")})
    if not consent:
        raise ValidationError({"consent": _("Agree to share your profile with this organisation to apply.")})
    if position.status != Position.Status.OPEN:
        raise ValidationError({"position": _("This position is closed.")})
    with transaction.atomic():
        record_consent(user=actor, purpose=PURPOSE_APPLICATION, ip_address=ip_address)
        try:
            with transaction.atomic():
                application = PositionApplication.objects.create(position=position, applicant=actor, message=(message or "").strip())
        except IntegrityError:
            raise ValidationError({"position": _("You have already applied to this position.")}) from None
        record_action(actor=actor, action="talent.applied", target=application, data={"position": position.pk})
        title = position.title
        notify(
            admins_of(position.organisation),
            kind="talent.application_received",
            subject=lambda: _("Someone applied to “%(position)s”") % {"position": title},
            body=lambda: "",
            link=f"/talent/applications/{application.pk}/",
        )
    return application


@transaction.atomic
def move_application(*, actor: "User", application: PositionApplication, status: str, reason: str = "") -> PositionApplication:
    """Move an application on (applied → shortlisted → interview → offer → hired) or decline it with a reason.

    Raises ValidationError for a step that does not follow. Side effects: audit entry, the applicant is told."""
    require(actor, "talent.move_application", application)
    application = PositionApplication.objects.select_for_update().get(pk=application.pk)
    if status == PositionApplication.Status.DECLINED:
        if application.status in (PositionApplication.Status.HIRED, PositionApplication.Status.DECLINED):
            raise ValidationError({"status": _("This application is closed.")})
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Give a reason.")})
        application.decline_reason = reason.strip()
    elif status not in NEXT.get(application.status, set()):
        raise ValidationError({"status": _("An application cannot move from this step to that one.")})
    previous, application.status = application.status, status
    application.save(update_fields=["status", "decline_reason", "updated_at"])
    record_action(actor=actor, action="talent.application_moved", target=application, data={"from": previous, "to": status})
    title, label = application.position.title, application.get_status_display()
    notify(
        [application.applicant],
        kind="talent.application_changed",
        subject=lambda: _("Your application to “%(position)s”: %(status)s") % {"position": title, "status": label},
        body=lambda: application.decline_reason,
        link=f"/talent/applications/{application.pk}/",
    )
    return application


@transaction.atomic
def grant_recognition(*, actor: "User", profile: TalentProfile, programme: str, city: "City", review_note: str) -> Recognition:
    """An operator of the district grants a recognition after review. Side effects: audit entry, the person is
    told. Raises ValidationError (no review, granted already)."""
    require(actor, "talent.grant_recognition", city)
    if not (review_note or "").strip():
        raise ValidationError({"review_note": _("Write what the review found.")})
    if programme not in Recognition.Programme.values:
        raise ValidationError({"programme": _("Unknown programme.")})
    try:
        with transaction.atomic():
            recognition = Recognition.objects.create(
                profile=profile, programme=programme, city=city, review_note=review_note.strip(), granted_by=actor, granted_at=timezone.now()
            )
    except IntegrityError:
        raise ValidationError({"programme": _("This recognition was granted already.")}) from None
    record_action(actor=actor, action="talent.recognition_granted", target=recognition, data={"programme": programme, "city": city.pk})
    label = recognition.get_programme_display()
    notify(
        [profile.user],
        kind="talent.recognition_granted",
        subject=lambda: _("You were recognised: %(programme)s") % {"programme": label},
        body=lambda: "",
        link=f"/talent/people/{profile.pk}/",
    )
    return recognition
