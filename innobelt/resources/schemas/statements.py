"""Shapes of sharing pledges and cost statements (amounts and hours as decimal text: never floats)."""

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from innobelt.resources.models.statements import MAX_PLEDGE_HOURS
from innobelt.resources.schemas.base import Input, QueryParams


class PledgeIn(Input):
    hours_per_quarter: int = Field(..., ge=0, le=MAX_PLEDGE_HOURS, description="0 ends the pledge.")


class PledgeOut(Schema):
    resource: int
    hours_per_quarter: int = Field(..., description="0: no pledge")
    quarter: date = Field(..., description="First day of the current calendar quarter (Asia/Shanghai).")
    remaining_hours: int


class StatementLineOut(Schema):
    id: int
    booking: int | None = Field(..., description="The booking's line, or null for a sample job's")
    sample_job: int | None = Field(..., description="The sample job's line, or null for a booking's")
    resource: int
    organisation: str
    kind: str
    issued_at: datetime
    user_class: str
    hours: str
    free_hours: str
    pledged_hours: int
    pledge_quarter: date
    charged_hours: str
    unit: str = Field(..., description="hour, day (per started day) or sample: what unit_price is per")
    charged_units: str = Field(..., description="Hours, started days or samples charged at unit_price")
    unit_price: str | None = Field(..., description="CNY per unit; null: free")
    amount: str = Field(..., description="CNY; a credit line is negative")
    paid_by_voucher: str = Field(..., description="CNY of a charge line that an innovation voucher pays (the share reserved "
                                                  "or redeemed, net of claw-backs; 0.00 when none, and on credit lines)")
    firm_pays: str = Field(..., description="CNY: amount less paid_by_voucher")

    @staticmethod
    def resolve_booking(obj):
        return obj.booking_id

    @staticmethod
    def resolve_sample_job(obj):
        return obj.sample_job_id

    @staticmethod
    def resolve_resource(obj):
        return obj.resource_id

    @staticmethod
    def resolve_charged_units(obj):
        return str(obj.charged_units)

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_issued_at(obj):
        return timezone.localtime(obj.issued_at)

    @staticmethod
    def resolve_unit_price(obj):
        return None if obj.unit_price is None else str(obj.unit_price)

    @staticmethod
    def resolve_hours(obj):
        return str(obj.hours)

    @staticmethod
    def resolve_free_hours(obj):
        return str(obj.free_hours)

    @staticmethod
    def resolve_charged_hours(obj):
        return str(obj.charged_hours)

    @staticmethod
    def resolve_amount(obj):
        return str(obj.amount)

    @staticmethod
    def resolve_paid_by_voucher(obj):
        return str(getattr(obj, "paid_by_voucher", "0.00"))

    @staticmethod
    def resolve_firm_pays(obj):
        return str(getattr(obj, "firm_pays", obj.amount))


class StatementOut(Schema):
    organisation: str
    total: str
    paid_by_voucher: str = Field(..., description="CNY of the total that innovation vouchers pay")
    firm_pays: str = Field(..., description="CNY: total less paid_by_voucher")
    pledged_hours: int
    charged_hours: str
    lines: list[StatementLineOut]


class StatementsOut(Schema):
    owner: str
    month: str
    statements: list[StatementOut]


class StatementQuery(QueryParams):
    month: str = Field("", max_length=7, description="YYYY-MM (this month when empty); lines issued in that month")
    payer: str = Field("", max_length=80, description="only this organisation's statement (slug)")


class ExportQuery(StatementQuery):
    format: Literal["csv", "xlsx"] = "csv"
