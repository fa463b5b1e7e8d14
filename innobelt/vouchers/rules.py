"""Who may do what with innovation vouchers (django-rules predicates).

- A programme is run by the operators of its issuing city or district (and platform operators): they
  change it, decide applications and claims. An Alliance city's operators accept another city's
  programme for spending at their providers.
- A firm applies through any member; its members see and spend its vouchers.
- A provider's admins claim the redemptions delivered at their organisation.
- The issuing authority's operators claw back (part of) a redemption that should not have been paid.
- The issuing authority's operators close settlement periods and read every statement; a payee's admins read
  their own statement of a period (queries.settlement_payees).
`queries.py` must agree with these (tests/vouchers/test_visibility.py).
"""

import rules

from innobelt.accounts.rules import is_district_operator, is_district_operator_for_city, is_platform_operator
from innobelt.organisations.rules import is_org_admin, is_org_member


@rules.predicate
def runs_programme(user, programme) -> bool:
    return programme is not None and (
        is_platform_operator(user) or is_district_operator_for_city(user, programme.authority_id)
    )


@rules.predicate
def runs_authority(user, city) -> bool:
    """Object: a city or district; true for its operators (and platform operators)."""
    return city is not None and (is_platform_operator(user) or is_district_operator_for_city(user, city.pk))


@rules.predicate
def runs_period(user, period) -> bool:
    return period is not None and runs_authority(user, period.authority)


@rules.predicate
def runs_programme_of(user, obj) -> bool:
    """Object: an application, voucher or claim; true for the operators of its programme's authority."""
    return obj is not None and runs_programme(user, obj.programme)


@rules.predicate
def runs_programme_of_share(user, reservation) -> bool:
    """Object: a reservation; true for the operators of its voucher's issuing authority (who claw back)."""
    return reservation is not None and runs_programme(user, reservation.voucher.programme)


@rules.predicate
def is_voucher_holder(user, obj) -> bool:
    """Object: an application or voucher; true for members of the firm it belongs to."""
    return obj is not None and is_org_member(user, obj.organisation)


@rules.predicate
def is_claim_provider(user, claim) -> bool:
    return claim is not None and is_org_admin(user, claim.provider)


@rules.predicate
def may_apply(user, organisation) -> bool:
    return organisation is not None and is_org_member(user, organisation)


@rules.predicate
def is_provider_admin(user, organisation) -> bool:
    return organisation is not None and is_org_admin(user, organisation)


rules.add_perm("vouchers.add_programme", is_platform_operator | is_district_operator)
rules.add_perm("vouchers.manage_programme", runs_programme)
rules.add_perm("vouchers.accept_programme", is_district_operator | is_platform_operator)
rules.add_perm("vouchers.apply", may_apply)
rules.add_perm("vouchers.view_application", is_voucher_holder | runs_programme_of)
rules.add_perm("vouchers.decide_application", runs_programme_of)
rules.add_perm("vouchers.view_voucher", is_voucher_holder | runs_programme_of)
rules.add_perm("vouchers.spend_voucher", is_voucher_holder)
rules.add_perm("vouchers.claim", is_provider_admin)
rules.add_perm("vouchers.view_claim", is_claim_provider | runs_programme_of)
rules.add_perm("vouchers.decide_claim", runs_programme_of)
rules.add_perm("vouchers.claw_back", runs_programme_of_share)
rules.add_perm("vouchers.close_period", runs_authority)
rules.add_perm("vouchers.view_settlement", runs_period)
