"""Shapes of funding needs, theses, meeting requests, funds and applications (names prefixed `Financing`)."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from ninja import Field, Schema
from pydantic import StrictBool

from innobelt.financing.models import DeckAudience, FundingNeed, Stage, Thesis
from innobelt.kit.api_errors import InputSchema
from innobelt.kit.schema_types import IsoDate

if TYPE_CHECKING:  # built at run time from the model's choices, which mypy cannot evaluate
    StageCode = str
    Visibility = str
    InvestorType = str
    Audience = str
else:
    StageCode = Literal[tuple(Stage.values)]
    Visibility = Literal[tuple(FundingNeed.Visibility.values)]
    InvestorType = Literal[tuple(Thesis.InvestorType.values)]
    Audience = Literal[tuple(DeckAudience.values)]

Money = Field(..., gt=0, lt=Decimal("1e12"), max_digits=14, decimal_places=2, description="Yuan (CNY), at most two decimals.")
Slug = Field(..., max_length=80, pattern=r"^[-\w]+$")


class FinancingNeedIn(InputSchema):
    organisation: str = Slug
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=250)
    stage: StageCode
    amount: Decimal = Money
    use_of_funds: str = Field(..., min_length=1, max_length=3000)
    traction: str = Field("", max_length=3000)
    industries: list[str] = Field(default_factory=list, max_length=20)
    visibility: Visibility = "investors"


class FinancingNeedOut(Schema):
    id: int
    title: str
    title_zh: str
    title_en: str
    organisation: str
    organisation_name: str
    stage: str
    amount: Decimal
    use_of_funds: str
    traction: str
    industries: list[str]
    city: str | None
    visibility: str
    status: str
    created_at: datetime

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_industries(obj):
        return [i.code for i in obj.industries.all()]

    @staticmethod
    def resolve_city(obj):
        return obj.city.slug if obj.city_id else None


class FinancingNeedPage(Schema):
    count: int
    items: list[FinancingNeedOut]


class FinancingListFilters(Schema):
    q: str = Field("", max_length=200)
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class FinancingRankedNeedOut(Schema):
    need: FinancingNeedOut
    score: float
    reasons: list[str]


class FinancingThesisIn(InputSchema):
    investor_type: InvestorType
    stages: list[StageCode] = Field(default_factory=list, max_length=10)
    ticket_min: Decimal = Field(Decimal("0"), ge=0, lt=Decimal("1e12"), max_digits=14, decimal_places=2)
    ticket_max: Decimal = Money
    sectors: list[str] = Field(default_factory=list, max_length=30)
    cities: list[str] = Field(default_factory=list, max_length=30)
    summary: str = Field("", max_length=3000)


class FinancingThesisOut(Schema):
    organisation: str
    organisation_name: str
    investor_type: str
    stages: list[str]
    ticket_min: Decimal
    ticket_max: Decimal
    sectors: list[str]
    cities: list[str]
    summary: str

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_sectors(obj):
        return [i.code for i in obj.sectors.all()]

    @staticmethod
    def resolve_cities(obj):
        return [c.slug for c in obj.cities.all()]


class FinancingRankedInvestorOut(Schema):
    thesis: FinancingThesisOut
    score: float
    reasons: list[str]


class FinancingMeetingIn(InputSchema):
    investor: str = Slug
    message: str = Field(..., min_length=1, max_length=2000)
    event: int | None = Field(
        None,
        ge=1,
        le=2**53,
        description="Id of an event whose 1:1 meetings take requests: the meeting goes into the meeting zone and its "
        "scheduler gives it a slot. Left out: a standalone meeting arranged in the conversation.",
    )


class FinancingMeetingOut(Schema):
    id: int
    need: int = Field(..., alias="need_id")
    investor: str
    message: str
    thread: int | None = Field(None, alias="thread_id")
    event: int | None = Field(None, description="The event whose 1:1 meetings it was asked for; null: standalone.")
    zone_status: str | None = Field(None, description="In the meeting zone: requested, scheduled or declined.")
    created_at: datetime

    @staticmethod
    def resolve_investor(obj):
        return obj.investor.slug

    @staticmethod
    def resolve_event(obj):
        return obj.event_request.event_id if obj.event_request_id else None

    @staticmethod
    def resolve_zone_status(obj):
        return obj.event_request.status if obj.event_request_id else None


FundStatus = Literal["open", "closed"]
BudgetText = Field(
    ...,
    max_length=20,
    pattern=r"^\s*-?\d{1,15}(\.\d{1,6})?\s*$",
    description='Yuan (CNY) as decimal text, e.g. "5000000.50": at most two decimals (the domain refuses more, in the caller\'s language).',
)


class FinancingFundIn(InputSchema):
    """A dedicated fund's call, opened by an operator (platform operators anywhere or with no city; district
    operators in one of their cities). Title, budget and deadline are checked by the domain, as on the page."""

    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=250)
    sector: str = Field(..., max_length=80, description="An industry code, e.g. integrated-circuits.")
    city: str | None = Field(None, max_length=80, description="A city's slug; none: run by platform operators.")
    eligibility: str = Field("", max_length=3000)
    criteria: str = Field("", max_length=3000)
    budget: str = BudgetText
    deadline: IsoDate = Field(..., description="The last day (China time) to apply.")


class FinancingFundPatch(InputSchema):
    """The fields of a call to change (those left out stay); `status` closes or reopens it."""

    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=250)
    sector: str | None = Field(None, max_length=80)
    city: str | None = Field(None, max_length=80)
    eligibility: str | None = Field(None, max_length=3000)
    criteria: str | None = Field(None, max_length=3000)
    budget: str | None = Field(None, max_length=20, pattern=r"^\s*-?\d{1,15}(\.\d{1,6})?\s*$")
    deadline: IsoDate | None = None
    status: FundStatus | None = None


class FinancingFundOut(Schema):
    id: int
    title: str
    title_zh: str
    title_en: str
    sector: str
    city: str | None
    eligibility: str
    criteria: str
    budget: Decimal
    awarded_total: Decimal
    remaining: Decimal
    deadline: date
    status: str

    @staticmethod
    def resolve_sector(obj):
        return obj.sector.code

    @staticmethod
    def resolve_city(obj):
        return obj.city.slug if obj.city_id else None


class FinancingApplicationIn(InputSchema):
    organisation: str = Slug
    amount: Decimal = Money
    plan: str = Field(..., min_length=1, max_length=5000)
    need: int | None = Field(None, ge=1, le=2**31 - 1, description="One of the organisation's funding needs.")


class FinancingReviewOut(Schema):
    reviewer: str
    score: int
    comment: str

    @staticmethod
    def resolve_reviewer(obj):
        return obj.reviewer.display_name  # never the e-mail address


class FinancingApplicationOut(Schema):
    id: int
    fund: int = Field(..., alias="fund_id")
    organisation: str
    amount: Decimal
    plan: str
    prefilled: dict
    status: str
    awarded_amount: Decimal | None
    reviews: list[FinancingReviewOut]
    created_at: datetime

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_reviews(obj):
        return list(obj.reviews.all())


class FinancingScoreIn(InputSchema):
    score: int = Field(..., ge=0, le=100)
    comment: str = Field("", max_length=3000)
    no_conflict: StrictBool = Field(..., description="The reviewer declares no conflict of interest.")


class FinancingAwardIn(InputSchema):
    amount: Decimal | None = Field(None, gt=0, lt=Decimal("1e12"), max_digits=14, decimal_places=2)


class FinancingRejectIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=2000)


class FinancingMilestoneIn(InputSchema):
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=250)
    amount: Decimal = Money
    due: date | None = None


class FinancingMilestonesIn(InputSchema):
    milestones: list[FinancingMilestoneIn] = Field(..., min_length=1, max_length=20)


class FinancingMilestoneOut(Schema):
    id: int
    number: int
    title: str
    amount: Decimal
    due: date | None
    released_at: datetime | None


AUDIENCE_HELP = "`team`: the startup's people only; `chosen`: and the investors listed; `investors`: and every verified investor who reads the need."


class FinancingDeckSharingIn(InputSchema):
    audience: Audience = Field(..., description=AUDIENCE_HELP)
    investors: list[str] = Field(default_factory=list, max_length=50, description="Slugs of verified investors (for `chosen`).")


class FinancingDeckOut(Schema):
    """A funding need's pitch deck as its team sees it (who may download it)."""

    need: int = Field(..., alias="pk")
    file_name: str
    size: int
    audience: str = Field(..., alias="deck_audience")
    investors: list[str]

    @staticmethod
    def resolve_file_name(obj):
        return obj.deck.original_name if obj.deck_id else ""

    @staticmethod
    def resolve_size(obj):
        return obj.deck.size if obj.deck_id else 0

    @staticmethod
    def resolve_investors(obj):
        return sorted(o.slug for o in obj.deck_investors.all())
