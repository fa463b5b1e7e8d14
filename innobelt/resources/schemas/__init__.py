"""Request and response shapes of the resources API (bodies derive from InputSchema)."""

from innobelt.resources.schemas.access import (
    AcceptTermsIn,
    AccessMessageOut,
    AccessRequestDetailOut,
    AccessRequestIn,
    AccessRequestOut,
    AccessRequestPage,
    AnswerIn,
    ApproveIn,
    DeclineIn,
    OutcomeIn,
    OutcomeOut,
    QuestionIn,
    RequestFilters,
)
from innobelt.resources.schemas.bookings import (
    BookingFilters,
    BookingIn,
    BookingOut,
    BookingResultOut,
    CalendarFeedOut,
    CancelIn,
    ClosureIn,
    ClosureOut,
    ConflictOut,
    FiguresOut,
    OwnerReportOut,
    ReportQuery,
    UtilisationOut,
)
from innobelt.resources.schemas.register import (
    AvailabilityOut,
    AvailabilityQuery,
    BlockOut,
    BusyOut,
    CalendarOut,
    CalendarQuery,
    MatchReasonOut,
    Period,
    RegisterFilters,
    ResourceBlocksOut,
    ResourceDetailOut,
    ResourceIn,
    ResourceOut,
    ResourcePage,
    ResourcePatch,
)

__all__ = [
    "AcceptTermsIn", "AccessRequestDetailOut", "AccessRequestIn", "AccessRequestOut", "AccessRequestPage", "AnswerIn", "ApproveIn",
    "AvailabilityOut", "AvailabilityQuery", "BookingFilters", "BookingIn", "BookingOut", "BookingResultOut", "BlockOut", "BusyOut", "CalendarFeedOut",
    "CalendarOut", "CalendarQuery",
    "CancelIn", "ClosureIn", "ClosureOut", "ConflictOut", "DeclineIn", "FiguresOut", "MatchReasonOut", "AccessMessageOut",
    "OutcomeIn", "OutcomeOut", "OwnerReportOut", "Period", "QuestionIn", "RegisterFilters", "ReportQuery", "RequestFilters",
    "ResourceBlocksOut", "ResourceDetailOut", "ResourceIn", "ResourceOut", "ResourcePage", "ResourcePatch", "UtilisationOut",
]
