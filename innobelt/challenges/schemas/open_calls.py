"""Shapes of open calls with a reward (揭榜挂帅)."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from innobelt.kit.api_errors import InputSchema
from innobelt.kit.schema_types import DateTimeIn


class OpenCallMilestoneIn(InputSchema):
    name_zh: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    share: int = Field(..., ge=1, le=100, description="Percent of the funding; the shares add up to 100.")


class OpenCallIn(InputSchema):
    city: str = Field(..., max_length=80, description="Slug of the city or district.")
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=250)
    text_language: Literal["zh", "en"] = "zh"
    problem: str = Field(..., min_length=1, max_length=10000)
    funding: Decimal = Field(..., gt=0, max_digits=14, decimal_places=2, description="Yuan (CNY).")
    deadline: DateTimeIn
    milestones: list[OpenCallMilestoneIn] = Field(..., min_length=1, max_length=20)


class OpenCallApplyIn(InputSchema):
    organisation: str = Field(..., max_length=80, description="Slug of your verified organisation.")
    text: str = Field(..., min_length=1, max_length=10000)


class OpenCallReportIn(InputSchema):
    report: str = Field(..., min_length=1, max_length=10000)


class OpenCallSendBackIn(InputSchema):
    note: str = Field(..., min_length=1, max_length=2000)


class OpenCallMilestoneOut(Schema):
    id: int
    name: str
    share: int


class OpenCallOut(Schema):
    id: int
    title: str
    title_zh: str
    title_en: str
    city: str
    problem: str
    funding: Decimal
    deadline: datetime
    status: str
    milestones: list[OpenCallMilestoneOut]

    @staticmethod
    def resolve_city(obj):
        return obj.city.slug

    @staticmethod
    def resolve_milestones(obj):
        return list(obj.milestones.all())


class OpenCallProgressOut(Schema):
    id: int
    milestone: int
    status: str
    report: str
    note: str
    released: Decimal | None
    released_at: datetime | None

    @staticmethod
    def resolve_milestone(obj):
        return obj.milestone_id


class OpenCallApplicationOut(Schema):
    id: int
    open_call: int
    organisation: str
    text: str
    status: str
    progress: list[OpenCallProgressOut]

    @staticmethod
    def resolve_open_call(obj):
        return obj.open_call_id

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_progress(obj):
        return list(obj.progress.all())
