"""Shapes of bookings, closures, the calendar feed, the owner's report and the import."""

from datetime import datetime

from django.utils import timezone
from ninja import Field, Schema

from innobelt.kit.schema_types import DateTimeIn, IsoDate
from innobelt.resources.schemas.access import AccessRequestOut
from innobelt.resources.schemas.base import ClosureKind, Input, QueryParams

# bookings ----------------------------------------------------------------------------------

class BookingIn(Input):
    start: DateTimeIn = Field(..., description="ISO 8601, 2000–2100; without an offset it is read as China time.")
    end: DateTimeIn
    repeat_weekly: int = Field(1, ge=1, le=26, description="Book the same time in this many consecutive weeks.")
    access_request: int | None = Field(None, ge=1, le=2**62, description="Needed only when several of your organisations may book.")
    note: str = Field("", max_length=300)
    voucher: int | None = Field(None, ge=1, le=2**62, description=(
        "Pay with this innovation voucher of your organisation in the same step: every booking made and the voucher's "
        "share of each are written in one transaction, or nothing is. A balance that does not cover every share is a "
        "409 naming what is left (`details.available_fen`, `needed_fen`); another organisation's voucher is a 404 "
        "(403 for one you may see but not spend)."))
    idempotency_key: str | None = Field(None, min_length=1, max_length=60, description=(
        "Required with `voucher`: a retried request with the same voucher and key books and reserves nothing more "
        "and answers the bookings it made (200 instead of 201), also when both arrive at once."))


class BookingOut(Schema):
    id: int
    resource: int
    resource_title: str
    organisation: str
    booked_by: str
    start: datetime
    end: datetime
    status: str = Field(..., description="confirmed (holds its period), pending (awaits the owner's approval after repeated no-shows; "
                                         "holds its period too), declined (by the owner, or undecided at its start), cancelled, or "
                                         "no_show (not checked in in time; released)")
    no_shows_counted: int | None = Field(None, description="for a booking that awaited approval: the organisation's no-shows of the "
                                                           "equipment in the 90 days before it asked")
    approval_reason: str = Field("", description="why the booking awaits approval, in the caller's language (blank otherwise)")
    checked_in_at: datetime | None
    kind: str = Field(..., description="use, or training (a session the owner scheduled for a training request)")
    series: str | None
    note: str
    cancelled_at: datetime | None
    cancel_reason: str

    @staticmethod
    def resolve_resource(obj):
        return obj.resource_id

    @staticmethod
    def resolve_approval_reason(obj):
        return obj.approval_reason if obj.is_pending else ""

    @staticmethod
    def resolve_resource_title(obj):
        return obj.resource.title

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_booked_by(obj):
        return str(obj.booked_by)

    @staticmethod
    def resolve_series(obj):
        return str(obj.series) if obj.series else None

    @staticmethod
    def resolve_start(obj):
        return timezone.localtime(obj.start)  # slots are local wall-clock times: shown with the +08:00 offset

    @staticmethod
    def resolve_end(obj):
        return timezone.localtime(obj.end)


class BookedSpan(Schema):
    id: int
    start: str
    end: str


class ClosureSpan(BookedSpan):
    kind: str


class ConflictOut(Schema):
    date: str
    requested: dict
    booking: BookedSpan | None
    closure: ClosureSpan | None
    message: str


class BookingResultOut(Schema):
    bookings: list[BookingOut]
    conflicts: list[ConflictOut]
    payments: list[str] = Field([], description="With a voucher: what it pays of each booking and the co-payment, in "
                                                "the caller's language (empty on a retried request)")


class CancelIn(Input):
    reason: str = Field("", max_length=300)


class BookingFilters(QueryParams):
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


class ClosureIn(Input):
    kind: ClosureKind = "blackout"
    start: DateTimeIn = Field(..., description="ISO 8601, 2000–2100; without an offset it is read as China time.")
    end: DateTimeIn
    note: str = Field("", max_length=200)
    cancel_overlapping: bool = False


class ClosureOut(Schema):
    id: int
    resource: int
    kind: str
    start: datetime
    end: datetime
    note: str

    @staticmethod
    def resolve_resource(obj):
        return obj.resource_id

    @staticmethod
    def resolve_start(obj):
        return timezone.localtime(obj.start)

    @staticmethod
    def resolve_end(obj):
        return timezone.localtime(obj.end)


class CalendarFeedOut(Schema):
    url: str | None


# the owner's view and import ---------------------------------------------------------------

class UtilisationOut(Schema):
    resource: int
    title: str
    booked_hours: float
    open_hours: float
    ratio: float | None


class FiguresOut(Schema):
    reports: int
    prototype: int
    test_result: int
    product: int
    patent_filed: int
    financing_raised: int
    financing: float | None
    breakthroughs: int
    smes_supported: int


class OwnerReportOut(Schema):
    organisation: str
    start: datetime
    end: datetime
    waiting: list[AccessRequestOut]
    utilisation: list[UtilisationOut]
    figures: FiguresOut
    page: int
    pages: int
    equipment_count: int


class ReportQuery(QueryParams):
    start: IsoDate | None = None
    end: IsoDate | None = None
    page: int = Field(1, ge=1, le=100_000, description="page of the utilisation list (100 equipment a page)")


