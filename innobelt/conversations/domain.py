"""Conversations between organisations: starting a thread, writing in it, reading it.

Each function checks a rule of conversations/rules.py, writes, records the audit trail and tells
the other organisation's active members (in their language). Only the two organisations' active
members may read or write a thread; to anyone else it does not exist (Http404 from the callers).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.conversations.models import Message, ReadMarker, Thread
from innobelt.conversations.subjects import resolve
from innobelt.files.domain import remove_bytes, save_upload
from innobelt.files.models import StoredFile
from innobelt.files.sniffing import sniff
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.queries import my_organisations
from innobelt.permissions import can, require

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from innobelt.accounts.models import User

MAX_BODY = 5000


class NotFound(Exception):
    """The thing asked about does not exist or the person may not see it (answer 404)."""


def _clean_body(body: str, *, required: bool) -> str:
    body = (body or "").strip()
    if required and not body:
        raise ValidationError({"body": _("Write a message.")})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": _("A message has at most %(n)d characters.") % {"n": MAX_BODY}})
    return body


def start_thread(*, actor: User, from_org: Organisation, to_org: Organisation, subject: Model | None = None,
                 subject_title: str = "", body: str = "", attachment: StoredFile | None = None) -> tuple[Thread, bool]:
    """Open a thread from `from_org` to `to_org` about `subject` (or about nothing in particular), or reuse
    the open one the two organisations already have about it (either of them may have started it).

    With a `body` the first message is posted (`post_message`: the other organisation is told).
    Returns (thread, created). Side effects: a Thread row and an audit entry when created.
    """
    require(actor, "conversations.start_thread", from_org)
    if from_org.pk == to_org.pk:
        raise ValidationError({"organisation": _("You cannot start a conversation with your own organisation.")})
    body = _clean_body(body, required=False)
    reference = {"subject_app": "", "subject_model": "", "subject_pk": ""}
    if subject is not None:
        reference = {"subject_app": subject._meta.app_label, "subject_model": subject._meta.model_name or "",
                      "subject_pk": str(subject.pk)}
    pair = Q(starter=from_org, recipient=to_org) | Q(starter=to_org, recipient=from_org)
    open_threads = Thread.objects.filter(pair, closed_at__isnull=True, **reference).order_by("created_at")
    with transaction.atomic():
        # One open thread per pair and subject is a (partial) unique constraint ("one_open_thread_per_pair"):
        # two people starting the same thread at once both try to create it; the second one's insert fails
        # inside its savepoint and it takes the thread the first one made.
        thread = open_threads.first()
        created = False
        if thread is None:
            title = subject_title or (str(subject) if subject is not None else "")
            try:
                with transaction.atomic():
                    thread = Thread.objects.create(starter=from_org, recipient=to_org, started_by=actor,
                                                   subject_title=title[:300], **reference)
                created = True
            except IntegrityError:
                thread = open_threads.first()
                if thread is None:  # not the constraint of a concurrent start: a real error
                    raise
        if created:
            record_action(actor=actor, action="conversation.started", target=thread,
                          data={"from": from_org.pk, "to": to_org.pk, **reference})
        if body:
            post_message(actor=actor, thread=thread, body=body, attachment=attachment, as_org=from_org)
    return thread, created


def contact(*, actor: User, about: str, from_org: Organisation | None = None, body: str = "",
            attachment: StoredFile | None = None) -> tuple[Thread, bool]:
    """"Contact": start (or open) a thread with whoever `about` (`kind:pk`, e.g. `resource:5` or
    `organisation:12`) belongs to, about it. Raises NotFound when the person may not see it,
    ValidationError when they have no organisation to write for or it is their own."""
    subject = resolve(actor, about)
    if subject is None:
        raise NotFound(about)
    if from_org is None:
        mine = my_organisations(actor)  # a person writes for the first (their admin organisation first)
        from_org = mine.exclude(pk=subject.organisation.pk).first()
        if from_org is None:
            if mine.exists():
                raise ValidationError({"organisation": _("You cannot start a conversation with your own organisation.")})
            raise ValidationError({"organisation": _("Join or register an organisation to contact others.")})
    return start_thread(actor=actor, from_org=from_org, to_org=subject.organisation, subject=subject.record,
                        subject_title=subject.title, body=body, attachment=attachment)


def _author_organisation(actor: User, thread: Thread, as_org: Organisation | None) -> Organisation:
    parties = [thread.starter, thread.recipient]
    if as_org is not None and as_org.pk in (thread.starter_id, thread.recipient_id) and can(actor, "conversations.start_thread", as_org):
        return as_org
    mine = set(my_organisations(actor).filter(pk__in=[o.pk for o in parties]).values_list("pk", flat=True))
    for org in parties:
        if org.pk in mine:
            return org
    raise PermissionDenied(_("You are not allowed to do this."))


def _kind_of(upload: UploadedFile) -> str:
    head = upload.read(64)
    upload.seek(0)
    content_type = sniff(head) or ""
    return StoredFile.Kind.PHOTO if content_type.startswith("image/") else StoredFile.Kind.DOCUMENT


def post_message(*, actor: User, thread: Thread, body: str, attachment: StoredFile | None = None,
                 upload: UploadedFile | None = None, as_org: Organisation | None = None) -> Message:
    """Write in a thread for one of its organisations (the person's own).

    An attachment must be a file of that organisation (uploaded through /api/v1/files), or an
    `upload` (a PDF or a photo, checked by files.domain.save_upload and kept as the organisation's,
    private). Side effects: the stored file, a Message row, the thread's last_message_at, the writer's
    read marker, an audit entry, a notification to each active member of the other organisation.
    """
    require(actor, "conversations.post_message", thread)
    body = _clean_body(body, required=attachment is None and upload is None)
    author_org = _author_organisation(actor, thread, as_org)
    if attachment is not None and attachment.organisation_id != author_org.pk:
        raise ValidationError({"attachment": _("Attach a file of your own organisation.")})
    other = thread.other_party(author_org.pk)
    stored_here: list[StoredFile] = []
    try:
        with transaction.atomic():
            # The thread's row is locked while a message is written, and its time taken under the lock: messages
            # of one thread commit in the order of their created_at, so "read up to the last message shown"
            # (mark_read) can never cover a message that was not yet there when the reader's page was read.
            Thread.objects.select_for_update().filter(pk=thread.pk).values_list("pk").first()
            now = timezone.now()
            if upload is not None:
                attachment = save_upload(actor=actor, organisation=author_org, kind=_kind_of(upload), upload=upload)
                stored_here.append(attachment)
            message = Message.objects.create(thread=thread, author=actor, author_organisation=author_org, body=body,
                                             attachment=attachment, created_at=now)
            Thread.objects.filter(pk=thread.pk).update(last_message_at=Greatest(Coalesce("last_message_at", now), now))
            thread.last_message_at = now
            _move_marker(thread=thread, user=actor, to=now)
            record_action(actor=actor, action="conversation.message_posted", target=thread,
                          data={"message": message.pk, "organisation": author_org.pk, "attachment": str(attachment.pk) if attachment else ""})
            members = [m.user for m in Membership.objects.filter(organisation=other, user__is_active=True).exclude(user=actor)
                       .select_related("user")]
            excerpt = body if len(body) <= 300 else body[:300] + "…"
            notify(members, kind="conversation.message",
                   subject=lambda: _("New message from %(org)s") % {"org": author_org.name},
                   body=lambda: (_("About: %(title)s") % {"title": thread.subject_title} + "\n\n" if thread.subject_title else "") + excerpt,
                   link=thread.get_absolute_url())  # notify() stores it without the writer's language prefix
    except BaseException:
        # The rows rolled back; the bytes of a file stored for this message would stay in storage with nothing
        # pointing at them (on_commit cannot help: it never runs on a rollback).
        for stored in stored_here:
            remove_bytes(stored)
        raise
    return message


def _move_marker(*, thread: Thread, user: User, to: datetime) -> None:
    """Move the person's read marker forward to `to`; never back (an older page opened later reads nothing)."""
    if not ReadMarker.objects.filter(thread=thread, user=user).update(last_read_at=Greatest("last_read_at", Value(to))):
        marker, created = ReadMarker.objects.get_or_create(thread=thread, user=user, defaults={"last_read_at": to})
        if not created:  # made meanwhile by the person's other page
            ReadMarker.objects.filter(pk=marker.pk).update(last_read_at=Greatest("last_read_at", Value(to)))


def mark_read(*, actor: User, thread: Thread, up_to: Message | None) -> None:
    """Note that `actor` has read `thread` up to `up_to`, the last message they were shown (None: nothing shown,
    nothing read). Not "up to now": a message written while their page was made is still unread. The marker
    never moves back. Side effects: the person's read marker (no audit entry: reading is not a change anyone
    needs to trace, and it would write one per page view)."""
    require(actor, "conversations.view_thread", thread)
    if up_to is None:
        return
    if up_to.thread_id != thread.pk:
        raise ValidationError({"up_to": _("This message is not in this conversation.")})
    _move_marker(thread=thread, user=actor, to=up_to.created_at)
