"""Shapes of the service zone's API (names prefixed with Services, unique across the API)."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Literal
from uuid import UUID

from ninja import Field, Schema

from innobelt.kit.api_errors import InputSchema
from innobelt.services.models import Category, ServiceLanguage

if TYPE_CHECKING:  # built at run time from the model's choices, which mypy cannot evaluate
    CategoryCode = str
    CategoryFilter = str
    LanguageCode = str
    ProviderStatus = str
else:
    CategoryCode = Literal[tuple(Category.values)]
    CategoryFilter = Literal[("", *Category.values)]
    LanguageCode = Literal[tuple(ServiceLanguage.values)]
    ProviderStatus = Literal["accepted", "in_progress", "waiting", "resolved", "rejected"]


class ServicesCatalogueFilters(Schema):
    q: str = Field("", max_length=200)
    category: CategoryFilter = ""
    city: str = Field("", max_length=50, description="The slug of a city the service is offered in.")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class ServicesServiceOut(Schema):
    id: int
    category: str
    title: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    provider: str
    provider_name: str
    cities: list[str]
    languages: list[str]
    fee: Decimal = Field(description="Yuan (CNY), two decimals.")
    fee_note_zh: str = ""
    fee_note_en: str = ""
    response_days: int
    resolution_days: int
    is_active: bool = Field(True, description="Offered: requests are routed to it. False once retired.")

    @staticmethod
    def resolve_provider(obj):
        return obj.provider.organisation.slug

    @staticmethod
    def resolve_provider_name(obj):
        return obj.provider.organisation.name

    @staticmethod
    def resolve_cities(obj):
        return [c.slug for c in obj.cities.all()]


class ServicesCataloguePage(Schema):
    count: int
    items: list[ServicesServiceOut]


class ServicesMineFilters(Schema):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


MAX_FEE = Decimal("9999999999.99")


class ServicesServiceIn(InputSchema):
    """A service a provider offers. Both titles and descriptions may be given; at least one title."""

    provider: str = Field(max_length=80, description="The slug of the organisation offering it (one the caller "
                                                      "administers, or operates as its district's operator).")
    category: CategoryCode
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=250)
    description_zh: str = Field("", max_length=5000)
    description_en: str = Field("", max_length=5000)
    cities: list[str] = Field(max_length=50, description="Slugs of the cities served (at least one).")
    languages: list[LanguageCode] = Field(["zh"], max_length=2)
    fee: Decimal = Field(Decimal("0"), ge=0, le=MAX_FEE, description="Yuan (CNY); kept to the fen, half up.")
    fee_note_zh: str = Field("", max_length=200)
    fee_note_en: str = Field("", max_length=200)
    response_days: int = Field(1, ge=1, le=32767, description="Working days to answer a request.")
    resolution_days: int = Field(10, ge=1, le=32767, description="Working days to resolve it (at least the "
                                                                 "response target).")


class ServicesServicePatch(InputSchema):
    """The fields to change; a field left out (or null) stays as it is."""

    category: CategoryCode | None = None
    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=250)
    description_zh: str | None = Field(None, max_length=5000)
    description_en: str | None = Field(None, max_length=5000)
    cities: list[str] | None = Field(None, max_length=50, description="Slugs of the cities served (at least one).")
    languages: list[LanguageCode] | None = Field(None, max_length=2)
    fee: Decimal | None = Field(None, ge=0, le=MAX_FEE, description="Yuan (CNY); kept to the fen, half up.")
    fee_note_zh: str | None = Field(None, max_length=200)
    fee_note_en: str | None = Field(None, max_length=200)
    response_days: int | None = Field(None, ge=1, le=32767)
    resolution_days: int | None = Field(None, ge=1, le=32767)
    is_active: bool | None = Field(None, description="True offers a retired service again; false retires it.")


class ServicesRequestIn(InputSchema):
    firm: str = Field(max_length=80, description="The slug of the organisation asking (one of the caller's).")
    category: CategoryCode
    need: str = Field(max_length=5000)
    firm_city: str = Field(max_length=50, description="City slug.")
    target_city: str = Field(max_length=50, description="City slug: where the service is needed.")
    language: LanguageCode = "zh"
    service: int | None = Field(None, description="The service asked for, when the firm chose one.")
    attachments: list[str] = Field([], max_length=5, description="Ids of the firm's files (POST /api/v1/files), five at "
                                                                 "most.")


class ServicesAttachIn(InputSchema):
    attachments: list[str] = Field(min_length=1, max_length=5,
                                   description="Ids of the firm's files (POST /api/v1/files) to add; a request holds "
                                               "five at most.")


class ServicesStatusIn(InputSchema):
    status: ProviderStatus
    reason: str = Field("", max_length=2000, description="Required to reject.")


class ServicesPassOnIn(InputSchema):
    reason: str = Field(max_length=2000)


class ServicesReassignIn(InputSchema):
    service: int = Field(description="The service (of another provider offered in the target city) to hand it to.")
    reason: str = Field(max_length=2000)


class ServicesVoucherIn(InputSchema):
    voucher: int | None = Field(None, ge=1, le=2**31 - 1,
                                description="An innovation voucher of the firm to pay its share, or null for none.")


class ServicesVoucherOut(Schema):
    request: int
    voucher: int | None
    total_fen: int = Field(description="The service's fee, in fen.")
    share_fen: int = Field(description="What the voucher will pay when the provider accepts, in fen.")
    co_payment_fen: int = Field(description="What the firm pays itself, in fen.")


class ServicesConfirmIn(InputSchema):
    rating: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=2000)


class ServicesRequestOut(Schema):
    id: int
    category: str
    status: str
    firm: str
    firm_city: str
    target_city: str
    cross_provincial: bool
    language: str
    service: int | None
    provider: str | None
    thread: int | None
    need: str
    reason: str
    created_at: datetime
    response_due_on: date | None
    resolution_due_on: date | None
    calendar_fallback: bool
    paused_days: int
    overdue_since: datetime | None
    rating: int | None
    rating_comment: str

    @staticmethod
    def resolve_firm(obj):
        return obj.firm.slug

    @staticmethod
    def resolve_firm_city(obj):
        return obj.firm_city.slug

    @staticmethod
    def resolve_target_city(obj):
        return obj.target_city.slug

    @staticmethod
    def resolve_provider(obj):
        return obj.provider.organisation.slug if obj.provider_id else None

    @staticmethod
    def resolve_service(obj):
        return obj.service_id

    @staticmethod
    def resolve_thread(obj):
        return obj.thread_id


class ServicesAttachmentOut(Schema):
    id: UUID
    original_name: str
    content_type: str
    size: int
    url: str = Field(..., description="Where the firm's and the provider's people download it (404 for anyone else).")


class ServicesRequestDetailOut(ServicesRequestOut):
    attachments: list[ServicesAttachmentOut] = Field(
        default_factory=list, description="The firm's files: listed to the firm's and the current provider's people "
                                          "only (operators see the request, not its files).")

    @staticmethod
    def resolve_attachments(obj, context):
        from django.urls import reverse

        from innobelt.permissions import can
        if not can(context["request"].auth, "services.view_request_attachments", obj):
            return []
        return [{"id": f.pk, "original_name": f.original_name, "content_type": f.content_type, "size": f.size,
                 "url": reverse("api:services_request_attachment", kwargs={"request_id": obj.pk, "file_id": f.pk})}
                for f in obj.attachments.all()]


class ServicesPassedOnOut(Schema):
    id: int
    passed_on: bool = True


class ServicesRequestPage(Schema):
    count: int
    items: list[ServicesRequestOut]


class ServicesRequestFilters(Schema):
    role: Literal["firm", "provider"] = Field("firm", description="Requests the caller's organisations made, or "
                                                                   "the open ones routed to them as providers.")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class ServicesDayRangeIn(InputSchema):
    start: date
    end: date | None = Field(None, description="The last day of the range (included); the start when left out.")
    name_zh: str = Field("", max_length=100)
    name_en: str = Field("", max_length=100)


class ServicesHolidayScheduleIn(InputSchema):
    holidays: list[ServicesDayRangeIn] = Field(..., max_length=100)
    makeup_workdays: list[ServicesDayRangeIn] = Field(default_factory=list, max_length=100)


class ServicesCalendarDayOut(Schema):
    day: date
    name_zh: str
    name_en: str


class ServicesHolidayScheduleOut(Schema):
    year: int
    source: Literal["entered", "library", "weekdays"] = Field(
        ..., description="What the clocks count the year by: the entered schedule (it overrides the library), "
                         "the chinese-calendar library, or Monday to Friday (not published).")
    library_covers: bool
    entered_at: datetime | None = None
    holidays: list[ServicesCalendarDayOut]
    makeup_workdays: list[ServicesCalendarDayOut]
    requests_moved: list[int] = Field(default_factory=list,
                                      description="The open requests whose due days moved (after an entry).")
