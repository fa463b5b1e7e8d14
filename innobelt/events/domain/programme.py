"""Creating and publishing events, and their programme: rooms, speakers, sessions, questions."""

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.events.domain.registration import fill_from_waitlist
from innobelt.events.models import Event, Question, Room, Session, Speaker
from innobelt.kit.local_time import aware
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.belt.models import City
    from innobelt.organisations.models import Organisation

EVENT_FIELDS = {
    "kind", "title_zh", "title_en", "description", "description_language", "venue_zh", "venue_en", "address", "mode",
    "online_url", "starts_at", "ends_at", "registration_closes_at", "capacity", "requires_approval",
}
TIME_FIELDS = {"starts_at", "ends_at", "registration_closes_at"}


def _check_event(event: Event) -> None:
    problems: dict[str, str] = {}
    if not (event.title_zh.strip() or event.title_en.strip()):
        problems["title_zh"] = _("Give the event a title in Chinese or English.")
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        problems["ends_at"] = _("The end must be after the start.")
    if event.mode in (Event.Mode.ONLINE, Event.Mode.HYBRID) and not event.online_url:
        problems["online_url"] = _("An online or hybrid event needs its online link.")
    if event.capacity == 0:
        problems["capacity"] = _("Leave the places empty for no limit, or give at least one.")
    if problems:
        raise ValidationError(problems)
    event.full_clean(exclude=["created_by"])


@transaction.atomic
def create_event(*, actor: "User", city: "City | None" = None, organiser: "Organisation | None" = None, publish: bool = False,
                 **fields: Any) -> Event:
    """Create an event (a draft unless publish) organised by an organisation or, without one, by operators.

    The city defaults to the organiser's. Org admins organise for their organisation;
    platform and district operators for their cities. Side effects: audit entry.
    """
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise ValueError(f"unknown event fields: {sorted(unknown)}")
    city = city or (organiser.city if organiser is not None else None)
    if city is None:
        raise ValidationError({"city": _("Choose the city or district where the event takes place.")})
    fields = {k: aware(v) if k in TIME_FIELDS else v for k, v in fields.items()}
    event = Event(city=city, organiser=organiser, created_by=actor, **fields)
    require(actor, "events.change_event", event)
    _check_event(event)
    event.save()
    record_action(actor=actor, action="event.created", target=event, data={"kind": event.kind})
    if publish:
        publish_event(actor=actor, event=event)
    return event


@transaction.atomic
def update_event(*, actor: "User", event: Event, changes: dict[str, Any]) -> Event:
    """Change an event. More places (or no limit) move people up from the waiting list.

    Raises ValidationError (nothing saved) on bad values. Side effects: audit entry; promotions.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(actor, "events.change_event", event)
    unknown = set(changes) - EVENT_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in sorted(unknown)})
    changed = sorted(name for name, value in changes.items() if getattr(event, name) != value)
    for name, value in changes.items():
        setattr(event, name, aware(value) if name in TIME_FIELDS else value)
    _check_event(event)
    event.save()
    record_action(actor=actor, action="event.updated", target=event, data={"fields": changed})
    if "capacity" in changed:
        fill_from_waitlist(event=event, actor=actor)
    return event


@transaction.atomic
def publish_event(*, actor: "User", event: Event) -> Event:
    """Publish a draft: everyone sees it and may register. Side effects: audit entry."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(actor, "events.change_event", event)
    if event.is_published:
        raise ValidationError(_("This event is already published."))
    event.status, event.published_at = Event.Status.PUBLISHED, timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    record_action(actor=actor, action="event.published", target=event)
    return event


def _bilingual(data: dict[str, str], first: str, message: str) -> None:
    if not (data.get(f"{first}_zh", "").strip() or data.get(f"{first}_en", "").strip()):
        raise ValidationError({f"{first}_zh": message})


@transaction.atomic
def add_room(*, actor: "User", event: Event, name_zh: str = "", name_en: str = "", capacity: int | None = None) -> Room:
    require(actor, "events.change_event", event)
    _bilingual({"name_zh": name_zh, "name_en": name_en}, "name", _("Give the room a name in Chinese or English."))
    room = Room.objects.create(event=event, name_zh=name_zh, name_en=name_en, capacity=capacity or None)
    record_action(actor=actor, action="event.room_added", target=event, data={"room": room.pk})
    return room


