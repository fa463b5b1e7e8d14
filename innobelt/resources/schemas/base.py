"""The enums and the input base of the resources API schemas."""

from typing import TYPE_CHECKING, Literal

from ninja import Schema

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


class Input(InputSchema):
    """Base of the resources app's request bodies."""


class QueryParams(Schema):
    """Base of the resources app's query parameters."""
