"""Shapes of needs and expressions of interest."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from ninja import Field, Schema

from innobelt.challenges.models import Need
from innobelt.kit.api_errors import InputSchema
from innobelt.kit.schema_types import IsoDate

if TYPE_CHECKING:  # built at run time from the model's choices, which mypy cannot evaluate
    Confidentiality = str
    NeedStatus = str
else:
    Confidentiality = Literal[tuple(Need.Confidentiality.values)]
    NeedStatus = Literal[("", *Need.Status.values)]

Money = Field(None, ge=0, max_digits=14, decimal_places=2, description="Yuan (CNY), at most two decimals.")


class NeedFilters(Schema):
    q: str = Field("", max_length=200)
    industry: str = Field("", max_length=40)
    city: str = Field("", max_length=50)
    status: NeedStatus = Field("open", description="open (the default), closed or expired; empty for every status.")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class NeedOut(Schema):
    id: int
    title: str
    title_zh: str
    title_en: str
    owner: str
    owner_name: str
    industries: list[str]
    budget_min: Decimal | None
    budget_max: Decimal | None
    deadline: date
    confidentiality: str
    status: str
    created_at: datetime

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.slug

    @staticmethod
    def resolve_owner_name(obj):
        return obj.owner.name

    @staticmethod
    def resolve_industries(obj):
        return [i.code for i in obj.industries.all()]


class NeedPage(Schema):
    count: int
    items: list[NeedOut]


class NeedDetailOut(NeedOut):
    problem: str
    desired_outcome: str
    text_language: str
    details: str | None = Field(None, description="The confidential details; null when the caller may not read them.")
    details_hidden: bool = Field(False, description="True when there are details the caller may not read (yet).")

    @staticmethod
    def resolve_details(obj):
        return obj.details if getattr(obj, "details_readable", False) else None

    @staticmethod
    def resolve_details_hidden(obj):
        return bool(obj.details) and not getattr(obj, "details_readable", False)


class NeedFieldsIn(InputSchema):
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=250)
    problem: str = Field(..., max_length=5000)
    desired_outcome: str = Field("", max_length=5000)
    details: str = Field("", max_length=10000)
    text_language: Literal["zh", "en"] = "zh"
    industries: list[str] = Field([], max_length=30)
    budget_min: Decimal | None = Money
    budget_max: Decimal | None = Money
    deadline: IsoDate
    confidentiality: Confidentiality = "public"


class NeedIn(NeedFieldsIn):
    owner: str = Field(..., max_length=80, description="Slug of the organisation (verified, and you one of its members).")


class NeedPatch(InputSchema):
    """Only the fields sent change."""

    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=250)
    problem: str | None = Field(None, max_length=5000)
    desired_outcome: str | None = Field(None, max_length=5000)
    details: str | None = Field(None, max_length=10000)
    text_language: Literal["zh", "en"] | None = None
    industries: list[str] | None = Field(None, max_length=30)
    budget_min: Decimal | None = Money
    budget_max: Decimal | None = Money
    deadline: IsoDate | None = None
    confidentiality: Confidentiality | None = None


class RenewIn(InputSchema):
    deadline: IsoDate


class InterestIn(InputSchema):
    organisation: str = Field(..., max_length=80, description="Slug of your verified organisation that answers.")
    message: str = Field(..., max_length=2000)


class DeclineIn(InputSchema):
    reason: str = Field(..., max_length=2000)


class InterestOut(Schema):
    id: int
    need: int
    organisation: str
    organisation_name: str
    message: str
    status: str
    decline_reason: str
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_need(obj):
        return obj.need_id

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name
