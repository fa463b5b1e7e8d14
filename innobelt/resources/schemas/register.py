"""Shapes of the register: resources, their list, filters and availability."""

from datetime import date, datetime

from django.urls import reverse
from ninja import Field, Schema

from innobelt.kit.schema_types import IsoDate
from innobelt.resources import opening_hours as opening
from innobelt.resources.owner_figures import sample_turnaround
from innobelt.resources.schemas.base import Input, Licensing, QueryParams, ResourceKind, Terms, Visibility

# resources ---------------------------------------------------------------------------------

class MatchReasonOut(Schema):
    code: str = Field(..., description="term, industry, free (the period asked for) or pledge (hours of its sharing pledge free this quarter)")
    value: str
    field: str
    text: str


class ResourceOut(Schema):
    id: int
    kind: str
    status: str
    title: str
    title_zh: str
    title_en: str
    category: str
    owner: str
    owner_name: str
    city: str | None
    industries: list[str]
    terms: str
    visibility: str
    is_bookable: bool
    published_at: datetime | None
    why: list[MatchReasonOut] = []

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.slug

    @staticmethod
    def resolve_owner_name(obj):
        return obj.owner.name

    @staticmethod
    def resolve_city(obj):
        return obj.city.slug if obj.city_id else None

    @staticmethod
    def resolve_industries(obj):
        return [i.code for i in obj.industries.all()]

    @staticmethod
    def resolve_why(obj):
        return [r.__dict__ for r in getattr(obj, "why", [])]


class SampleTurnaroundOut(Schema):
    median_days: float = Field(..., description="Median of China's working days from receiving the samples to delivering the results")
    jobs: int = Field(..., description="Jobs whose results were delivered in the last 12 months")
    on_time: int = Field(..., description="Of them, delivered within the turnaround quoted")


class ResourceDetailOut(ResourceOut):
    description: str
    photo_url: str | None = Field(None, description="The resource's photo (served to whoever may see the resource), or null.")
    description_language: str
    terms_note: str
    requires_nda: bool
    only_smes_and_startups: bool
    only_belt_organisations: bool
    only_goi_members: bool
    visible_cities: list[str]
    contact_name: str
    contact_email: str
    contact_phone: str
    maker: str
    model_number: str
    location: str
    opening_hours: list[tuple[int, str, str]]
    opening_hours_text: str
    slot_minutes: int | None
    check_in_grace_minutes: int | None
    approval_after_no_shows: int | None
    training_required: bool
    supervision_required: bool
    accepts_samples: bool
    sample_turnaround: SampleTurnaroundOut | None = Field(
        None, description="Sample jobs of the last 12 months (equipment that accepts samples); null without any delivered")
    capacity: int | None
    cancellation_hours: int
    patent_number: str
    patent_status: str
    claims_summary: str
    licensing_modes: list[str]
    problem_solved: str
    trl: int | None
    deployment_conditions: str
    access_conditions: str
    data_format: str

    @staticmethod
    def resolve_photo_url(obj):
        return reverse("resources:photo", args=[obj.pk]) if obj.photo_id else None

    @staticmethod
    def resolve_visible_cities(obj):
        return [c.slug for c in obj.visible_cities.all()]

    @staticmethod
    def resolve_sample_turnaround(obj):
        return sample_turnaround(obj) if obj.accepts_samples and obj.is_bookable else None

    @staticmethod
    def resolve_opening_hours_text(obj):
        return opening.format_opening_hours(obj.opening_hours)


class ResourcePage(Schema):
    count: int
    items: list[ResourceOut]


class RegisterFilters(QueryParams):
    q: str = Field("", max_length=200)
    kind: str = Field("", max_length=12)
    industry: str = Field("", max_length=40)
    city: str = Field("", max_length=50)
    owner: str = Field("", max_length=80)
    terms: str = Field("", max_length=12)
    free_from: IsoDate | None = None
    free_to: IsoDate | None = None
    pledged: bool = Field(False, description="only equipment with unused pledged hours this quarter, the most first")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


TEXT = Field("", max_length=5000)


