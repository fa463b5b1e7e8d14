"""Messages an event's managers write to its registrants: everyone, or a group (a status, or those checked in).

The organiser writes one subject and one text; each person gets it as written, in their inbox and by
e-mail (`notify`), with one line under it in the person's own language saying which event it is about
and why they get it. People who cancelled or were declined are not written to.

At most `MESSAGES_PER_DAY` messages per event in 24 hours, counted under the event's row lock, so two
managers sending at once cannot pass the cap. The message and its recipients are recorded at once
(`EventMessage`, audited); the notifications and e-mails go out in the background
(`task_deliver_event_message`, in-process on the embedded default), once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innobelt.audit.domain import record_action
from innobelt.events.models import Event, EventMessage, Registration
from innobelt.notifications.domain import notify
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User

MESSAGES_PER_DAY = 3
WINDOW = timedelta(hours=24)
SUBJECT_MAX, BODY_MAX = 150, 5000
Audience = EventMessage.Audience
Status = Registration.Status


def audience_registrations(event: Event, audience: str) -> QuerySet[Registration]:
    """The registrations a message to `audience` goes to."""
    qs = event.registrations.all()
    if audience == Audience.ACTIVE:
        return qs.filter(status__in=Registration.ACTIVE)
    if audience == Audience.CHECKED_IN:
        return qs.filter(status=Status.CONFIRMED, checked_in_at__isnull=False)
    if audience in (Audience.CONFIRMED, Audience.WAITLISTED, Audience.PENDING):
        return qs.filter(status=audience)
    raise ValidationError({"audience": _("Choose who the message is for.")})


def audience_sizes(event: Event) -> dict[str, int]:
    """How many people each audience holds (for the form's choices)."""
    return {audience: audience_registrations(event, audience).values("user").distinct().count() for audience in Audience.values}


def sent_recently(event: Event, *, now: datetime | None = None) -> int:
    """Messages of the event in the last 24 hours (the cap counts these)."""
    now = now or timezone.now()
    return EventMessage.objects.filter(event=event, created_at__gt=now - WINDOW).count()


def messages_left(event: Event, *, now: datetime | None = None) -> int:
    return max(MESSAGES_PER_DAY - sent_recently(event, now=now), 0)


def _clean(subject: str, body: str) -> tuple[str, str]:
    subject = " ".join(subject.split())  # one line: an e-mail subject holds no line breaks
    body = body.replace("\r\n", "\n").strip()
    problems = {}
    if not subject:
        problems["subject"] = _("Write a subject.")
    elif len(subject) > SUBJECT_MAX:
        problems["subject"] = _("At most %(n)d characters.") % {"n": SUBJECT_MAX}
    if not body:
        problems["body"] = _("Write the message.")
    elif len(body) > BODY_MAX:
        problems["body"] = _("At most %(n)d characters.") % {"n": BODY_MAX}
    if problems:
        raise ValidationError(problems)
    return subject, body


@transaction.atomic
def message_registrants(*, actor: User, event: Event, audience: str, subject: str, body: str,
                        now: datetime | None = None) -> EventMessage:
    """Write to the event's registrants (an audience of `EventMessage.Audience`), for a manager of the event.

    Refused (PermissionDenied) for anyone else; ValidationError (nothing written) for an empty or too long
    subject or text, an audience with nobody in it, or when the event's messages of the last 24 hours
    reached `MESSAGES_PER_DAY`. Side effects: an EventMessage, an audit entry; after the commit the
    background delivery (a notification and an e-mail to each recipient).
    """
    from innobelt.events.tasks import task_deliver_event_message  # the domain queues its tasks (the reverse is lazy)

    event = Event.objects.select_for_update().get(pk=event.pk)  # the cap is counted under the event's row lock
    require(actor, "events.message_registrants", event)
    now = now or timezone.now()
    subject, body = _clean(subject, body)
    recipient_ids = sorted(set(audience_registrations(event, audience).values_list("user_id", flat=True)))
    if not recipient_ids:
        raise ValidationError({"audience": _("Nobody is in this group yet.")})
    if sent_recently(event, now=now) >= MESSAGES_PER_DAY:
        raise ValidationError(ngettext(
            "This event's registrants were already written to %(n)d time in the last 24 hours, the most allowed. Try again later.",
            "This event's registrants were already written to %(n)d times in the last 24 hours, the most allowed. Try again later.",
            MESSAGES_PER_DAY) % {"n": MESSAGES_PER_DAY})
    message = EventMessage.objects.create(event=event, sent_by=actor, audience=audience, subject=subject, body=body,
                                          recipient_ids=recipient_ids, recipient_count=len(recipient_ids), created_at=now)
    record_action(actor=actor, action="event.registrants_messaged", target=event,
                  data={"message": message.pk, "audience": audience, "recipients": len(recipient_ids), "subject": subject})
    transaction.on_commit(lambda: task_deliver_event_message.delay(message.pk))
    return message


def deliver_event_message(*, message_id: int, now: datetime | None = None) -> int:
    """Send a recorded message to its recipients, once (a second call sends nothing). Returns how many got it.

    Side effects: a notification to each recipient still registered (not cancelled or declined since); the
    e-mails after the commit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        if not EventMessage.objects.filter(pk=message_id, delivered_at__isnull=True).update(delivered_at=now):
            return 0  # delivered already (or gone)
        message = EventMessage.objects.select_related("event").get(pk=message_id)
        event = message.event
        still_registered = (Registration.objects.filter(event=event, user_id__in=message.recipient_ids, status__in=Registration.ACTIVE)
                            .select_related("user").order_by("user_id"))
        recipients = list({r.user_id: r.user for r in still_registered}.values())
        subject, text = message.subject, message.body

        def body() -> str:  # rendered in each recipient's language: the text as written, then why they get it
            why = _("The organiser of %(event)s sent this to the people registered for it.") % {"event": event.title}
            return f"{text}\n\n—\n{why}"

        notify(recipients, kind="events.organiser_message", subject=lambda: subject, body=body, link=event.get_absolute_url())
    return len(recipients)
