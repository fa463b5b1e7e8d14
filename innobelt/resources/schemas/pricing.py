"""Shapes of prices (amounts are decimal text in CNY, e.g. "120.50": money never travels as a float)."""

from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from ninja import Field, Schema

from innobelt.resources.models.pricing import MAX_PRICE, PriceUnit, UserClass
from innobelt.resources.schemas.base import Input

if TYPE_CHECKING:
    UserClassName = str
    UnitName = str
else:
    UserClassName = Literal[tuple(UserClass.values)]
    UnitName = Literal[tuple(PriceUnit.values)]


class PriceIn(Input):
    user_class: UserClassName
    unit: UnitName
    amount: Decimal = Field(..., ge=0, le=MAX_PRICE, description="CNY; rounded half-up to the fen; 0 is free.")


class PricesIn(Input):
    prices: list[PriceIn] = Field(..., max_length=len(UserClass.values) * len(PriceUnit.values),
                                  description="The whole price list: every class and unit not given is free.")


class PriceOut(Schema):
    user_class: str
    unit: str
    amount: str


class ClassOut(Schema):
    organisation: str
    user_class: str


class PricesOut(Schema):
    resource: int
    currency: str = "CNY"
    prices: list[PriceOut] = Field(..., description="Classes and units not listed are free.")
    your_classes: list[ClassOut] = Field(..., description="The user class each of your organisations pays in.")
