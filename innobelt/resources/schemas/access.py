"""Shapes of access requests, their messages and outcome reports."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from innobelt.resources.schemas.base import DeclineReason, Input, QueryParams

# access requests ---------------------------------------------------------------------------

class AccessRequestIn(Input):
    organisation: str = Field(..., max_length=80, description="Slug of the organisation you ask for.")
    purpose: str = Field(..., min_length=1, max_length=5000)


class AccessMessageOut(Schema):
    kind: str
    text: str
    author: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj):
        return str(obj.author) if obj.author_id else ""


class OutcomeOut(Schema):
    prototype: bool
    test_result: bool
    product: bool
    patent_filed: bool
    financing_raised: bool
    financing_amount: Decimal | None
    summary: str
    reported_at: datetime


class AccessRequestOut(Schema):
    id: int
    resource: int
    resource_title: str
    owner: str
    organisation: str
    organisation_name: str
    requested_by: str
    purpose: str
    status: str
    decline_reason: str
    decline_text: str
    approval_note: str
    nda_acknowledged: bool
    terms_accepted_at: datetime | None
    decided_at: datetime | None
    created_at: datetime
    outcome: OutcomeOut | None

    @staticmethod
    def resolve_resource(obj):
        return obj.resource_id

    @staticmethod
    def resolve_resource_title(obj):
        return obj.resource.title

    @staticmethod
    def resolve_owner(obj):
        return obj.resource.owner.slug

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_requested_by(obj):
        return str(obj.requested_by)

    @staticmethod
    def resolve_outcome(obj):
        return getattr(obj, "outcome", None)


class AccessRequestDetailOut(AccessRequestOut):
    messages: list[AccessMessageOut]

    @staticmethod
    def resolve_messages(obj):
        return list(obj.messages.all())


class RequestFilters(QueryParams):
    role: str = Field("", pattern="^(|seeker|owner)$")
    status: str = Field("", max_length=10)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class AccessRequestPage(Schema):
    count: int
    items: list[AccessRequestOut]


class ApproveIn(Input):
    note: str = Field("", max_length=2000)


class DeclineIn(Input):
    reason: DeclineReason
    text: str = Field("", max_length=2000)


class QuestionIn(Input):
    question: str = Field(..., min_length=1, max_length=2000)


class AnswerIn(Input):
    answer: str = Field(..., min_length=1, max_length=5000)


class AcceptTermsIn(Input):
    conditions_accepted: bool
    nda_acknowledged: bool = False


class OutcomeIn(Input):
    summary: str = Field(..., min_length=1, max_length=5000)
    prototype: bool = False
    test_result: bool = False
    product: bool = False
    patent_filed: bool = False
    financing_raised: bool = False
    financing_amount: Decimal | None = Field(None, ge=0, le=Decimal("999999999.9"), decimal_places=1)