class ResourceFieldsIn(Input):
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=250)
    description: str = TEXT
    description_language: str = Field("zh", pattern="^(zh|en)$")
    category: str = Field("", max_length=100)
    city: str | None = Field(None, max_length=50, description="City slug; the owner's city when left out.")
    industries: list[str] = Field(default_factory=list, max_length=30)
    visibility: Visibility = "public"
    visible_cities: list[str] = Field(default_factory=list, max_length=30)
    terms: Terms = "negotiable"
    terms_note: str = TEXT
    requires_nda: bool = False
    only_smes_and_startups: bool = False
    only_belt_organisations: bool = False
    only_goi_members: bool = False
    contact_name: str = Field("", max_length=100)
    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=30)
    maker: str = Field("", max_length=120)
    model_number: str = Field("", max_length=120)
    location: str = Field("", max_length=200)
    opening_hours: str = Field("", max_length=300, description="Weekly, e.g. “Mon-Fri 09:00-17:00; Sat 09:00-12:00”.")
    slot_minutes: int | None = Field(None, ge=5, le=1440)
    check_in_grace_minutes: int | None = Field(None, ge=5, le=240, description="null: bookings need no check-in")
    approval_after_no_shows: int | None = Field(None, ge=1, le=20, description="after this many no-shows of an organisation in 90 days "
                                                 "its new bookings await the owner's approval; null: never")
    training_required: bool = False
    supervision_required: bool = False
    accepts_samples: bool = False
    capacity: int | None = Field(None, ge=1, le=10_000)
    cancellation_hours: int = Field(24, ge=0, le=720)
    patent_number: str = Field("", max_length=40)
    patent_status: str = Field("", pattern="^(|pending|granted|expired)$")
    claims_summary: str = TEXT
    licensing_modes: list[Licensing] = Field(default_factory=list, max_length=4)
    problem_solved: str = TEXT
    trl: int | None = Field(None, ge=1, le=9)
    deployment_conditions: str = TEXT
    access_conditions: str = TEXT
    data_format: str = Field("", max_length=120)


class ResourceIn(ResourceFieldsIn):
    owner: str = Field(..., max_length=80, description="Slug of the owner organisation (you must be its admin).")
    kind: ResourceKind
    publish: bool = False


class ResourcePatch(Input):
    """Only the fields sent change; the kind cannot."""

    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=250)
    description: str | None = Field(None, max_length=5000)
    description_language: str | None = Field(None, pattern="^(zh|en)$")
    category: str | None = Field(None, max_length=100)
    city: str | None = Field(None, max_length=50)
    industries: list[str] | None = Field(None, max_length=30)
    visibility: Visibility | None = None
    visible_cities: list[str] | None = Field(None, max_length=30)
    terms: Terms | None = None
    terms_note: str | None = Field(None, max_length=5000)
    requires_nda: bool | None = None
    only_smes_and_startups: bool | None = None
    only_belt_organisations: bool | None = None
    only_goi_members: bool | None = None
    contact_name: str | None = Field(None, max_length=100)
    contact_email: str | None = Field(None, max_length=254)
    contact_phone: str | None = Field(None, max_length=30)
    maker: str | None = Field(None, max_length=120)
    model_number: str | None = Field(None, max_length=120)
    location: str | None = Field(None, max_length=200)
    opening_hours: str | None = Field(None, max_length=300)
    slot_minutes: int | None = Field(None, ge=5, le=1440)
    check_in_grace_minutes: int | None = Field(None, ge=5, le=240, description="null: bookings need no check-in")
    approval_after_no_shows: int | None = Field(None, ge=1, le=20, description="after this many no-shows of an organisation in 90 days "
                                                 "its new bookings await the owner's approval; null: never")
    training_required: bool | None = None
    supervision_required: bool | None = None
    accepts_samples: bool | None = None
    capacity: int | None = Field(None, ge=1, le=10_000)
    cancellation_hours: int | None = Field(None, ge=0, le=720)
    patent_number: str | None = Field(None, max_length=40)
    patent_status: str | None = Field(None, pattern="^(|pending|granted|expired)$")
    claims_summary: str | None = Field(None, max_length=5000)
    licensing_modes: list[Licensing] | None = Field(None, max_length=4)
    problem_solved: str | None = Field(None, max_length=5000)
    trl: int | None = Field(None, ge=1, le=9)
    deployment_conditions: str | None = Field(None, max_length=5000)
    access_conditions: str | None = Field(None, max_length=5000)
    data_format: str | None = Field(None, max_length=120)


class Period(Schema):
    start: datetime
    end: datetime


class BusyOut(Period):
    kind: str  # "booking" or a closure kind


class AvailabilityOut(Schema):
    resource: int
    opening_hours: str
    slot_minutes: int
    busy: list[BusyOut]
    free_slots: list[Period]


class CalendarQuery(QueryParams):
    ids: str = Field(..., max_length=400, pattern=r"^\d{1,18}(,\d{1,18})*$",
                     description="Equipment ids separated by commas, at most 12; ids you may not see are left out.")
    start: IsoDate = Field(..., description="The first local day (China time).")
    end: IsoDate = Field(..., description="The last local day, at most 31 days from the first.")


class BlockOut(Period):
    state: str = Field(..., description="free, busy or closed")
    closure: str | None = Field(None, description="For a closed block: blackout or maintenance.")


class ResourceBlocksOut(Schema):
    id: int
    title: str
    opening_hours: str
    blocks: list[BlockOut]


class CalendarOut(Schema):
    start: date
    end: date
    resources: list[ResourceBlocksOut]


class AvailabilityQuery(QueryParams):
    start: IsoDate | None = None
    days: int = Field(7, ge=1, le=31)


