"""Who may do what in the meeting zone (django-rules predicates).

Managers of an event: platform operators, district operators of its city and the
admins of the organising organisation. Door staff: managers and any member of the
organising organisation (they may check people in). Raters of pitches: members of an
investor or large-firm organisation. `can_see_event` must agree with
queries.visible_events (a test checks).
"""

import rules

from innobelt.accounts.rules import has_confirmed_email, is_district_operator, is_district_operator_for_city, is_platform_operator
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.rules import is_org_admin, is_org_member
from innobelt.permissions import is_active_user

RATER_KINDS = (Organisation.Kind.INVESTOR, Organisation.Kind.LARGE_FIRM)


@rules.predicate
def manages_event(user, event) -> bool:
    if event is None or not is_active_user(user):
        return False
    return (is_platform_operator(user) or is_district_operator_for_city(user, event.city_id)
            or (event.organiser_id is not None and is_org_admin(user, event.organiser)))


@rules.predicate
def staffs_event(user, event) -> bool:
    return manages_event(user, event) or (event is not None and event.organiser_id is not None and is_org_member(user, event.organiser))


@rules.predicate
def is_published_event(user, event) -> bool:
    return event is not None and event.status == "published"


can_see_event = is_published_event | staffs_event


@rules.predicate
def is_any_org_admin(user) -> bool:
    return is_active_user(user) and Membership.objects.filter(user=user, role=Membership.Role.ADMIN).exists()


@rules.predicate
def is_rater(user) -> bool:
    """A member of an investor or a large firm."""
    return is_active_user(user) and Membership.objects.filter(user=user, organisation__kind__in=RATER_KINDS).exists()


@rules.predicate
def owns_registration(user, registration) -> bool:
    return registration is not None and is_active_user(user) and registration.user_id == user.pk


@rules.predicate
def manages_registration(user, registration) -> bool:
    return registration is not None and manages_event(user, registration.event)


@rules.predicate
def staffs_registration(user, registration) -> bool:
    return registration is not None and staffs_event(user, registration.event)


@rules.predicate
def manages_pitch(user, pitch) -> bool:
    return pitch is not None and manages_event(user, pitch.event)


@rules.predicate
def is_pitching_member(user, pitch) -> bool:
    return pitch is not None and is_org_member(user, pitch.organisation)


@rules.predicate
def is_selected_pitch(user, pitch) -> bool:
    return pitch is not None and pitch.status == "selected"


@rules.predicate
def is_startup_member(user, organisation) -> bool:
    return organisation is not None and organisation.kind == Organisation.Kind.STARTUP and is_org_member(user, organisation)


@rules.predicate
def wrote_rating(user, rating) -> bool:
    return rating is not None and is_active_user(user) and rating.rated_by_id == user.pk and is_org_member(user, rating.organisation)


@rules.predicate
def is_party_to_meeting_request(user, meeting) -> bool:
    return meeting is not None and (is_org_member(user, meeting.from_organisation) or is_org_member(user, meeting.to_organisation))


# events: the object is the event; for add_event none (who may open the form at all)
rules.add_perm("events.add_event", is_platform_operator | is_district_operator | is_any_org_admin)
rules.add_perm("events.view_event", can_see_event)
rules.add_perm("events.change_event", manages_event)
rules.add_perm("events.view_registrations", manages_event)
# what the registrations page offers its managers: spreadsheets, a message to registrants, badges to print
rules.add_perm("events.export_registrations", manages_event)
rules.add_perm("events.message_registrants", manages_event)
rules.add_perm("events.print_badges", manages_event)
rules.add_perm("events.check_in", staffs_event)
rules.add_perm("events.register_for_event", has_confirmed_email & is_published_event)
# registrations
rules.add_perm("events.view_registration", owns_registration | staffs_registration)
rules.add_perm("events.cancel_registration", owns_registration | manages_registration)
rules.add_perm("events.decide_registration", manages_registration)
# roadshows: apply_to_pitch's object is the startup organisation
rules.add_perm("events.apply_to_pitch", is_startup_member)
rules.add_perm("events.view_pitch", manages_pitch | is_pitching_member | (is_selected_pitch & is_rater))
rules.add_perm("events.decide_pitch", manages_pitch)
rules.add_perm("events.rate_pitch", is_selected_pitch & is_rater & ~is_pitching_member)
rules.add_perm("events.request_meeting", wrote_rating)
rules.add_perm("events.view_meeting_request", is_party_to_meeting_request | is_platform_operator)
