"""The conversations API: your organisations' threads, one thread, writing in it, starting one.

Endpoints only translate: a thread the caller may not read is 404 (whether it exists is not told).
Attachments are files uploaded first through `POST /api/v1/files` for the writer's organisation.
"""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from innobelt.conversations import domain, queries
from innobelt.conversations.models import Message, Thread
from innobelt.files.models import StoredFile
from innobelt.kit.api_auth import SIGNED_IN
from innobelt.kit.api_errors import InputSchema, errors
from innobelt.organisations.models import Organisation
from innobelt.organisations.queries import my_organisations
from innobelt.permissions import can

router = Router(tags=["conversations"])


class OrganisationRef(Schema):
    id: int
    slug: str
    name: str


class SubjectOut(Schema):
    app: str
    model: str
    id: str
    title: str


class ThreadOut(Schema):
    id: int
    starter: OrganisationRef
    recipient: OrganisationRef
    subject: SubjectOut | None
    created_at: datetime
    last_message_at: datetime | None
    unread: int = 0
    url: str


class AttachmentOut(Schema):
    id: UUID
    original_name: str
    content_type: str
    size: int
    url: str


class MessageOut(Schema):
    id: int
    author: str
    author_organisation: OrganisationRef
    body: str
    attachment: AttachmentOut | None
    created_at: datetime


class ThreadDetailOut(ThreadOut):
    messages: list[MessageOut]


class MessageIn(InputSchema):
    body: str = Field("", max_length=domain.MAX_BODY)
    attachment: UUID | None = None


class StartIn(InputSchema):
    about: str = Field(..., max_length=80, pattern=r"^[a-z_]+:[\w-]+$",
                       description="What to contact about, as `kind:id`: `organisation:12`, `resource:5`.")
    organisation: str | None = Field(None, max_length=80, description="Slug of the organisation you write for (default: your first).")
    body: str = Field("", max_length=domain.MAX_BODY)
    attachment: UUID | None = None


def _org(org: Organisation) -> dict:
    return {"id": org.pk, "slug": org.slug, "name": org.name}


def thread_out(thread: Thread) -> dict:
    subject = None
    if thread.subject_app:
        subject = {"app": thread.subject_app, "model": thread.subject_model, "id": thread.subject_pk, "title": thread.subject_title}
    return {"id": thread.pk, "starter": _org(thread.starter), "recipient": _org(thread.recipient), "subject": subject,
            "created_at": thread.created_at, "last_message_at": thread.last_message_at, "unread": getattr(thread, "unread", 0),
            "url": thread.get_absolute_url()}


def message_out(message: Message) -> dict:
    attachment = None
    stored = message.attachment
    if stored is not None:
        attachment = {"id": stored.pk, "original_name": stored.original_name, "content_type": stored.content_type, "size": stored.size,
                      "url": reverse("conversations:attachment", kwargs={"thread_id": message.thread_id, "message_id": message.pk})}
    return {"id": message.pk, "author": str(message.author) if message.author else "", "body": message.body,
            "author_organisation": _org(message.author_organisation), "attachment": attachment, "created_at": message.created_at}


def _attachment(request, file_id: UUID | None) -> StoredFile | None:
    if file_id is None:
        return None
    stored = StoredFile.objects.filter(pk=file_id).first()
    if stored is None or not can(request.auth, "files.view_storedfile", stored):
        raise ValidationError({"attachment": _("Unknown file.")})
    return stored


@router.get("/conversations", response={200: list[ThreadOut], **errors()}, auth=SIGNED_IN)
def list_threads(request):
    """Your organisations' threads, those with unread messages first (`unread`: messages of others you have not read)."""
    return [thread_out(t) for t in queries.threads_for(request.auth)[:200]]


@router.get("/conversations/{thread_id}", response={200: ThreadDetailOut, **errors(404)}, auth=SIGNED_IN)
def get_thread(request, thread_id: int):
    """One thread with its messages, oldest first; reading it marks it read for you up to the last message
    answered (one written meanwhile stays unread)."""
    found = queries.thread_or_404(request.auth, thread_id)
    shown = list(queries.messages_of(found))
    domain.mark_read(actor=request.auth, thread=found, up_to=shown[-1] if shown else None)
    return {**thread_out(found), "unread": 0, "messages": [message_out(m) for m in shown]}


@router.post("/conversations/{thread_id}/messages", response={201: MessageOut, **errors(400, 404)}, auth=SIGNED_IN)
def post_message(request, thread_id: int, payload: MessageIn):
    found = queries.thread_or_404(request.auth, thread_id)
    message = domain.post_message(actor=request.auth, thread=found, body=payload.body, attachment=_attachment(request, payload.attachment))
    return Status(201, message_out(message))


@router.post("/conversations", response={200: ThreadOut, 201: ThreadOut, **errors(400, 404)}, auth=SIGNED_IN)
def start_thread(request, payload: StartIn):
    """"Contact": start a thread with whoever `about` belongs to (201), or get the open one (200)."""
    from_org = None
    if payload.organisation:
        from_org = my_organisations(request.auth).filter(slug=payload.organisation).first()
        if from_org is None:
            raise ValidationError({"organisation": _("You are not a member of this organisation.")})
    try:
        found, created = domain.contact(actor=request.auth, about=payload.about, from_org=from_org, body=payload.body,
                                        attachment=_attachment(request, payload.attachment))
    except domain.NotFound:
        raise Http404 from None
    return Status(201 if created else 200, thread_out(found))
