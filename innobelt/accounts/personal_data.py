"""A person's data under PIPL (ADR 0021): everything the platform holds about them as one JSON document, and
the erasure of their account.

Each app that holds personal data registers a section (`register`) from its AppConfig.ready(): a function
giving the person's records as JSON-ready lists, and optionally one erasing what is only theirs. The account
part (profile, consents, sessions, API tokens) is here. Erasure keeps what other people's records need (an
organisation's files, messages in a conversation, bookings): the person's row stays as a pseudonym
(`erased-<id>`), so those records and the audit trail still point at someone, but nothing identifies them.
Both an export and an erasure are audited. Whatever no section gives in detail is still in the export: every
record of every installed app that names the person, found from the models' relations (`records_naming_you`).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.accounts import ratelimit
from innobelt.audit.domain import pseudonymise_target, record_action

if TYPE_CHECKING:
    from django.db.models import Model

    from innobelt.accounts.models import User

FORMAT = 1


@dataclasses.dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[User], list[dict[str, Any]]]
    erase: Callable[[User], None] | None = None


SECTIONS: dict[str, Section] = {}


def register(name: str, *, export: Callable[[User], list[dict[str, Any]]],
             erase: Callable[[User], None] | None = None) -> None:
    SECTIONS[name] = Section(name, export, erase)


def _when(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _account(user: User) -> dict[str, Any]:
    return {"id": user.pk, "email": user.email, "mobile": user.mobile, "name": user.display_name,
            "preferred_language": user.preferred_language, "joined_at": _when(user.date_joined),
            "last_sign_in": _when(user.last_login), "email_confirmed_at": _when(user.email_confirmed_at),
            "platform_operator": user.is_platform_operator,
            "district_operator_for": sorted(user.operator_cities.values_list("slug", flat=True))}


def _core_sections(user: User) -> dict[str, list[dict[str, Any]]]:
    return {
        "consents": [{"purpose": c.purpose, "policy_version": c.policy_version, "given_at": _when(c.given_at),
                      "ip_address": c.ip_address, "withdrawn_at": _when(c.withdrawn_at)}
                     for c in user.consents.order_by("given_at", "pk")],
        "sessions": [{"browser": s.user_agent, "ip_address": s.ip_address, "signed_in": _when(s.created_at),
                      "last_seen": _when(s.last_seen), "expires": _when(s.expire_date)}
                     for s in user.sessions.order_by("created_at", "pk")],
        "api_tokens": [{"name": t.name, "scope": t.scope, "created_at": _when(t.created_at),
                        "expires_at": _when(t.expires_at), "revoked_at": _when(t.revoked_at)}
                       for t in user.api_tokens.order_by("created_at", "pk")],
    }


# Relations to the person that the sections above already give in full.
_IN_CORE_SECTIONS = {("accounts.consent", "user"), ("accounts.apitoken", "user"), ("accounts.usersession", "user")}
SUMMARY_LENGTH = 200


def relations_to_people() -> list[tuple[type[Model], str]]:
    """Every (model, field) of every installed app whose foreign key, one-to-one or many-to-many points at a
    person, in a stable order: what "every record that names you" is made of. An app added later is in it
    without registering anything."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    person = get_user_model()
    found = []
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label_lower):
        for field in model._meta.get_fields():
            if (field.concrete and field.is_relation and field.related_model is person
                    and (model._meta.label_lower, field.name) not in _IN_CORE_SECTIONS):
                found.append((model, field.name))
    return found


def _records_naming(user: User) -> list[dict[str, Any]]:
    """Every record of every app that names the person (as author, applicant, reviewer, decider, …): which
    record, in which role, and what it is; the apps' own sections give the details of what is theirs."""
    rows = []
    for model, field in relations_to_people():
        for record in model._default_manager.filter(**{field: user}).order_by("pk"):
            rows.append({"record": model._meta.label_lower, "id": str(record.pk), "as": field,
                         "summary": str(record)[:SUMMARY_LENGTH]})
    return rows


def export_personal_data(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about `user`, for them to download. Side effect: an audit entry."""
    data: dict[str, Any] = {"format": FORMAT, "exported_at": timezone.now().isoformat(), "account": _account(user)}
    data.update(_core_sections(user))
    data["records_naming_you"] = _records_naming(user)
    for name, section in sorted(SECTIONS.items()):
        data[name] = section.export(user)
    record_action(actor=user, action="account.data_exported", target=user, data={"sections": sorted(data)})
    return data


def pseudonym(user: User) -> str:
    return f"erased-{user.pk}"


def erase_account(*, user: User, password: str) -> str:
    """Erase the person's account at their request (their password confirms it): personal fields cleared,
    sign-in made impossible, sessions, tokens and authenticators removed, consents withdrawn, each app's
    section erased; records others need are kept under the pseudonym it returns. Refused for operators
    (their role is removed by another platform operator first). Side effects: audit entries before and after.
    """
    # the password check is a password oracle like the password page's: the same per-person count of guesses
    # (in the rate-limit cache, which a refused erasure's rollback cannot undo), for the page and the API
    ratelimit.hit("password_change", str(user.pk))
    if not user.check_password(password):
        raise ValidationError({"password": _("This is not your password.")})
    if user.is_platform_operator or user.operator_cities.exists():
        raise PermissionDenied(_("An operator's account can be erased once another platform operator has removed "
                                 "the role."))
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    name = pseudonym(user)
    with transaction.atomic():
        record_action(actor=user, action="account.erasure_requested", target=user, data={"pseudonym": name})
        for section in SECTIONS.values():
            if section.erase is not None:
                section.erase(user)
        now = timezone.now()
        user.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        user.consents.update(ip_address=None)
        user.api_tokens.all().delete()
        user.sessions.all().delete()
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        user.email = f"{name}@erased.invalid"
        user.mobile = None
        user.display_name = user.first_name = user.last_name = ""
        user.username = name
        user.email_confirmed_at = None
        user.is_active = False
        user.set_unusable_password()
        user.save()
        pseudonymise_target(target=user, pseudonym=name)  # the audit trail keeps the pseudonym, not the name
        record_action(actor=None, action="account.erased", target=user, data={"pseudonym": name})
    return name
