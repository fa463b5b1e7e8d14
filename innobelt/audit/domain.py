"""The one entry point for writing the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db import models

from innobelt.audit.context import current_origin
from innobelt.audit.models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    from innobelt.accounts.models import User  # layer: type only: the actor and recipient are the user model (AUTH_USER_MODEL)


def record_action(*, actor: AbstractBaseUser | AnonymousUser | None, action: str, target: models.Model | None = None,
                  data: dict[str, Any] | None = None) -> AuditEntry:
    """Record that `actor` did `action` to `target`.

    Side effects: writes one AuditEntry with the current request's IP and id.
    """
    origin = current_origin.get()
    return AuditEntry.objects.create(
        actor=cast("User | None", actor if getattr(actor, "pk", None) else None),  # a saved User, or nobody
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data or {},
        ip_address=origin.ip_address,
        request_id=origin.request_id,
    )


def pseudonymise_target(*, target: models.Model, pseudonym: str) -> int:
    """PIPL erasure: entries about `target` keep their actions and times but name it by `pseudonym` (the name
    or e-mail address recorded at the time is replaced). The number of entries changed."""
    return AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).update(
        target_repr=pseudonym[:255])
