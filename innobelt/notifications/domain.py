"""Telling people what happened: the in-app inbox and e-mail, in their language."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from innobelt.kit import kept
from innobelt.kit.language_paths import language_neutral
from innobelt.notifications.kinds import BY_CODE, SECURITY_KINDS
from innobelt.notifications.links import localise
from innobelt.notifications.models import Notification, NotificationPreference

if TYPE_CHECKING:
    from innobelt.accounts.models import User  # layer: type only: the actor and recipient are the user model (AUTH_USER_MODEL)

logger = logging.getLogger(__name__)


def notify(
    recipients: Iterable[User | None],
    *,
    kind: str,
    subject: Callable[[], str],
    body: Callable[[], str],
    link: str = "",
    email: bool = True,
) -> list[Notification]:
    """Put a message in each recipient's inbox and e-mail it after the transaction commits, as each
    recipient chose for this kind (NotificationPreference): in the inbox or not; by e-mail at once, in the
    daily digest (the inbox row waits for send_daily_digests) or not at all. Security kinds
    (kinds.SECURITY_KINDS) ignore the preferences. `email=False` means this kind is never e-mailed.

    `subject` and `body` are callables so they are rendered in each recipient's
    own language. `link` is stored without its language prefix and opens in the
    reader's language (notifications/links.py). Side effects: Notification rows;
    one e-mail per recipient who wants it at once.
    """
    created = []
    link = language_neutral(link)
    people = {u.pk: u for u in recipients if u is not None}
    chosen = {} if kind in SECURITY_KINDS or not people else {
        p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=list(people), kind=kind)}
    for user in people.values():
        preference = chosen.get(user.pk)
        in_app = preference is None or preference.in_app
        email_mode = NotificationPreference.Email.IMMEDIATELY if preference is None else preference.email
        send_now = email and bool(user.email) and email_mode == NotificationPreference.Email.IMMEDIATELY
        if not in_app and not send_now:
            continue
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject_text, body_text = str(subject()), str(body())
        if in_app:
            created.append(Notification.objects.create(
                recipient=user, kind=kind, subject=subject_text, body=body_text, link=link,
                digest_pending=email and email_mode == NotificationPreference.Email.DAILY))
        if send_now:
            transaction.on_commit(  # partial binds this recipient's values now (a typed lambda with defaults)
                partial(send_mail, subject_text, _with_link(body_text, link, language), None, [user.email],
                        fail_silently=True)
            )
    return created


def _with_link(body: str, link: str, language: str) -> str:
    """An e-mail's text: the body, then the link absolute on the address people use (settings.SITE_URL), in
    the recipient's language."""
    localised = localise(link, language)
    url = settings.SITE_URL.rstrip("/") + localised if localised.startswith("/") else localised
    return f"{body}\n\n{url}" if url else body


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some or all of a person's unread notifications as read."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    marked = unread.update(read_at=timezone.now())
    if marked:
        kept.rows_changed("notifications")  # update() sends no signal: the kept unread counts are left behind here
    return marked


def preferences_of(user: User) -> dict[str, NotificationPreference]:
    """The person's choice for every kind of the catalogue (unsaved defaults where they chose nothing)."""
    saved = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    return {code: saved.get(code) or NotificationPreference(user=user, kind=code) for code in BY_CODE}


def set_notification_preferences(*, user: User, choices: dict[str, tuple[bool, str]]) -> int:
    """Save how the person wants each kind: {kind: (in the inbox, e-mail "now" | "daily" | "off")}.

    Kinds left out keep their choice. Security kinds cannot be changed; a daily digest gathers the inbox, so
    it needs the inbox. Raises ValidationError (nothing saved) for an unknown or security kind, an unknown
    e-mail choice or a digest without the inbox. A choice equal to the default (inbox, e-mail at once) keeps no
    row. Returns how many kinds changed.
    """
    errors = []
    for code, (in_app, email_mode) in choices.items():
        if code not in BY_CODE or code in SECURITY_KINDS:
            errors.append(ValidationError(_("This kind of notification cannot be changed: %(kind)s") % {"kind": code}))
        elif email_mode not in NotificationPreference.Email.values:
            errors.append(ValidationError(_("Choose how to be e-mailed.")))
        elif email_mode == NotificationPreference.Email.DAILY and not in_app:
            errors.append(ValidationError(_("The daily digest gathers your unread messages: keep “%(kind)s” in the "
                                            "inbox to have it in the digest.") % {"kind": BY_CODE[code].label}))
    if errors:
        raise ValidationError(errors)
    current = preferences_of(user)
    changed = 0
    with transaction.atomic():
        for code, (in_app, email_mode) in choices.items():
            before = current[code]
            if (before.in_app, before.email) == (in_app, email_mode):
                continue
            changed += 1
            if in_app and email_mode == NotificationPreference.Email.IMMEDIATELY:
                NotificationPreference.objects.filter(user=user, kind=code).delete()
            else:
                NotificationPreference.objects.update_or_create(user=user, kind=code,
                                                                defaults={"in_app": in_app, "email": email_mode})
    return changed


DIGEST_SHOWN = 50  # notifications listed in one digest e-mail; the rest are counted


def send_daily_digests() -> int:
    """E-mail each person one digest of their unread notifications that wait for it (the kinds they chose
    "daily digest" for), in their language; those read meanwhile are left out. Every waiting notification
    is then no longer waiting, so a digest never repeats one. Run once a day (task_send_daily_digests,
    `manage.py send_notification_digests` from cron). Returns how many e-mails were sent.

    The e-mail is sent inside the person's transaction, under the lock on their waiting rows: when sending
    fails (the mail server refuses or is down) the transaction rolls back, so their notifications still
    wait for the next run, and the failure is logged; the other people's digests go on. (Should the commit
    itself fail after a sent e-mail, the next run sends it again: at least once, never lost.)
    """
    sent = 0
    waiting_for = Notification.objects.filter(digest_pending=True).values("recipient_id")
    for user in get_user_model().objects.filter(pk__in=waiting_for).order_by("pk"):
        try:
            sent += _send_digest_to(user)
        except Exception:  # any failure of one person's e-mail: logged, retried next run
            logger.exception("The daily digest to user %s was not sent; their notifications wait for the next run",
                             user.pk)
    return sent


def _send_digest_to(user: User) -> int:
    """One person's digest: 1 when an e-mail was sent, 0 when nothing was left to send. Raises (and changes
    nothing) when sending fails."""
    with transaction.atomic():
        waiting = list(Notification.objects.select_for_update().filter(recipient=user, digest_pending=True)
                       .order_by("created_at", "pk"))
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(digest_pending=False)
        unread = [n for n in waiting if n.read_at is None]
        if not unread or not user.is_active or not user.email:
            return 0
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = _("innobelt: %(count)d unread notifications") % {"count": len(unread)}
            lines = [_("What innobelt told you since your last digest, not read yet:"), ""]
            for n in unread[:DIGEST_SHOWN]:
                lines.append(f"- {n.subject}")
                if n.link:
                    lines.append(f"  {_with_link('', n.link, language).strip()}")
            if len(unread) > DIGEST_SHOWN:
                lines.append(_("… and %(count)d more.") % {"count": len(unread) - DIGEST_SHOWN})
            lines += ["", _("Your inbox:")]
            text = _with_link("\n".join(lines), reverse("notifications:inbox"), language)
        send_mail(subject, text, None, [user.email], fail_silently=False)  # raises: the rows stay waiting
        return 1
