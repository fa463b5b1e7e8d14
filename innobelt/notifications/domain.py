"""Telling people what happened: the in-app inbox and e-mail, in their language."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from innobelt.notifications.links import language_neutral, localise
from innobelt.notifications.models import Notification

if TYPE_CHECKING:
    from innobelt.accounts.models import User  # layer: type only: the actor and recipient are the user model (AUTH_USER_MODEL)


def notify(
    recipients: Iterable[User | None],
    *,
    kind: str,
    subject: Callable[[], str],
    body: Callable[[], str],
    link: str = "",
    email: bool = True,
) -> list[Notification]:
    """Put a message in each recipient's inbox and e-mail it after the transaction commits.

    `subject` and `body` are callables so they are rendered in each recipient's
    own language. `link` is stored without its language prefix and opens in the
    reader's language (notifications/links.py). Side effects: Notification rows;
    one e-mail per recipient.
    """
    created = []
    link = language_neutral(link)
    for user in {u.pk: u for u in recipients if u is not None}.values():
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject_text, body_text = str(subject()), str(body())
        created.append(
            Notification.objects.create(recipient=user, kind=kind, subject=subject_text, body=body_text, link=link)
        )
        if email and user.email:
            # E-mail links are absolute, on the address people use (settings.SITE_URL), in the recipient's language.
            localised = localise(link, language)
            url = settings.SITE_URL.rstrip("/") + localised if localised.startswith("/") else localised
            transaction.on_commit(  # partial binds this recipient's values now (a typed lambda with defaults)
                partial(send_mail, subject_text, f"{body_text}\n\n{url}" if url else body_text, None, [user.email],
                        fail_silently=True)
            )
    return created


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some or all of a person's unread notifications as read."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())
