"""The enums and the input base of the resources API schemas."""

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Literal

from ninja import Schema
from pydantic import BeforeValidator

from innobelt.kit.api_errors import InputSchema
from innobelt.resources.models import AccessRequest, Blackout, Resource

# Literal types keep each enum's own values in the schema (Django enums all named "Kind" would
# collide as one OpenAPI component).
if TYPE_CHECKING:  # built at run time from the models' choices, which mypy cannot evaluate
    ResourceKind = str
    Visibility = str
    Terms = str
    Licensing = str
    DeclineReason = str
    ClosureKind = str
else:
    ResourceKind = Literal[tuple(Resource.Kind.values)]
    Visibility = Literal[tuple(Resource.Visibility.values)]
    Terms = Literal[tuple(Resource.Terms.values)]
    Licensing = Literal[tuple(Resource.Licensing.values)]
    DeclineReason = Literal[tuple(AccessRequest.DeclineReason.values)]
    ClosureKind = Literal[tuple(Blackout.Kind.values)]


def _iso(pattern: str, what: str):
    def check(value):
        if isinstance(value, str) and re.fullmatch(pattern, value.strip()):
            return value.strip()
        if isinstance(value, date):
            return value
        raise ValueError(f"give {what}")  # pydantic alone would take a number as a Unix timestamp

    return check


# Dates and times as the schema says: ISO 8601 strings only.
IsoDate = Annotated[date, BeforeValidator(_iso(r"\d{4}-\d{2}-\d{2}", "a date such as 2026-12-01"))]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?",
                                                       "a date and time such as 2026-12-01T09:00:00+08:00"))]


class Input(InputSchema):
    """Base of the resources app's request bodies."""


class QueryParams(Schema):
    """Base of the resources app's query parameters."""
