"""Shapes of the vouchers API. Every amount is integer fen (1 yuan = 100 fen); names start with "Vouchers"."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from ninja import Field, Schema

from innobelt.kit.api_errors import InputSchema
from innobelt.kit.schema_types import IsoDate
from innobelt.organisations.models import Organisation
from innobelt.vouchers.models import Programme, Use

if TYPE_CHECKING:  # built at run time from the model's choices, which mypy cannot evaluate
    UseCode = str
    SpendableCode = str
    SizeCode = str
    ModeCode = str
else:
    UseCode = Literal[tuple(Use.values)]
    SpendableCode = Literal[tuple(Programme.Spendable.values)]
    SizeCode = Literal[tuple(Organisation.SizeBand.values)]
    ModeCode = Literal[tuple(Programme.Mode.values)]

FEN_MAX = 10**13
Fen = Field(..., gt=0, le=FEN_MAX, description="Integer fen (1 yuan = 100 fen).")


class VouchersProgrammeOut(Schema):
    id: int
    name: str
    name_zh: str
    name_en: str
    authority: str
    uses: list[str]
    co_payment_percent: int
    spendable: str
    mode: str = Field(..., description="redemption: the provider redeems the voucher's share; reimbursement: the "
                      "firm pays in full and is reimbursed")
    accepted_in: list[str]
    per_firm_cap_fen: int
    opens_on: date
    closes_on: date
    validity_days: int
    status: str

    @staticmethod
    def resolve_authority(obj):
        return obj.authority.slug

    @staticmethod
    def resolve_accepted_in(obj):
        return [c.slug for c in obj.accepted_in.all()]


class VouchersProgrammeIn(InputSchema):
    authority: str = Field(..., max_length=50, description="Slug of the issuing city or district.")
    name_zh: str = Field(..., min_length=1, max_length=120)
    name_en: str = Field("", max_length=160)
    description: str = Field("", max_length=5000)
    budget_fen: int = Fen
    per_firm_cap_fen: int = Fen
    co_payment_percent: int = Field(30, ge=0, le=90)
    uses: list[UseCode] = Field(..., min_length=1, max_length=3)
    spendable: SpendableCode = "own_city"
    mode: ModeCode = "redemption"
    verified_only: bool = True
    size_bands: list[SizeCode] = Field([], max_length=5)
    opens_on: IsoDate
    closes_on: IsoDate
    validity_days: int = Field(365, ge=1, le=1100)


class VouchersAcceptIn(InputSchema):
    city: str = Field(..., max_length=50, description="Slug of the city or district accepting the programme.")
    accept: bool = True


class VouchersApplicationIn(InputSchema):
    organisation: str = Field(..., max_length=80, description="Slug of the applying organisation.")
    requested_fen: int = Fen
    purpose: str = Field(..., min_length=1, max_length=3000)


class VouchersApplicationOut(Schema):
    id: int
    programme: int = Field(..., alias="programme_id")
    organisation: str
    requested_fen: int
    approved_fen: int | None
    purpose: str
    status: str
    reason: str
    created_at: datetime
    voucher: int | None

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_voucher(obj):
        voucher = getattr(obj, "voucher", None)
        return voucher.pk if voucher is not None else None


class VouchersApproveIn(InputSchema):
    amount_fen: int = Fen


class VouchersReasonIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=500)


class VouchersQuestionIn(InputSchema):
    question: str = Field(..., min_length=1, max_length=500, description="what more evidence the authority needs")


class VouchersAnswerIn(InputSchema):
    answer: str = Field(..., min_length=1, max_length=2000)


class VouchersVoucherOut(Schema):
    id: int
    programme: int = Field(..., alias="programme_id")
    organisation: str
    issued_fen: int
    available_fen: int
    reserved_fen: int
    redeemed_fen: int = Field(..., description="redeemed and not clawed back")
    expires_on: date
    status: str

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug


class VouchersEntryOut(Schema):
    id: int
    kind: str
    available_change_fen: int
    reserved_change_fen: int
    redeemed_change_fen: int
    reservation: int | None = Field(None, alias="reservation_id")
    created_at: datetime


class VouchersVoucherDetailOut(VouchersVoucherOut):
    entries: list[VouchersEntryOut]

    @staticmethod
    def resolve_entries(obj):
        return list(obj.entries.all())


class VouchersReserveIn(InputSchema):
    kind: str | None = Field(None, max_length=40, description="what to pay: a redeemable kind (booking, sample_job, "
                             "…), with `paid`")
    paid: int | None = Field(None, ge=1, le=2**31 - 1, description="the id of the thing of `kind` to pay")
    booking: int | None = Field(None, ge=1, le=2**31 - 1, description="the booking to pay (the same as kind booking)")
    sample_job: int | None = Field(None, ge=1, le=2**31 - 1, description="the sample job to pay (kind sample_job)")
    idempotency_key: str = Field(..., min_length=1, max_length=80)


class VouchersReservationOut(Schema):
    id: int
    voucher: int = Field(..., alias="voucher_id")
    booking: int | None = Field(None, alias="booking_id", description="the booking paid, or null")
    service_request: int | None = Field(None, alias="service_request_id", description="the service request paid, or null")
    sample_job: int | None = Field(None, alias="sample_job_id", description="the sample job paid, or null")
    kind: str = Field(..., description="the redeemable kind paid: booking, sample_job, service_request, …")
    provider: str
    provider_city: str | None
    total_fen: int
    amount_fen: int
    co_payment_fen: int
    clawed_back_fen: int
    status: str
    created_at: datetime

    @staticmethod
    def resolve_provider(obj):
        return obj.provider.slug

    @staticmethod
    def resolve_provider_city(obj):
        return obj.provider_city.slug if obj.provider_city_id else None


class VouchersClawBackIn(InputSchema):
    amount_fen: int = Fen
    reason: str = Field(..., min_length=1, max_length=500)


class VouchersClawBackOut(Schema):
    id: int
    reservation: int = Field(..., alias="reservation_id")
    amount_fen: int
    reason: str
    claim: int | None = Field(None, alias="claim_id", description="the claim reduced, or settled before")
    settled_before: bool = Field(..., description="the share was settled: a negative line in the next period closed")
    created_at: datetime


class VouchersClaimIn(InputSchema):
    provider: str = Field(..., max_length=80, description="Slug of the provider organisation.")
    programme: int = Field(..., ge=1, le=2**31 - 1)


class VouchersClaimOut(Schema):
    id: int
    programme: int = Field(..., alias="programme_id")
    kind: str = Field(..., description="redemption (a provider's) or reimbursement (a firm's: `provider` is the firm)")
    provider: str
    amount_fen: int
    status: str = Field(..., description="submitted, more_asked (the issuing authority asked for more evidence: "
                        "`question`; the claimant answers), approved or rejected")
    reason: str
    question: str = Field("", description="what the issuing authority asked for, if it did")
    answer: str = Field("", description="the claimant's answer")
    submitted_at: datetime
    reservations: list[int]

    @staticmethod
    def resolve_provider(obj):
        return obj.provider.slug

    @staticmethod
    def resolve_reservations(obj):
        return [r.pk for r in obj.reservations.all()]


class VouchersRecordOut(Schema):
    key: str = Field(..., description="check_in, outcome or results")
    label: str
    present: bool = Field(..., description="false: the record does not exist (not checked in, no report yet)")
    at: datetime | None
    by: str
    lines: list[str]


class VouchersEvidenceOut(Schema):
    reservation: int
    kind: str = Field(..., description="the redeemable kind paid: booking, sample_job, service_request, …")
    paid: int = Field(..., description="the id of what was paid")
    title: str
    amount_fen: int
    records: list[VouchersRecordOut]


class VouchersCityPairOut(Schema):
    issued_by: str
    spent_in: str
    cross_city: bool
    count: int
    amount_fen: int = Field(..., description="redeemed, net of claw-backs")
    settled_fen: int = Field(..., description="of it, on statements of closed periods (claw-back lines deducted)")


class VouchersSettlementIn(InputSchema):
    authority: str = Field(..., max_length=50, description="Slug of the issuing city or district.")
    starts_on: IsoDate
    ends_on: IsoDate


class VouchersPayeeTotalOut(Schema):
    payee: str = Field(..., description="slug of the organisation paid")
    kind: str = Field(..., description="redemption (a provider) or reimbursement (a firm)")
    count: int
    amount_fen: int


class VouchersSettlementOut(Schema):
    id: int
    authority: str
    starts_on: date
    ends_on: date
    amount_fen: int = Field(..., description="the whole period; the caller's share only in `statements`")
    closed_at: datetime
    statements: list[VouchersPayeeTotalOut] = Field(..., description="per payee, those the caller may read")
    links: dict[str, str] = Field(..., description="downloads of the statement the caller may read: xlsx, csv")
