"""Shapes of the owner's figures per city (GET /resources/figures): money as decimal text, never floats."""

from datetime import date

from ninja import Field, Schema

from innobelt.resources.schemas.base import QueryParams


class CityFiguresQuery(QueryParams):
    month: str = Field("", max_length=7, description="YYYY-MM (this month when empty)")


class ClassIncomeOut(Schema):
    user_class: str = Field(..., description="The price list's user class")
    amount: str = Field(..., description="CNY charged in the month (credits deducted)")


class CityFigureRowOut(Schema):
    city: str = Field(..., description="The city's slug")
    name_zh: str
    name_en: str
    equipment: int
    booked_hours: float = Field(..., description="Confirmed and no-show hours in the month")
    open_hours: float = Field(..., description="Opening hours in the month, closures deducted")
    utilisation: float | None = Field(..., description="booked_hours / open_hours; null: no open hours")
    weekly_utilisation: list[float | None] = Field(..., description="One per week of `weeks`, in order")
    use_bookings_started: int = Field(..., description="Use bookings (confirmed or no-show) that started in the month, before now")
    no_shows: int
    no_show_rate: float | None = Field(..., description="no_shows / use_bookings_started; null: none started")
    pledged_hours_per_quarter: int = Field(..., description="The sharing pledges in force as the month ended (now, for the current month)")
    pledged_hours_used: int = Field(..., description="Pledged hours the month's quarter had drawn by the month's end")
    sample_jobs_completed: int
    turnaround_median_working_days: float | None = Field(..., description="null: no sample job completed in the month")
    outcomes_reported: int = Field(..., description="Seekers' outcome reports on sample jobs filed in the month")
    income: list[ClassIncomeOut] = Field(..., description="Every user class, in the price list's order")
    income_total: str = Field(..., description="CNY")


class CityFiguresOut(Schema):
    month: str = Field(..., description="YYYY-MM")
    weeks: list[date] = Field(..., description="The Mondays of the weeks (Monday to Sunday) that touch the month")
    cities: list[CityFigureRowOut]
