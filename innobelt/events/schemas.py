"""Request and response shapes of the events API (bodies derive from InputSchema)."""

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from django.urls import reverse
from ninja import Field, Schema

from innobelt.events.models import Event, Pitch, Question, Registration
from innobelt.kit.api_errors import InputSchema
from innobelt.kit.schema_types import DateTimeIn

if TYPE_CHECKING:  # built at run time from the models' choices, which mypy cannot evaluate
    EventKind = str
    EventMode = str
    QuestionKind = str
    PitchStage = str
else:
    EventKind = Literal[tuple(Event.Kind.values)]
    EventMode = Literal[tuple(Event.Mode.values)]
    QuestionKind = Literal[tuple(Question.Kind.values)]
    PitchStage = Literal[tuple(Pitch.Stage.values)]
TextLanguage = Literal["zh", "en"]


class Input(InputSchema):
    """Base of the events app's request bodies; dates and times are `kit.schema_types.DateTimeIn` (2000–2100)."""


# events and their programme ------------------------------------------------------------------

class RoomOut(Schema):
    id: int
    name: str
    name_zh: str
    name_en: str
    capacity: int | None


class SpeakerOut(Schema):
    id: int
    name: str
    name_zh: str
    name_en: str
    affiliation_zh: str
    affiliation_en: str
    bio: str
    bio_language: str


class SessionOut(Schema):
    id: int
    title: str
    title_zh: str
    title_en: str
    description: str
    description_language: str
    starts_at: datetime
    ends_at: datetime
    room: int | None
    speakers: list[int]
    calendar_url: str

    @staticmethod
    def resolve_room(obj):
        return obj.room_id

    @staticmethod
    def resolve_speakers(obj):
        return [s.pk for s in obj.speakers.all()]

    @staticmethod
    def resolve_calendar_url(obj):
        return reverse("events:session_calendar", kwargs={"pk": obj.pk})


class OptionOut(Schema):
    zh: str
    en: str


class QuestionOut(Schema):
    id: int
    label: str
    label_zh: str
    label_en: str
    kind: str
    options: list[OptionOut]
    required: bool


class EventOut(Schema):
    id: int
    kind: str
    status: str
    title: str
    title_zh: str
    title_en: str
    organiser: str | None
    city: str
    venue_zh: str
    venue_en: str
    address: str
    mode: str
    starts_at: datetime
    ends_at: datetime
    registration_closes_at: datetime | None
    capacity: int | None
    requires_approval: bool
    registered: int
    waitlisted: int
    url: str

    @staticmethod
    def resolve_organiser(obj):
        return obj.organiser.slug if obj.organiser_id else None

    @staticmethod
    def resolve_city(obj):
        return obj.city.slug

    @staticmethod
    def resolve_registered(obj):
        found = getattr(obj, "confirmed", None)
        return found if found is not None else obj.registrations.filter(status=Registration.Status.CONFIRMED).count()

    @staticmethod
    def resolve_waitlisted(obj):
        found = getattr(obj, "waitlisted", None)
        return found if isinstance(found, int) else obj.registrations.filter(status=Registration.Status.WAITLISTED).count()

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class EventDetailOut(EventOut):
    description: str
    description_language: str
    calendar_url: str
    rooms: list[RoomOut]
    speakers: list[SpeakerOut]
    sessions: list[SessionOut]
    questions: list[QuestionOut]

    @staticmethod
    def resolve_calendar_url(obj):
        return reverse("events:calendar", kwargs={"pk": obj.pk})

    @staticmethod
    def resolve_rooms(obj):
        return list(obj.rooms.all())

    @staticmethod
    def resolve_speakers(obj):
        return list(obj.speakers.all())

    @staticmethod
    def resolve_sessions(obj):
        return list(obj.sessions.all())

    @staticmethod
    def resolve_questions(obj):
        return list(obj.questions.all())


class EventPage(Schema):
    count: int
    items: list[EventOut]


class EventFilters(Schema):
    kind: str = Field("", max_length=20)
    city: str = Field("", max_length=50)
    past: bool = False
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class EventIn(Input):
    organiser: str | None = Field(None, max_length=80, description="Slug of the organising organisation; none for operators' events.")
    city: str | None = Field(None, max_length=50, description="City slug; defaults to the organiser's city.")
    kind: EventKind
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    description: str = Field("", max_length=10000)
    description_language: TextLanguage = "zh"
    venue_zh: str = Field("", max_length=200)
    venue_en: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    mode: EventMode = "in_person"
    online_url: str = Field("", max_length=200)
    starts_at: DateTimeIn = Field(..., description="ISO 8601; without an offset it is read as China time.")
    ends_at: DateTimeIn
    registration_closes_at: DateTimeIn | None = None
    capacity: int | None = Field(None, ge=1, le=100_000, description="Places; none for no limit.")
    requires_approval: bool = False
    publish: bool = False


class EventPatch(Input):
    kind: EventKind | None = None
    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=10000)
    description_language: TextLanguage | None = None
    venue_zh: str | None = Field(None, max_length=200)
    venue_en: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=300)
    mode: EventMode | None = None
    online_url: str | None = Field(None, max_length=200)
    starts_at: DateTimeIn | None = None
    ends_at: DateTimeIn | None = None
    registration_closes_at: DateTimeIn | None = Field(None, description="null: registration closes when the event starts.")
    capacity: int | None = Field(None, ge=1, le=100_000, description="null: no limit.")
    requires_approval: bool | None = None


NULLABLE_EVENT_FIELDS = {"registration_closes_at", "capacity"}


class RoomIn(Input):
    name_zh: str = Field("", max_length=100)
    name_en: str = Field("", max_length=100)
    capacity: int | None = Field(None, ge=1, le=100_000)