@transaction.atomic
def add_speaker(*, actor: "User", event: Event, name_zh: str = "", name_en: str = "", affiliation_zh: str = "", affiliation_en: str = "",
                bio: str = "", bio_language: str = "zh") -> Speaker:
    require(actor, "events.change_event", event)
    _bilingual({"name_zh": name_zh, "name_en": name_en}, "name", _("Give the speaker's name in Chinese or English."))
    speaker = Speaker.objects.create(event=event, name_zh=name_zh, name_en=name_en, affiliation_zh=affiliation_zh,
                                     affiliation_en=affiliation_en, bio=bio, bio_language=bio_language)
    record_action(actor=actor, action="event.speaker_added", target=event, data={"speaker": speaker.pk})
    return speaker


@transaction.atomic
def add_session(*, actor: "User", event: Event, starts_at: datetime, ends_at: datetime, title_zh: str = "", title_en: str = "", description: str = "",
                description_language: str = "zh", room: Room | None = None, speakers: Iterable[Speaker] = ()) -> Session:
    """Add an agenda item within the event's time, in one of its rooms, with its speakers."""
    require(actor, "events.change_event", event)
    starts_at, ends_at = aware(starts_at), aware(ends_at)
    _bilingual({"title_zh": title_zh, "title_en": title_en}, "title", _("Give the session a title in Chinese or English."))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise ValidationError({"starts_at": _("A session must take place within the event's time.")})
    if room is not None and room.event_id != event.pk:
        raise ValidationError({"room": _("This room does not belong to the event.")})
    speaker_list = list(speakers)
    if any(s.event_id != event.pk for s in speaker_list):
        raise ValidationError({"speakers": _("These speakers do not belong to the event.")})
    session = Session.objects.create(event=event, title_zh=title_zh, title_en=title_en, description=description,
                                     description_language=description_language, starts_at=starts_at, ends_at=ends_at, room=room)
    session.speakers.set(speaker_list)
    record_action(actor=actor, action="event.session_added", target=event, data={"session": session.pk})
    return session


def clean_options(options: Iterable[str | dict[str, Any]] | None) -> list[dict[str, str]]:
    """Options as [{"zh", "en"}]; a plain string stands for both languages."""
    cleaned: list[dict[str, str]] = []
    for option in options or ():
        if isinstance(option, str):
            option = {"zh": option, "en": option}
        zh, en = str(option.get("zh", "")).strip(), str(option.get("en", "")).strip()
        if zh or en:
            cleaned.append({"zh": zh or en, "en": en or zh})
    return cleaned


@transaction.atomic
def add_question(*, actor: "User", event: Event, label_zh: str = "", label_en: str = "", kind: str = Question.Kind.TEXT,
                 options: Iterable[str | dict[str, Any]] = (), required: bool = False) -> Question:
    """Ask everyone who registers from now on: a short text or one of two or more options."""
    require(actor, "events.change_event", event)
    _bilingual({"label_zh": label_zh, "label_en": label_en}, "label", _("Write the question in Chinese or English."))
    cleaned = clean_options(options) if kind == Question.Kind.CHOICE else []
    if kind == Question.Kind.CHOICE and len(cleaned) < 2:
        raise ValidationError({"options": _("A choice needs at least two options.")})
    position = (event.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    question = Question.objects.create(event=event, label_zh=label_zh, label_en=label_en, kind=kind, options=cleaned,
                                       required=required, position=position)
    record_action(actor=actor, action="event.question_added", target=event, data={"question": question.pk})
    return question


def _remove(*, actor: "User", item: Room | Speaker | Session | Question, part: str) -> None:
    require(actor, "events.change_event", item.event)
    record_action(actor=actor, action=f"event.{part}_removed", target=item.event, data={part: item.pk, "was": str(item)})
    item.delete()


@transaction.atomic
def remove_room(*, actor: "User", room: Room) -> None:
    """Remove a room; its sessions keep their time and have no room."""
    _remove(actor=actor, item=room, part="room")


@transaction.atomic
def remove_speaker(*, actor: "User", speaker: Speaker) -> None:
    _remove(actor=actor, item=speaker, part="speaker")


@transaction.atomic
def remove_session(*, actor: "User", session: Session) -> None:
    _remove(actor=actor, item=session, part="session")


@transaction.atomic
def remove_question(*, actor: "User", question: Question) -> None:
    """Remove a question nobody has answered yet (answers are kept once given)."""
    require(actor, "events.change_event", question.event)
    if question.answers.exists():
        raise ValidationError(_("People have already answered this question; it cannot be removed."))
    _remove(actor=actor, item=question, part="question")
