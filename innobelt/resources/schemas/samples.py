"""Shapes of sample-testing jobs (amounts as decimal text: never floats)."""

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from django.utils import timezone
from ninja import Field, Schema

from innobelt.resources.models.samples import MAX_SAMPLES, SampleJobOutcome
from innobelt.resources.schemas.base import Input


class ResourcesSampleJobIn(Input):
    samples: int = Field(..., ge=1, le=MAX_SAMPLES, description="Number of samples")
    description: str = Field(..., min_length=1, max_length=2000, description="The samples: material, form, size")
    method: str = Field(..., min_length=1, max_length=300, description="The test or method asked for")
    hazards: str = Field("", max_length=500, description="Hazard declaration; empty: nothing hazardous")


class ResourcesSampleQuoteIn(Input):
    turnaround_days: int = Field(..., ge=1, le=250, description="Working days from receiving the samples to the results")
    note: str = Field("", max_length=500)


class ResourcesSampleAcceptIn(Input):
    voucher: int | None = Field(None, ge=1, le=2**62, description=(
        "Pay the quote with this innovation voucher of your organisation, in the same step: its share is reserved "
        "when the quote is accepted, redeemed when the results are delivered, released if the job is cancelled. "
        "A balance that does not cover the share is a 409 naming what is left (`details.available_fen`, "
        "`needed_fen`) and nothing is accepted; another organisation's voucher is a 404 (403 for the programme's "
        "operators, who see it)."))
    idempotency_key: str | None = Field(None, min_length=1, max_length=60, description=(
        "Required with `voucher`: a retried acceptance with the same voucher and key answers the first (200) "
        "and reserves once."))


class ResourcesSampleCancelIn(Input):
    reason: str = Field("", max_length=300)


if TYPE_CHECKING:  # built at run time from the model's choices, which mypy cannot evaluate
    OutcomeChoice = str
else:
    OutcomeChoice = Literal[tuple(SampleJobOutcome.Outcome.values)]


class ResourcesSampleOutcomeIn(Input):
    outcome: OutcomeChoice = Field(..., description="What the results were used for (the codes are listed in the schema)")
    note: str = Field("", max_length=2000)


class ResourcesSampleOutcomeOut(Schema):
    outcome: str
    outcome_label: str
    note: str
    reported_at: datetime

    @staticmethod
    def resolve_outcome_label(obj):
        return obj.get_outcome_display()

    @staticmethod
    def resolve_reported_at(obj):
        return _local(obj.reported_at)


def _local(moment):
    return timezone.localtime(moment) if moment is not None else None


class ResourcesSamplePaymentOut(Schema):
    message: str = Field(..., description="What the voucher pays and what the firm pays, in the caller's language")
    share: str = Field(..., description="CNY the voucher pays (or reimburses)")
    co_payment: str = Field(..., description="CNY the firm pays itself")


class ResourcesSampleJobOut(Schema):
    id: int
    resource: int
    organisation: str
    requested_by: str
    samples: int
    description: str
    method: str
    hazards: str
    status: str = Field(..., description="submitted, quoted, accepted, received, measuring, completed (results delivered), closed or cancelled")
    user_class: str = Field(..., description="The requester's class for the quote; empty before it")
    unit_price: str | None = Field(..., description="CNY per sample of the quote; null: free or not quoted yet")
    amount: str | None = Field(..., description="CNY; null until quoted")
    turnaround_days: int | None = Field(..., description="Quoted working days")
    quote_note: str
    results: str | None = Field(..., description="Path of the results file once delivered")
    results_note: str
    cancel_reason: str
    created_at: datetime
    quoted_at: datetime | None
    accepted_at: datetime | None
    received_at: datetime | None
    measuring_at: datetime | None
    completed_at: datetime | None
    closed_at: datetime | None
    cancelled_at: datetime | None
    outcome: ResourcesSampleOutcomeOut | None = Field(..., description="The requester's outcome report, once made")

    @staticmethod
    def resolve_outcome(obj):
        return getattr(obj, "outcome", None)

    @staticmethod
    def resolve_resource(obj):
        return obj.resource_id

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_requested_by(obj):
        return str(obj.requested_by)

    @staticmethod
    def resolve_unit_price(obj):
        return None if obj.unit_price is None else str(obj.unit_price)

    @staticmethod
    def resolve_amount(obj):
        return None if obj.amount is None else str(obj.amount)

    @staticmethod
    def resolve_results(obj):
        return f"/api/v1/sample-jobs/{obj.pk}/results" if obj.results_file_id else None

    @staticmethod
    def resolve_created_at(obj):
        return _local(obj.created_at)

    @staticmethod
    def resolve_quoted_at(obj):
        return _local(obj.quoted_at)

    @staticmethod
    def resolve_accepted_at(obj):
        return _local(obj.accepted_at)

    @staticmethod
    def resolve_received_at(obj):
        return _local(obj.received_at)

    @staticmethod
    def resolve_measuring_at(obj):
        return _local(obj.measuring_at)

    @staticmethod
    def resolve_completed_at(obj):
        return _local(obj.completed_at)

    @staticmethod
    def resolve_closed_at(obj):
        return _local(obj.closed_at)

    @staticmethod
    def resolve_cancelled_at(obj):
        return _local(obj.cancelled_at)


class ResourcesSampleAcceptedOut(ResourcesSampleJobOut):
    payment: ResourcesSamplePaymentOut | None = Field(None, description="The voucher's share when one was chosen")

    @staticmethod
    def resolve_payment(obj):
        paid = getattr(obj, "paid_share", None)
        return None if paid is None else {"message": paid.message, "share": str(paid.share),
                                          "co_payment": str(paid.co_payment)}
