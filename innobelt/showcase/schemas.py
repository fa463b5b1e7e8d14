"""Shapes of achievements, award programmes and nominations (names prefixed with Showcase, unique in the API)."""

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from innobelt.kit.api_errors import InputSchema
from innobelt.kit.schema_types import DateTimeIn, IsoDate

Year = Field(..., ge=2000, le=2100)


class ShowcaseTrailIn(InputSchema):
    kind: Literal["challenge", "proposal", "booking", "outcome_report", "meeting"]
    id: int = Field(..., ge=1, le=2**53)


class ShowcaseAchievementIn(InputSchema):
    organisation: str = Field(..., max_length=80, description="Slug of your organisation, which submits it.")
    kind: Literal["achievement", "milestone"] = "achievement"
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=250)
    story_zh: str = Field("", max_length=10000)
    story_en: str = Field("", max_length=10000)
    story_language: Literal["zh", "en"] = "zh"
    year: int = Year
    partners: list[str] = Field([], max_length=20, description="Slugs of partner organisations; each confirms.")
    cities: list[str] = Field([], max_length=30, description="City slugs.")
    industries: list[str] = Field([], max_length=30, description="Industry codes.")
    images: list[str] = Field([], max_length=8, description="Ids of photos your organisation uploaded (files API).")
    revenue: Decimal | None = Field(None, ge=0, lt=Decimal("1e14"), decimal_places=2, description="Yuan, to the fen.")
    patents_filed: int = Field(0, ge=0, le=1_000_000)
    products_launched: int = Field(0, ge=0, le=1_000_000)
    jobs: int = Field(0, ge=0, le=10_000_000)
    trail: list[ShowcaseTrailIn] = Field([], max_length=30)


class ShowcaseAchievementPatch(InputSchema):
    kind: Literal["achievement", "milestone"] | None = None
    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=250)
    story_zh: str | None = Field(None, max_length=10000)
    story_en: str | None = Field(None, max_length=10000)
    story_language: Literal["zh", "en"] | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    revenue: Decimal | None = Field(None, ge=0, lt=Decimal("1e14"), decimal_places=2)
    patents_filed: int | None = Field(None, ge=0, le=1_000_000)
    products_launched: int | None = Field(None, ge=0, le=1_000_000)
    jobs: int | None = Field(None, ge=0, le=10_000_000)
    partners: list[str] | None = Field(None, max_length=20)
    trail: list[ShowcaseTrailIn] | None = Field(None, max_length=30)


class ShowcaseSendBackIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=2000)


class ShowcaseGalleryFilters(Schema):
    q: str = Field("", max_length=200)
    city: str = Field("", max_length=60)
    industry: str = Field("", max_length=60)
    year: int | None = Field(None, ge=2000, le=2100)
    kind: Literal["", "achievement", "milestone"] = ""
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class ShowcasePartnerOut(Schema):
    organisation: str
    name: str
    confirmed: bool

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_name(obj):
        return obj.organisation.name


class ShowcaseTrailOut(Schema):
    kind: str
    id: int
    label: str
    label_zh: str
    label_en: str

    @staticmethod
    def resolve_id(obj):
        return obj.object_id


class ShowcaseAchievementOut(Schema):
    id: int
    kind: str
    status: str
    organisation: str
    organisation_name: str
    title: str
    title_zh: str
    title_en: str
    story: str
    story_zh: str
    story_en: str
    story_language: str
    year: int
    cities: list[str]
    industries: list[str]
    revenue: Decimal | None
    patents_filed: int
    products_launched: int
    jobs: int
    partners: list[ShowcasePartnerOut]
    trail: list[ShowcaseTrailOut]
    send_back_reason: str
    published_at: datetime | None

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_cities(obj):
        return [c.slug for c in obj.cities.all()]

    @staticmethod
    def resolve_industries(obj):
        return [i.code for i in obj.industries.all()]

    @staticmethod
    def resolve_partners(obj):
        return list(obj.partners.all())

    @staticmethod
    def resolve_trail(obj):
        return list(obj.trail.all())


