"""Who may do what in the service zone (django-rules predicates).

A firm acts through its members: any member may request a service for it, follow its requests and confirm
and rate them. The provider the request is routed to acts through its members: accept, pass on, work it
through, reject. A provider never sees another provider's requests (one that passed a request on no longer
sees it); a firm sees only its own. District operators see the requests of their cities (the provider's or
the firm's or the target city); platform operators see all, and they and the district operators of the
request's cities may reassign it to another provider. A provider's catalogue is managed by its
organisation's admins and by the operators who may change the organisation itself (its city's, the
platform's). `can_see_request` must agree with queries.visible_requests.
"""

import rules

from innobelt.accounts.rules import is_district_operator, is_district_operator_for_city, is_platform_operator
from innobelt.organisations.rules import is_district_operator_of_org, is_org_admin, is_org_member
from innobelt.permissions import is_active_user


@rules.predicate
def is_request_firm_member(user, request) -> bool:
    return request is not None and is_org_member(user, request.firm)


@rules.predicate
def is_request_provider_member(user, request) -> bool:
    return request is not None and request.provider_id is not None and is_org_member(user, request.provider.organisation)


@rules.predicate
def is_request_operator(user, request) -> bool:
    if request is None or not is_active_user(user):
        return False
    provider_city = request.provider.organisation.city_id if request.provider_id else None
    cities = (provider_city, request.firm_city_id, request.target_city_id)
    return any(is_district_operator_for_city(user, city) for city in cities if city)


can_see_request = is_platform_operator | is_request_firm_member | is_request_provider_member | is_request_operator

rules.add_perm("services.request_service", is_org_member)  # object: the firm organisation
rules.add_perm("services.view_request", can_see_request)
rules.add_perm("services.handle_request", is_request_provider_member)
rules.add_perm("services.confirm_request", is_request_firm_member)
# the firm adds files to its request while it waits for a provider (domain: only while new)
rules.add_perm("services.attach_files", is_request_firm_member)
# the firm's files are read by the firm and the provider it is routed to, not by operators (as a message's attachment)
rules.add_perm("services.view_request_attachments", is_request_firm_member | is_request_provider_member)
# object: the provider's organisation; its admins, and the operators who may change the organisation itself
rules.add_perm("services.manage_catalogue", is_org_admin | is_district_operator_of_org | is_platform_operator)
rules.add_perm("services.reassign_request", is_platform_operator | is_request_operator)
# the official holiday schedule is national: platform operators enter it, district operators read it
rules.add_perm("services.enter_holiday_schedule", is_platform_operator)
rules.add_perm("services.view_holiday_schedule", is_platform_operator | is_district_operator)
