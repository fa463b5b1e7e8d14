"""State changes of organisations, memberships, claims and invitations.

Every function here checks the rule, writes, records the audit trail and tells
the people concerned. Views and API endpoints call these and only translate.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.names import normalise_name
from innobelt.notifications.domain import notify
from innobelt.organisations.credit_code import normalise_credit_code
from innobelt.organisations.models import Claim, Invitation, Membership, Organisation
from innobelt.organisations.queries import admins_of, operators_of
from innobelt.organisations.search import search_document_for
from innobelt.permissions import can, require

if TYPE_CHECKING:

    from innobelt.accounts.models import User
    from innobelt.belt.models import Industry

PROFILE_FIELDS = {
    "name_zh", "name_en", "description", "description_language", "website", "founded_year",
    "size_band", "country", "kind", "credit_code", "city", "is_goi_member",
}
# What verification vouches for: changing any of these sends a verified organisation back to verification.
IDENTITY_FIELDS = ("name_zh", "name_en", "credit_code")


def _identity(name: str, value: str | None) -> str | None:
    if name == "credit_code":
        return normalise_credit_code(value) or None
    return normalise_name(value or "")


def unique_slug(base: str, *, model: type[Organisation] = Organisation) -> str:
    root = slugify(base)[:60] or "org"
    slug, n = root, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{root}-{n}"
    return slug


def refresh_search_document(organisation: Organisation) -> None:
    organisation.search_document = search_document_for(organisation)
    Organisation.objects.filter(pk=organisation.pk).update(search_document=organisation.search_document)


@transaction.atomic
def create_organisation(*, actor: User, industries: Iterable[Industry | int] = (), as_admin: bool = False,
                        **fields: Any) -> Organisation:
    """Create an organisation (unverified). With as_admin the creator becomes its admin.

    Side effects: audit entry; membership when as_admin.
    """
    unknown = set(fields) - PROFILE_FIELDS - {"slug", "is_synthetic", "verification"}
    if unknown:
        raise ValueError(f"unknown organisation fields: {sorted(unknown)}")
    fields.setdefault("slug", unique_slug(fields.get("name_en") or fields.get("name_zh") or "org"))
    org = Organisation(**fields)
    org.full_clean()
    org.save()
    if industries:
        org.industries.set(industries)
    refresh_search_document(org)
    if as_admin and actor is not None:
        Membership.objects.create(user=actor, organisation=org, role=Membership.Role.ADMIN)
    record_action(actor=actor, action="organisation.created", target=org)
    return org


@transaction.atomic
def update_organisation_profile(*, actor: User, organisation: Organisation, changes: dict[str, Any],
                                industries: Iterable[Industry | int] | None = None) -> Organisation:
    """Change profile fields. Raises ValidationError (nothing saved) on bad values.

    Names are normalised and refused with hidden characters (innobelt.names). A change of a
    verified organisation's legal name (either language) or credit code, by someone who may
    not verify it, sends it back to verification (`send_back_to_verification`).
    Side effects: audit entry listing the changed fields; on a re-verification, its audit
    entry and a notification to the city's operators.
    """
    require(actor, "organisations.change_organisation", organisation)
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    may_verify = can(actor, "organisations.verify_organisation", organisation)
    if not may_verify:
        # Org admins cannot grant their own GOI membership.
        changes = {k: v for k, v in changes.items() if k != "is_goi_member"}
    changes = {k: _identity(k, v) if k in IDENTITY_FIELDS else v for k, v in changes.items()}
    before = {name: _identity(name, getattr(organisation, name)) for name in IDENTITY_FIELDS}
    changed = [name for name, value in changes.items() if getattr(organisation, name) != value]
    for name, value in changes.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    if industries is not None:
        organisation.industries.set(industries)
        changed.append("industries")
    refresh_search_document(organisation)
    record_action(actor=actor, action="organisation.updated", target=organisation, data={"fields": sorted(changed)})
    identity_changed = [name for name in IDENTITY_FIELDS if getattr(organisation, name) != before[name]]
    if identity_changed and organisation.is_verified and not may_verify:
        send_back_to_verification(actor=actor, organisation=organisation, fields=identity_changed, previous=before)
    return organisation


def send_back_to_verification(*, actor: User, organisation: Organisation, fields: list[str],
                              previous: dict[str, Any]) -> Organisation:
    """A verified organisation changed what was verified (its name or credit code): it is no
    longer verified but pending verification, and the operators of its city (or the platform
    operators, outside the Belt) are told to check it again.

    Side effects: audit entry with the previous values; notifications. Called by
    update_organisation_profile; the caller has checked the permission to change it.
    """
    organisation.verification = Organisation.Verification.PENDING
    organisation.verified_at = None
    organisation.save(update_fields=["verification", "verified_at", "updated_at"])
    record_action(actor=actor, action="organisation.reverification_needed", target=organisation,
                  data={"fields": list(fields), "previous": {name: previous.get(name) for name in fields}})
    before_name = previous.get("name_zh") or previous.get("name_en") or ""
    notify(
        operators_of(organisation.city_id), kind="organisation.reverification",
        subject=lambda: _("%(organisation)s changed its name or credit code: verify it again") % {"organisation": organisation.name},
        body=lambda: _("It was verified as “%(previous)s”. Until it is verified again it shows as pending verification.")
        % {"previous": before_name},
        link=organisation.get_absolute_url(),
    )
    return organisation


@transaction.atomic
def claim_organisation(*, user: User, organisation: Organisation, kind: str = Claim.Kind.CLAIM, position: str = "", evidence: str = "") -> Claim:
    """Ask to act for an organisation: claim it (become admin) or join it (member).

    A claim goes to the district operators of the organisation's city and marks
    an unverified organisation as pending verification; a join request goes to
    its admins. Side effects: Claim row, audit entry, notifications.
    """
    require(user, "organisations.claim_organisation")
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(_("You already belong to this organisation."))
    if Claim.objects.filter(user=user, organisation=organisation, status=Claim.Status.PENDING).exists():
        raise ValidationError(_("You have already asked; please wait for the answer."))
    if kind == Claim.Kind.JOIN and not admins_of(organisation):
        kind = Claim.Kind.CLAIM  # nobody to approve a join: it becomes a claim for the operators
    claim = Claim.objects.create(user=user, organisation=organisation, kind=kind, position=position, evidence=evidence)
    if kind == Claim.Kind.CLAIM and organisation.verification == Organisation.Verification.UNVERIFIED:
        organisation.verification = Organisation.Verification.PENDING
        organisation.save(update_fields=["verification", "updated_at"])
    record_action(actor=user, action=f"organisation.{kind}_requested", target=organisation, data={"claim": claim.pk})
    recipients = operators_of(organisation.city_id) if kind == Claim.Kind.CLAIM else admins_of(organisation)
    notify(
        recipients, kind="organisation.claim",
        subject=lambda: _("%(person)s asks to act for %(organisation)s") % {"person": user, "organisation": organisation.name},
        body=lambda: _("Position: %(position)s\nEvidence: %(evidence)s") % {"position": position or "—", "evidence": evidence or "—"},
        link=reverse("organisations:claims"),
    )
    return claim


@transaction.atomic
def approve_claim(*, actor: User, claim: Claim) -> Membership:
    """Approve a pending claim or join request; the claimant becomes admin or member.

    Approving a claim also verifies the organisation (the operator checked it).
    Side effects: membership, audit entries, a notification to the claimant.
    """
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    require(actor, "organisations.decide_claim", claim)
    if claim.status != Claim.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    claim.status, claim.decided_by, claim.decided_at = Claim.Status.APPROVED, actor, timezone.now()
    claim.save()
    role = Membership.Role.ADMIN if claim.kind == Claim.Kind.CLAIM else Membership.Role.MEMBER
    membership, _created = Membership.objects.update_or_create(
        user=claim.user, organisation=claim.organisation, defaults={"role": role}
    )
    record_action(actor=actor, action="organisation.claim_approved", target=claim.organisation, data={"claim": claim.pk, "user": claim.user_id})
    if claim.kind == Claim.Kind.CLAIM and not claim.organisation.is_verified:
        verify_organisation(actor=actor, organisation=claim.organisation)
    org = claim.organisation
    notify(
        [claim.user], kind="organisation.claim_approved",
        subject=lambda: _("You now act for %(organisation)s") % {"organisation": org.name},
        body=lambda: _("Your request was approved."),
        link=org.get_absolute_url(),
    )
    return membership


@transaction.atomic
def reject_claim(*, actor: User, claim: Claim, reason: str = "") -> Claim:
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    require(actor, "organisations.decide_claim", claim)
    if claim.status != Claim.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    claim.status, claim.decided_by, claim.decided_at = Claim.Status.REJECTED, actor, timezone.now()
    claim.save()
    org = claim.organisation
    still_pending = org.claims.filter(status=Claim.Status.PENDING).exists()
    if claim.kind == Claim.Kind.CLAIM and org.verification == Organisation.Verification.PENDING and not still_pending:
        org.verification = Organisation.Verification.UNVERIFIED
        org.save(update_fields=["verification", "updated_at"])
    record_action(actor=actor, action="organisation.claim_rejected", target=org, data={"claim": claim.pk, "reason": reason})
    notify(
        [claim.user], kind="organisation.claim_rejected",
        subject=lambda: _("Your request for %(organisation)s was refused") % {"organisation": org.name},
        body=lambda: reason or _("No reason was given."),
        link=org.get_absolute_url(),
    )
    return claim


@transaction.atomic
def verify_organisation(*, actor: User, organisation: Organisation) -> Organisation:
    """Mark an organisation verified by a district or platform operator."""
    require(actor, "organisations.verify_organisation", organisation)
    organisation.verification = Organisation.Verification.VERIFIED
    organisation.verified_at = timezone.now()
    organisation.save(update_fields=["verification", "verified_at", "updated_at"])
    record_action(actor=actor, action="organisation.verified", target=organisation)
    return organisation


@transaction.atomic
def invite_member(*, actor: User, organisation: Organisation, email: str, role: str = Membership.Role.MEMBER) -> Invitation:
    """Invite a colleague by e-mail. Side effects: Invitation row, audit entry, e-mail."""
    require(actor, "organisations.invite_to_organisation", organisation)
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person already belongs to the organisation.")})
    invitation = Invitation.objects.create(organisation=organisation, email=email, role=role, invited_by=actor)
    record_action(actor=actor, action="organisation.member_invited", target=organisation, data={"email": email, "role": role})
    from django.core.mail import send_mail

    link = settings.SITE_URL.rstrip("/") + reverse("organisations:accept_invitation", kwargs={"token": invitation.token})
    transaction.on_commit(lambda: send_mail(
        _("You are invited to %(organisation)s on innobelt") % {"organisation": organisation.name},
        _("%(person)s invites you. Open this link to join: %(link)s") % {"person": actor, "link": link},
        None, [email], fail_silently=True,
    ))
    return invitation


@transaction.atomic
def accept_invitation(*, user: User, token: str) -> Membership:
    """Join the organisation an invitation was sent for. Refused when it was used, has expired
    (INVITATION_DAYS after it was sent) or was sent to another address."""
    try:
        invitation = Invitation.objects.select_for_update().get(token=token, accepted_at__isnull=True)
    except Invitation.DoesNotExist:
        raise ValidationError(_("This invitation is not valid or has already been used.")) from None
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask %(organisation)s for a new one.")
                              % {"organisation": invitation.organisation.name})
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(_("This invitation was sent to another e-mail address."))
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    record_action(actor=user, action="organisation.invitation_accepted", target=invitation.organisation)
    return membership
