"""Shapes of positions, talent profiles, applications and recognitions (names prefixed `Talent`)."""

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from ninja import Field, Schema
from pydantic import StrictBool

from innobelt.kit.api_errors import InputSchema
from innobelt.talent.models import PURPOSE_APPLICATION, PURPOSE_PROFILE, Position, PositionApplication, Recognition, TalentProfile

if TYPE_CHECKING:  # built at run time from the model's choices, which mypy cannot evaluate
    PositionKind = str
    Level = str
    WorkLanguage = str
    Visibility = str
    Step = str
    Programme = str
    Purpose = str
else:
    PositionKind = Literal[tuple(Position.Kind.values)]
    Level = Literal[tuple(Position.Level.values)]
    WorkLanguage = Literal[tuple(Position.Language.values)]
    Visibility = Literal[tuple(TalentProfile.Visibility.values)]
    Step = Literal[tuple(v for v in PositionApplication.Status.values if v != "applied")]
    Programme = Literal[tuple(Recognition.Programme.values)]
    Purpose = Literal[PURPOSE_PROFILE, PURPOSE_APPLICATION]

Code = Field("", max_length=50, pattern=r"^[-\w]*$")


class TalentListFilters(Schema):
    q: str = Field("", max_length=200)
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class TalentPositionIn(InputSchema):
    organisation: str = Field(..., max_length=80, pattern=r"^[-\w]+$")
    kind: PositionKind = "job"
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=250)
    description: str = Field(..., min_length=1, max_length=5000)
    field: str = Code
    skills: str = Field("", max_length=500)
    city: str = Code
    language: WorkLanguage = "zh"
    level: Level = "experienced"


class TalentPositionOut(Schema):
    id: int
    title: str
    organisation: str
    organisation_name: str
    kind: str
    description: str
    field: str | None
    skills: str
    city: str | None
    language: str
    level: str
    goi_participant: bool
    status: str
    created_at: datetime

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_field(obj):
        return obj.field.code if obj.field_id else None

    @staticmethod
    def resolve_city(obj):
        return obj.city.slug if obj.city_id else None


class TalentPositionPage(Schema):
    count: int
    items: list[TalentPositionOut]


class TalentRankedPositionOut(Schema):
    position: TalentPositionOut
    score: float
    reasons: list[str]


class TalentRecognitionOut(Schema):
    programme: str
    city: str
    granted_at: datetime

    @staticmethod
    def resolve_city(obj):
        return obj.city.slug


class TalentProfileIn(InputSchema):
    headline: str = Field(..., min_length=1, max_length=200)
    summary: str = Field("", max_length=3000)
    field: str = Code
    skills: str = Field("", max_length=500)
    degrees: str = Field("", max_length=500)
    languages: str = Field("", max_length=200)
    cities: list[str] = Field(default_factory=list, max_length=30)
    visibility: Visibility = "hidden"
    consent: StrictBool = Field(False, description="Consent (PIPL) to the profile being shown and matched.")


class TalentProfileOut(Schema):
    id: int
    headline: str
    summary: str
    field: str | None
    skills: str
    degrees: str
    languages: str
    cities: list[str]
    visibility: str
    recognitions: list[TalentRecognitionOut]

    @staticmethod
    def resolve_field(obj):
        return obj.field.code if obj.field_id else None

    @staticmethod
    def resolve_cities(obj):
        return [c.slug for c in obj.cities.all()]

    @staticmethod
    def resolve_recognitions(obj):
        return list(obj.recognitions.all())


class TalentProfilePage(Schema):
    count: int
    items: list[TalentProfileOut]


class TalentRankedProfileOut(Schema):
    profile: TalentProfileOut
    score: float
    reasons: list[str]


class TalentApplyIn(InputSchema):
    message: str = Field("", max_length=2000)
    consent: StrictBool = Field(..., description="Consent (PIPL) to share the profile with the organisation.")


class TalentApplicationOut(Schema):
    id: int
    position: int = Field(..., alias="position_id")
    status: str
    message: str
    decline_reason: str
    created_at: datetime


class TalentMoveIn(InputSchema):
    status: Step
    reason: str = Field("", max_length=2000)


class TalentRecognitionIn(InputSchema):
    programme: Programme
    city: str = Field(..., max_length=50, pattern=r"^[-\w]+$")
    review_note: str = Field(..., min_length=1, max_length=3000)


class TalentConsentIn(InputSchema):
    purpose: Purpose = Field(
        ...,
        description="`talent.profile`: showing and matching the profile; `talent.application`: sharing it with the organisations one applies to.",
    )


class TalentConsentOut(Schema):
    purpose: str
    policy_version: str
    given_at: datetime
    withdrawn_at: datetime | None
