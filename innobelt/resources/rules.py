"""Who may do what with shared resources (django-rules predicates).

Owners act through their organisation: its admins manage its resources and
decide requests; any of its members sees them. Seekers act through theirs:
any member may ask, answer, accept the terms, book and report the outcome.
`can_see_resource` must agree with queries.visible_resources (a test checks).
"""

import rules

from innobelt.accounts.rules import has_confirmed_email, is_district_operator_for_city, is_platform_operator
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.rules import is_org_admin, is_org_member
from innobelt.permissions import is_active_user


@rules.predicate
def is_owner_admin(user, resource) -> bool:
    return resource is not None and is_org_admin(user, resource.owner)


@rules.predicate
def is_owner_member(user, resource) -> bool:
    return resource is not None and is_org_member(user, resource.owner)


@rules.predicate
def is_city_operator(user, resource) -> bool:
    return resource is not None and is_district_operator_for_city(user, resource.city_id)


@rules.predicate
def is_visible_when_published(user, resource) -> bool:
    """The resource is published and its visibility lets this person see it."""
    if resource is None or resource.status != "published":
        return False
    if resource.visibility == "public":
        return True
    if not is_active_user(user):
        return False
    memberships = Membership.objects.filter(user=user)
    if resource.visibility == "verified":
        return memberships.filter(organisation__verification=Organisation.Verification.VERIFIED).exists()
    return memberships.filter(organisation__city__in=resource.visible_cities.all()).exists()


can_see_resource = is_platform_operator | is_owner_member | is_city_operator | is_visible_when_published


@rules.predicate
def is_seeker_member(user, request) -> bool:
    return request is not None and is_org_member(user, request.organisation)


@rules.predicate
def is_seeker_admin(user, request) -> bool:
    return request is not None and is_org_admin(user, request.organisation)


@rules.predicate
def is_request_owner_admin(user, request) -> bool:
    return request is not None and is_owner_admin(user, request.resource)


@rules.predicate
def is_request_owner_member(user, request) -> bool:
    return request is not None and is_owner_member(user, request.resource)


@rules.predicate
def is_booker(user, booking) -> bool:
    return booking is not None and is_active_user(user) and booking.booked_by_id == user.pk


@rules.predicate
def is_booking_seeker_admin(user, booking) -> bool:
    return booking is not None and is_org_admin(user, booking.organisation)


@rules.predicate
def is_booking_seeker_member(user, booking) -> bool:
    return booking is not None and is_org_member(user, booking.organisation)


@rules.predicate
def is_booking_owner_admin(user, booking) -> bool:
    return booking is not None and is_owner_admin(user, booking.resource)


@rules.predicate
def is_booking_owner_member(user, booking) -> bool:
    return booking is not None and is_owner_member(user, booking.resource)


rules.add_perm("resources.view_resource", can_see_resource)
rules.add_perm("resources.add_resource", is_platform_operator | is_org_admin)  # object: the owner organisation
rules.add_perm("resources.change_resource", is_platform_operator | is_owner_admin | is_city_operator)
rules.add_perm("resources.import_resources", is_platform_operator | is_org_admin)  # object: the owner organisation
rules.add_perm("resources.request_access", has_confirmed_email)
rules.add_perm("resources.view_accessrequest", is_platform_operator | is_seeker_member | is_request_owner_member)
rules.add_perm("resources.decide_accessrequest", is_platform_operator | is_request_owner_admin)
rules.add_perm("resources.manage_bookings", is_platform_operator | is_owner_admin)  # closures, cancelling at any time
rules.add_perm("resources.view_booking", is_platform_operator | is_booking_seeker_member | is_booking_owner_member)
rules.add_perm("resources.cancel_booking", is_platform_operator | is_booker | is_booking_seeker_admin | is_booking_owner_admin)
rules.add_perm("resources.view_owner_report", is_platform_operator | is_org_member)  # object: the owner organisation
rules.add_perm("resources.manage_pricing", is_platform_operator | is_owner_admin)  # prices and the sharing pledge
rules.add_perm("resources.check_in", is_booker | is_booking_seeker_member | is_booking_owner_admin)
rules.add_perm("resources.manage_training", is_platform_operator | is_owner_admin)  # training records, scheduling sessions
rules.add_perm("resources.manage_sample_jobs", is_platform_operator | is_owner_admin)  # quote, receive, report results
rules.add_perm("resources.view_statements", is_platform_operator | is_org_admin)  # object: the owner organisation

# Answering, accepting the terms (an NDA perhaps), withdrawing, booking and reporting the outcome are
# acts of the seeker organisation's own people: platform operators do not pass (nobody passes a rule
# for being a superuser, see innobelt.permissions).
rules.add_perm("resources.act_for_seeker", is_seeker_member)
