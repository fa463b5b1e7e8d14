"""Models of the GOI register, access requests and equipment bookings (thin: logic is in domain/)."""

from innobelt.resources.models.access import AccessRequest, OutcomeReport, RequestMessage
from innobelt.resources.models.booking import Blackout, Booking, CalendarFeed
from innobelt.resources.models.checkin import ReleasedSlot, WaitlistEntry
from innobelt.resources.models.pricing import PriceUnit, ResourcePrice, UserClass
from innobelt.resources.models.resource import (
    ALL_KIND_FIELDS,
    COMMON_FIELDS,
    ELIGIBILITY_FIELDS,
    KIND_FIELDS,
    Resource,
)
from innobelt.resources.models.samples import SampleJob, SampleJobOutcome
from innobelt.resources.models.statements import PledgeQuarter, PledgeTerm, SharingPledge, StatementLine
from innobelt.resources.models.training import TrainingRecord, TrainingRequest

__all__ = ["ALL_KIND_FIELDS", "COMMON_FIELDS", "ELIGIBILITY_FIELDS", "KIND_FIELDS", "AccessRequest", "Blackout", "Booking",
           "CalendarFeed", "OutcomeReport", "PledgeQuarter", "PledgeTerm", "PriceUnit", "ReleasedSlot", "RequestMessage", "Resource", "ResourcePrice",
           "SampleJob", "SampleJobOutcome", "SharingPledge", "StatementLine", "TrainingRecord", "TrainingRequest", "UserClass", "WaitlistEntry"]
