"""organisations.models: the choices' values written out as Literal types (for the API and mypy) stay the choices."""

from typing import get_args

from innobelt.organisations.models import Claim, ClaimKindValue, Organisation, OrganisationKindValue


def test_the_literal_types_are_the_choices_in_their_order():
    # the order is the OpenAPI enum's: a change shows in the schema, not only a different set
    assert get_args(OrganisationKindValue) == tuple(Organisation.Kind.values)
    assert get_args(ClaimKindValue) == tuple(Claim.Kind.values)
