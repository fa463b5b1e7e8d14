"""Shapes of challenges and proposals."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from innobelt.kit.api_errors import InputSchema
from innobelt.kit.schema_types import DateTimeIn


class CriterionIn(InputSchema):
    name_zh: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    weight: int = Field(..., ge=1, le=100)


PHASE_KIND_HELP = (
    "What the platform enforces at the phase's end: `proposals` ends at the proposal deadline; after `review` no reviewer "
    "is assigned and no score taken; after `shortlist` no proposal is shortlisted; after `pilot` no pilot starts and no "
    "booking is linked (a linked booking ends by then); `other` is shown only."
)


class PhaseIn(InputSchema):
    name_zh: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    kind: Literal["other", "proposals", "review", "shortlist", "pilot"] = Field("other", description=PHASE_KIND_HELP)
    ends_at: DateTimeIn


class ChallengeIn(InputSchema):
    owner: str = Field(..., max_length=80, description="Slug of the firm (you are its admin, or an operator for it).")
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=250)
    text_language: Literal["zh", "en"] = "zh"
    statement: str = Field(..., max_length=10000)
    desired_outcome: str = Field("", max_length=5000)
    offers: str = Field("", max_length=5000)
    offered_resources: list[int] = Field([], max_length=30, description="Ids of resources of the register.")
    eligibility: str = Field("", max_length=5000)
    agreement: str = Field("", max_length=20000)
    confidential_details: str = Field("", max_length=20000)
    proposal_deadline: DateTimeIn
    industries: list[str] = Field([], max_length=30)
    criteria: list[CriterionIn] = Field([], max_length=20, description="Weights sum to 100.")
    phases: list[PhaseIn] = Field([], max_length=10)


class ChallengeFilters(Schema):
    q: str = Field("", max_length=200)
    status: Literal["", "published", "closed", "awarded", "draft"] = "published"
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class CriterionOut(Schema):
    id: int
    name: str
    name_zh: str
    name_en: str
    weight: int


class PhaseOut(Schema):
    id: int
    name: str
    name_zh: str
    name_en: str
    kind: str = Field(description=PHASE_KIND_HELP)
    ends_at: datetime


class ChallengeOut(Schema):
    id: int
    title: str
    title_zh: str
    title_en: str
    owner: str
    owner_name: str
    status: str
    proposal_deadline: datetime
    industries: list[str]

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.slug

    @staticmethod
    def resolve_owner_name(obj):
        return obj.owner.name

    @staticmethod
    def resolve_industries(obj):
        return [i.code for i in obj.industries.all()]


class ChallengePage(Schema):
    count: int
    items: list[ChallengeOut]


class ChallengeDetailOut(ChallengeOut):
    text_language: str
    statement: str
    desired_outcome: str
    offers: str
    offered_resources: list[int]
    eligibility: str
    agreement: str
    criteria: list[CriterionOut]
    phases: list[PhaseOut]
    confidential_details: str | None = Field(None, description="Null until the caller's organisation accepted the agreement.")

    @staticmethod
    def resolve_offered_resources(obj):
        return [r.pk for r in obj.offered_resources.all()]

    @staticmethod
    def resolve_criteria(obj):
        return list(obj.criteria.all())

    @staticmethod
    def resolve_phases(obj):
        return list(obj.phases.all())

    @staticmethod
    def resolve_confidential_details(obj):
        return obj.confidential_details if getattr(obj, "details_readable", False) else None


class AwardIn(InputSchema):
    proposal: int


class AgreementIn(InputSchema):
    organisation: str = Field(..., max_length=80, description="Slug of your verified organisation.")


class ChallengeAgreementOut(Schema):
    challenge: int
    organisation: str
    accepted_at: datetime

    @staticmethod
    def resolve_challenge(obj):
        return obj.challenge_id

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug


class ProposalIn(InputSchema):
    organisation: str = Field(..., max_length=80, description="Slug of your verified organisation.")
    text: str = Field(..., max_length=20000)
    team: str = Field("", max_length=5000)
    trl: int = Field(..., ge=1, le=9)
    budget: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)


class ProposalPatch(InputSchema):
    text: str | None = Field(None, max_length=20000)
    team: str | None = Field(None, max_length=5000)
    trl: int | None = Field(None, ge=1, le=9)
    budget: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)


class ProposalAttachmentOut(Schema):
    id: str
    name: str
    size: int

    @staticmethod
    def resolve_id(obj):
        return str(obj.pk)

    @staticmethod
    def resolve_name(obj):
        return obj.original_name


class ProposalOut(Schema):
    id: int
    challenge: int
    organisation: str
    organisation_name: str
    text: str
    team: str
    trl: int
    budget: Decimal | None
    status: str
    submitted_at: datetime | None
    attachments: list[ProposalAttachmentOut]

    @staticmethod
    def resolve_challenge(obj):
        return obj.challenge_id

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_attachments(obj):
        return list(obj.attachments.all())


class ChallengePatch(InputSchema):
    """Fields to change; criteria only while a draft (send them unchanged, or not at all, once published)."""

    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=250)
    text_language: Literal["zh", "en"] | None = None
    statement: str | None = Field(None, max_length=10000)
    desired_outcome: str | None = Field(None, max_length=5000)
    offers: str | None = Field(None, max_length=5000)
    eligibility: str | None = Field(None, max_length=5000)
    agreement: str | None = Field(None, max_length=20000)
    confidential_details: str | None = Field(None, max_length=20000)
    proposal_deadline: DateTimeIn | None = None
    criteria: list[CriterionIn] | None = Field(None, max_length=20)
    phases: list[PhaseIn] | None = Field(None, max_length=10)


class ChallengeQuestionIn(InputSchema):
    text: str = Field(..., min_length=1, max_length=2000)


class ChallengeAnswerIn(InputSchema):
    answer: str = Field(..., min_length=1, max_length=5000)


class ChallengeQuestionOut(Schema):
    id: int
    challenge: int
    text: str
    answer: str
    created_at: datetime
    answered_at: datetime | None

    @staticmethod
    def resolve_challenge(obj):
        return obj.challenge_id


class ChallengeReviewerIn(InputSchema):
    email: str = Field(..., min_length=3, max_length=254, description="E-mail address of the reviewer's account.")


class ChallengeConflictIn(InputSchema):
    note: str = Field("", max_length=2000)


class ChallengeScoreIn(InputSchema):
    criterion: int
    value: int = Field(..., ge=0, le=10)
    comment: str = Field("", max_length=2000)


class ChallengeScoresIn(InputSchema):
    scores: list[ChallengeScoreIn] = Field(..., max_length=20, description="One per criterion of the challenge.")


class ChallengeIdentitiesIn(InputSchema):
    hidden: bool


class ChallengeScoreOut(Schema):
    criterion: int
    value: int
    comment: str

    @staticmethod
    def resolve_criterion(obj):
        return obj.criterion_id


class ChallengeReviewOut(Schema):
    id: int
    proposal: int
    reviewer: str
    conflict: bool
    scored_at: datetime | None
    scores: list[ChallengeScoreOut]

    @staticmethod
    def resolve_proposal(obj):
        return obj.proposal_id

    @staticmethod
    def resolve_reviewer(obj):
        return str(obj.reviewer)

    @staticmethod
    def resolve_scores(obj):
        return list(obj.scores.all())


class ChallengeCriterionMeanOut(Schema):
    criterion: str
    mean: Decimal | None


class ChallengeScoreRowOut(Schema):
    proposal: int
    organisation: str
    reviewers: int
    mean: Decimal | None
    spread: Decimal | None
    stdev: Decimal | None
    by_criterion: list[ChallengeCriterionMeanOut]

    @staticmethod
    def resolve_proposal(obj):
        return obj.proposal.pk

    @staticmethod
    def resolve_organisation(obj):
        return obj.proposal.organisation.slug

    @staticmethod
    def resolve_by_criterion(obj):
        return [{"criterion": name, "mean": mean} for name, mean in obj.by_criterion]


class ChallengeDeclineIn(InputSchema):
    reason: Literal["not_a_fit", "too_early", "budget", "timing", "competing_solution", "ip_terms", "other"]
    note: str = Field("", max_length=2000)


class ChallengeLeaveIn(InputSchema):
    """The solver's admins step out of the pipeline, with a reason from the owner's list that the owner reads."""

    reason: Literal["not_a_fit", "too_early", "budget", "timing", "competing_solution", "ip_terms", "other"]
    note: str = Field("", max_length=2000)


class ChallengeMeetingIn(InputSchema):
    starts_at: DateTimeIn | None = None
    ends_at: DateTimeIn | None = None
    place: str = Field("", max_length=300)
    meeting: int | None = Field(None, description="Id of a 1:1 meeting between the two organisations, instead of times.")


class ChallengePilotIn(InputSchema):
    plan: str = Field("", max_length=5000)


class ChallengeConcludeIn(InputSchema):
    outcome: Literal["contract", "investment"]
    amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    note: str = Field("", max_length=2000)


class ChallengePipelineStepOut(Schema):
    stage: str
    code: str = Field(description="A note the platform wrote (a decline reason or `nda_accepted`); blank for a typed note.")
    note: str = Field(description="The note in the reader's language (Accept-Language).")
    at: datetime

    @staticmethod
    def resolve_note(obj):
        return obj.shown_note


class ChallengePilotBookingIn(InputSchema):
    booking: int = Field(description="Id of a booking of the solver organisation in the resources register.")


class ChallengePilotBookingOut(Schema):
    id: int
    booking: int
    resource: int
    resource_title: str
    start: datetime
    end: datetime
    status: str
    linked_at: datetime

    @staticmethod
    def resolve_booking(obj):
        return obj.booking_id

    @staticmethod
    def resolve_resource(obj):
        return obj.booking.resource_id

    @staticmethod
    def resolve_resource_title(obj):
        return obj.booking.resource.title

    @staticmethod
    def resolve_start(obj):
        return obj.booking.start

    @staticmethod
    def resolve_end(obj):
        return obj.booking.end

    @staticmethod
    def resolve_status(obj):
        return obj.booking.status


class ChallengePilotResourceOut(Schema):
    id: int
    title: str = Field(description="The title in the reader's language (as the resources API gives it).")
    title_zh: str
    title_en: str
    bookable: bool = Field(description="True: the caller's organisation may book it now; false: it asks for access first.")
    url: str = Field(description="The resource's page in the register (where to book or ask for access).")

    @staticmethod
    def resolve_id(obj):
        return obj.resource.pk

    @staticmethod
    def resolve_title(obj):
        return obj.resource.title

    @staticmethod
    def resolve_title_zh(obj):
        return obj.resource.title_zh

    @staticmethod
    def resolve_title_en(obj):
        return obj.resource.title_en

    @staticmethod
    def resolve_url(obj):
        return obj.resource.get_absolute_url()


class ChallengePipelineOut(Schema):
    id: int
    proposal: int
    stage: str
    decline_reason: str
    decline_note: str
    meeting_starts_at: datetime | None
    meeting_ends_at: datetime | None
    meeting_place: str
    nda_signed: bool
    pilot_plan: str
    amount: Decimal | None
    steps: list[ChallengePipelineStepOut]
    bookings: list[ChallengePilotBookingOut] = Field(description="Bookings of the resources register linked to the pilot.")

    @staticmethod
    def resolve_proposal(obj):
        return obj.proposal_id

    @staticmethod
    def resolve_bookings(obj):
        return list(obj.pilot_bookings.all())

    @staticmethod
    def resolve_nda_signed(obj):
        return obj.nda_done

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())


class ChallengeStallOut(Schema):
    city: str
    industry: str
    stage: str
    pairs: int
    stalled: int
