"""API shapes of 1:1 meetings."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal

from ninja import Field, Schema
from pydantic import StrictBool, StrictFloat, StrictInt

from innobelt.kit.api_errors import InputSchema
from innobelt.kit.schema_types import DateTimeIn
from innobelt.meetings.models import Meeting, MeetingRequest, Programme

if TYPE_CHECKING:  # built at run time from the models' choices, which mypy cannot evaluate
    FairnessChoice = str
    PriorityChoice = str
    OutcomeChoice = str
else:
    FairnessChoice = Literal[tuple(Programme.Fairness.values)]
    PriorityChoice = Literal[tuple(MeetingRequest.Priority.values)]
    OutcomeChoice = Literal[tuple(Meeting.Outcome.values)]
MAX_ID = 2**63 - 1
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]


class SlotOut(Schema):
    id: int
    starts_at: datetime
    tables: int


class ProgrammeOut(Schema):
    event_id: int
    meeting_minutes: int
    default_tables: int
    max_meetings: int | None
    fairness: str
    time_limit: float
    requests_open: bool
    requests_need_acceptance: bool
    slots: list[SlotOut]

    @staticmethod
    def resolve_slots(obj):
        return list(obj.slots.all())


class ProgrammeIn(InputSchema):
    meeting_minutes: StrictInt = Field(20, ge=5, le=240)
    default_tables: StrictInt = Field(10, ge=1, le=1000)
    max_meetings: StrictInt | None = Field(None, ge=0, le=200)
    fairness: FairnessChoice = "tiebreak"
    time_limit: StrictFloat = Field(30.0, ge=1, le=600)
    requests_open: StrictBool = True
    requests_need_acceptance: StrictBool = False


class SlotTablesIn(InputSchema):
    tables: StrictInt = Field(..., ge=1, le=1000)


class TakenInOut(Schema):
    created: int
    linked: int
    declined: int
    waiting: int = Field(..., description="roadshow requests whose organisations have nobody in the programme yet")


class SlotsIn(InputSchema):
    first_start: DateTimeIn
    count: StrictInt = Field(1, ge=1, le=48)
    tables: StrictInt | None = Field(None, ge=1, le=1000)
    every_minutes: StrictInt | None = Field(None, ge=5, le=600)


class ParticipantOut(Schema):
    id: int
    name: str
    organisation: str | None
    offers: str
    seeks: str

    @staticmethod
    def resolve_organisation(obj):
        return obj.registration.organisation.name if obj.registration.organisation_id else None


class ProfileOut(ParticipantOut):
    max_meetings: int | None
    unavailable: list[int]
    calendar_url: str

    @staticmethod
    def resolve_unavailable(obj):
        return sorted(s.pk for s in obj.unavailable.all())

    @staticmethod
    def resolve_calendar_url(obj, context):
        from django.urls import reverse

        return context["request"].build_absolute_uri(reverse("meetings:calendar", kwargs={"token": obj.calendar_token}))


class ProfileIn(InputSchema):
    offers: str | None = Field(None, max_length=5000)
    seeks: str | None = Field(None, max_length=5000)
    max_meetings: StrictInt | None = Field(None, ge=0, le=200)
    unavailable: list[Id] | None = Field(None, max_length=500)


class SuggestionOut(Schema):
    participant: ParticipantOut
    score: float
    reasons: list[str]


class RequestIn(InputSchema):
    priority: PriorityChoice | Literal[""]


class RequestOut(Schema):
    target: int
    priority: str


class ReceivedRequestOut(Schema):
    requester: int
    priority: str
    response: str = Field(description="Empty until answered; accepted or declined (when the programme's requests need acceptance).")


class ResponseIn(InputSchema):
    accept: StrictBool


class RunIn(InputSchema):
    full: StrictBool = False


class RunOut(Schema):
    id: int
    status: str
    full: bool
    requested_by: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    value: int | None
    bound: int | None
    gap: float | None
    method: str
    solver_status: str
    fallback: bool
    fallback_reason: str
    seconds: float | None
    meetings_count: int | None
    kept_count: int | None
    error: str

    @staticmethod
    def resolve_requested_by(obj):
        return str(obj.requested_by) if obj.requested_by_id else None


class MeetingOut(Schema):
    id: int
    slot: int
    starts_at: datetime
    table: int
    a: ParticipantOut
    b: ParticipantOut
    fixed: bool
    status: str
    cancel_reason: str = Field(description="Empty while scheduled; participant, organiser, registration (a registration for the "
                                           "event was cancelled) or rescheduled (dropped when the scheduler ran again).")
    cancelled_at: datetime | None = None
    outcome: str

    @staticmethod
    def resolve_slot(obj):
        return obj.slot_id

    @staticmethod
    def resolve_starts_at(obj):
        return obj.slot.starts_at


class FixIn(InputSchema):
    a: Id
    b: Id
    slot: Id


class OutcomeIn(InputSchema):
    outcome: OutcomeChoice
    note: str = Field("", max_length=500)