class SpeakerIn(Input):
    name_zh: str = Field("", max_length=100)
    name_en: str = Field("", max_length=100)
    affiliation_zh: str = Field("", max_length=200)
    affiliation_en: str = Field("", max_length=200)
    bio: str = Field("", max_length=5000)
    bio_language: TextLanguage = "zh"


class SessionIn(Input):
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    description: str = Field("", max_length=5000)
    description_language: TextLanguage = "zh"
    starts_at: DateTimeIn
    ends_at: DateTimeIn
    room: int | None = Field(None, ge=1, le=2**62)
    speakers: list[int] = Field(default_factory=list, max_length=50)


class OptionIn(Input):
    zh: str = Field("", max_length=100)
    en: str = Field("", max_length=100)


class QuestionIn(Input):
    label_zh: str = Field("", max_length=200)
    label_en: str = Field("", max_length=200)
    kind: QuestionKind = "text"
    options: list[OptionIn] = Field(default_factory=list, max_length=30)
    required: bool = False


# registrations -------------------------------------------------------------------------------

class AnswerIn(Input):
    question: int = Field(..., ge=1, le=2**62)
    text: str = Field("", max_length=1000, description="The answer to a short-text question.")
    option: int | None = Field(None, ge=0, le=100, description="The position (from 0) of the chosen option.")


class RegistrationIn(Input):
    organisation: str | None = Field(None, max_length=80, description="Slug of one of your organisations you come for.")
    answers: list[AnswerIn] = Field(default_factory=list, max_length=50)


class AnswerOut(Schema):
    question: int
    label: str
    answer: str

    @staticmethod
    def resolve_question(obj):
        return obj.question_id

    @staticmethod
    def resolve_label(obj):
        return obj.question.label

    @staticmethod
    def resolve_answer(obj):
        return obj.text


class RegistrationOut(Schema):
    id: int
    event: int
    event_title: str
    person: str
    email: str
    organisation: str | None
    organisation_kind: str | None
    status: str
    code: str
    answers: list[AnswerOut]
    created_at: datetime
    confirmed_at: datetime | None
    waitlisted_at: datetime | None
    cancelled_at: datetime | None
    checked_in_at: datetime | None

    @staticmethod
    def resolve_event(obj):
        return obj.event_id

    @staticmethod
    def resolve_event_title(obj):
        return obj.event.title

    @staticmethod
    def resolve_person(obj):
        return str(obj.user)

    @staticmethod
    def resolve_email(obj):
        return obj.user.email

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug if obj.organisation_id else None

    @staticmethod
    def resolve_organisation_kind(obj):
        return obj.organisation.kind if obj.organisation_id else None

    @staticmethod
    def resolve_answers(obj):
        return list(obj.answers.all())


class RegistrationDetailOut(RegistrationOut):
    waitlist_position: int | None
    qr_url: str | None = Field(None, description="SVG QR code for the door (confirmed registrations).")
    online_url: str | None = Field(None, description="The online link, for confirmed registrations of online or hybrid events.")


class RegistrationFilters(Schema):
    status: str = Field("", max_length=12)
    limit: int = Field(200, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=1_000_000)


class ByKindOut(Schema):
    kind: str
    label: str
    registered: int
    waitlisted: int
    checked_in: int
    no_shows: int | None


class AttendanceOut(Schema):
    capacity: int | None
    registered: int
    waitlisted: int
    pending: int
    cancelled: int
    checked_in: int
    no_shows: int | None = Field(None, description="Registered but not checked in; null until the event has ended.")
    by_kind: list[ByKindOut]


class CheckInIn(Input):
    token: str = Field("", max_length=300, description="The token of a scanned QR code (the last part of its URL).")
    code: str = Field("", max_length=12, description="Or the six-character code the person tells.")


class ReasonIn(Input):
    reason: str = Field("", max_length=500)


# roadshows -----------------------------------------------------------------------------------

class PitchOut(Schema):
    id: int
    event: int
    organisation: str
    organisation_name: str
    title: str
    summary: str
    language: str
    funding_need_cny: int
    stage: str
    status: str
    deck_url: str | None
    created_at: datetime

    @staticmethod
    def resolve_event(obj):
        return obj.event_id

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_deck_url(obj):
        return reverse("events:pitch_deck", kwargs={"pk": obj.pk}) if obj.deck_id else None


class RatingOut(Schema):
    id: int
    pitch: int
    organisation: str
    rated_by: str
    score: int
    comment: str
    updated_at: datetime

    @staticmethod
    def resolve_pitch(obj):
        return obj.pitch_id

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_rated_by(obj):
        return str(obj.rated_by)


class PitchDetailOut(PitchOut):
    ratings: list[RatingOut] = Field(..., description="All for the event's managers; your own for a rater; none for the startup.")

    @staticmethod
    def resolve_ratings(obj):
        return obj.visible_ratings


class RatingIn(Input):
    score: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=2000)
    organisation: str | None = Field(None, max_length=80, description="Which of your investors or large firms you rate for.")


class MeetingRequestIn(Input):
    note: str = Field("", max_length=2000)


class MeetingRequestOut(Schema):
    id: int
    event: int
    from_organisation: str
    to_organisation: str
    rating: int | None
    note: str
    status: str
    created_at: datetime

    @staticmethod
    def resolve_event(obj):
        return obj.event_id

    @staticmethod
    def resolve_from_organisation(obj):
        return obj.from_organisation.slug

    @staticmethod
    def resolve_to_organisation(obj):
        return obj.to_organisation.slug

    @staticmethod
    def resolve_rating(obj):
        return obj.rating_id