class ShowcaseAchievementPage(Schema):
    count: int
    items: list[ShowcaseAchievementOut]


class ShowcaseCriterionIn(InputSchema):
    name_zh: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    weight: int = Field(..., ge=1, le=100)
    evidence: str = Field("", max_length=40, description="The key of the evidence figure it rests on, if any.")


class ShowcaseProgrammeIn(InputSchema):
    kind: Literal["goi_exemplar", "incubator", "rd_institution", "shared_instrument", "other"]
    city: str = Field("", max_length=60, description="Slug of the district running it; empty: the platform.")
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=250)
    description: str = Field("", max_length=10000)
    year: int = Year
    eligible_kinds: list[str] = Field([], max_length=10)
    eligibility: str = Field("", max_length=5000)
    opens_at: DateTimeIn
    closes_at: DateTimeIn
    evidence_from: IsoDate
    evidence_to: IsoDate
    criteria: list[ShowcaseCriterionIn] = Field(..., min_length=1, max_length=20)


class ShowcaseProgrammePatch(InputSchema):
    """Fields left out stay as they are; `criteria` replaces them all. What may change depends on the programme's
    step: everything while a draft; once open only the titles, description and closing time; once closed the
    titles and description; once published nothing (a changed field the step forbids is a 400 naming it)."""

    kind: Literal["goi_exemplar", "incubator", "rd_institution", "shared_instrument", "other"] | None = None
    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=250)
    description: str | None = Field(None, max_length=10000)
    year: int | None = Field(None, ge=2000, le=2100)
    eligible_kinds: list[str] | None = Field(None, max_length=10)
    eligibility: str | None = Field(None, max_length=5000)
    opens_at: DateTimeIn | None = None
    closes_at: DateTimeIn | None = None
    evidence_from: IsoDate | None = None
    evidence_to: IsoDate | None = None
    criteria: list[ShowcaseCriterionIn] | None = Field(None, min_length=1, max_length=20)


class ShowcaseProgrammeStatusIn(InputSchema):
    status: Literal["open", "closed", "published"]


class ShowcaseCriterionOut(Schema):
    id: int
    name: str
    weight: int
    evidence: str


class ShowcaseProgrammeOut(Schema):
    id: int
    kind: str
    status: str
    title: str
    title_zh: str
    title_en: str
    year: int
    city: str | None
    eligible_kinds: list[str]
    eligibility: str
    opens_at: datetime
    closes_at: datetime
    evidence_from: IsoDate
    evidence_to: IsoDate
    criteria: list[ShowcaseCriterionOut]

    @staticmethod
    def resolve_city(obj):
        return obj.city.slug if obj.city_id else None

    @staticmethod
    def resolve_criteria(obj):
        return list(obj.criteria.all())


class ShowcaseNominateIn(InputSchema):
    organisation: str = Field(..., max_length=80, description="Slug of the nominee.")
    statement: str = Field("", max_length=5000)


class ShowcaseReviewerIn(InputSchema):
    reviewer: int = Field(..., ge=1, le=2**53, description="Id of the person asked to review.")


class ShowcaseConflictIn(InputSchema):
    note: str = Field("", max_length=500)


class ShowcaseScoreIn(InputSchema):
    criterion: int = Field(..., ge=1, le=2**53)
    value: int = Field(..., ge=0, le=10)
    comment: str = Field("", max_length=1000)


class ShowcaseScoresIn(InputSchema):
    scores: list[ShowcaseScoreIn] = Field(..., min_length=1, max_length=20)


class ShowcaseDecisionIn(InputSchema):
    award: bool


class ShowcaseNominationOut(Schema):
    id: int
    programme: int
    organisation: str
    organisation_name: str
    status: str
    by_operator: bool
    statement: str
    evidence: list[dict[str, Any]]
    evidence_at: datetime | None
    total_score: Decimal | None = None

    @staticmethod
    def resolve_programme(obj):
        return obj.programme_id

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name
