"""Requests: routing across provinces, round-robin and load limits, the statuses, the paused clock, ratings."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from innobelt.conversations.models import Thread
from innobelt.kit.api_errors import ConflictError
from innobelt.notifications.models import Notification
from innobelt.services.domain import change_status, confirm_request, pass_on_request, request_service
from innobelt.services.models import RequestStep, ServiceRequest
from tests.factories import MembershipFactory, OrganisationFactory
from tests.services.factories import service_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
S = ServiceRequest.Status


def ask(scene, *, target=None, category="market_entry", **kwargs):
    return request_service(actor=scene.founder, firm=scene.firm, category=category, need="Open a sales office.",
                           firm_city=scene.wuxi, target_city=target or scene.putuo, **kwargs)


def test_a_wuxi_firm_asking_for_shanghai_is_routed_to_the_shanghai_provider_and_cross_provincial(scene):
    request = ask(scene, now=datetime(2025, 9, 30, 15, tzinfo=SHANGHAI))
    assert request.provider.organisation == scene.provider_org
    assert request.service == scene.service
    assert request.cross_provincial is True
    assert request.status == S.NEW
    assert request.response_due_on == date(2025, 10, 9)  # 1 working day after the last before National Day
    assert request.resolution_due_on == date(2025, 10, 14)  # 9, 10, 11 (make-up Saturday), 13, 14
    assert request.calendar_fallback is False
    assert Notification.objects.filter(recipient=scene.consultant, kind="services.request_routed").exists()


def test_a_request_within_one_province_is_not_cross_provincial(scene):
    local_firm = OrganisationFactory(city=scene.putuo)
    user = MembershipFactory(organisation=local_firm).user
    request = request_service(actor=user, firm=local_firm, category="market_entry", need="N", firm_city=scene.putuo,
                              target_city=scene.jingan)
    assert request.cross_provincial is False and request.provider is not None


def test_round_robin_among_equal_providers_and_the_load_limit_is_skipped(scene):
    other = service_of(cities=[scene.putuo], title_en="Another market entry")
    first, second, third = ask(scene), ask(scene), ask(scene)
    assert first.provider != second.provider
    assert third.provider == first.provider
    # the first provider is full: every request goes to the other one
    first.provider.load_limit = 2
    first.provider.save()
    assert {ask(scene).provider, ask(scene).provider} == {other.provider}


def test_no_provider_for_the_city_leaves_it_unrouted_and_tells_the_city_operators(scene):
    request = ask(scene, target=scene.wuxi)
    assert request.provider is None and request.response_due_on is None
    assert Notification.objects.filter(recipient=scene.wuxi_operator, kind="services.request_unrouted").exists()


def test_a_member_of_another_organisation_may_not_request_for_the_firm(scene):
    with pytest.raises(PermissionDenied):
        request_service(actor=scene.consultant, firm=scene.firm, category="market_entry", need="N",
                        firm_city=scene.wuxi, target_city=scene.putuo)


def test_missing_need_and_unknown_category_are_field_errors(scene):
    with pytest.raises(ValidationError) as caught:
        request_service(actor=scene.founder, firm=scene.firm, category="nothing", need=" ", firm_city=scene.wuxi,
                        target_city=scene.putuo)
    assert set(caught.value.message_dict) == {"category", "need"}


def test_passing_on_routes_to_the_next_provider_never_back(scene):
    other = service_of(cities=[scene.putuo], title_en="Another market entry")
    request = ask(scene)
    first = request.provider
    handler = scene.consultant if first == scene.service.provider else MembershipFactory(
        organisation=other.provider.organisation).user
    request = pass_on_request(actor=handler, request=request, reason="Fully booked this month.")
    assert request.provider != first and request.provider is not None
    step = RequestStep.objects.get(request=request, passed_on=True)
    assert step.reason == "Fully booked this month." and step.provider == first


def test_the_whole_way_with_a_thread_and_a_rating(scene):
    request = ask(scene)
    request = change_status(actor=scene.consultant, request=request, to=S.ACCEPTED)
    thread = Thread.objects.get(pk=request.thread_id)
    assert {thread.starter, thread.recipient} == {scene.provider_org, scene.firm}
    for to in (S.IN_PROGRESS, S.WAITING, S.IN_PROGRESS, S.RESOLVED):
        request = change_status(actor=scene.consultant, request=request, to=to)
    request = confirm_request(actor=scene.founder, request=request, rating=5, comment="Quick and clear.")
    assert (request.status, request.rating, request.rating_comment) == (S.CLOSED, 5, "Quick and clear.")
    assert [s.to_status for s in request.steps.all()] == ["new", "accepted", "in_progress", "waiting", "in_progress",
                                                          "resolved", "closed"]


def test_illegal_transitions_are_conflicts_that_say_the_status(scene):
    request = ask(scene)
    with pytest.raises(ConflictError) as caught, translation.override("en"):
        change_status(actor=scene.consultant, request=request, to=S.IN_PROGRESS)
    assert caught.value.message == "This request is new: it cannot become in progress."
    assert caught.value.details == {"status": "new"}
    with pytest.raises(ConflictError):
        confirm_request(actor=scene.founder, request=request, rating=4)
    change_status(actor=scene.consultant, request=request, to=S.ACCEPTED)
    with pytest.raises(ConflictError):
        pass_on_request(actor=scene.consultant, request=request, reason="Too late")


def test_only_the_provider_moves_and_only_the_firm_confirms(scene):
    request = ask(scene)
    with pytest.raises(PermissionDenied):
        change_status(actor=scene.founder, request=request, to=S.ACCEPTED)
    with pytest.raises(PermissionDenied):
        confirm_request(actor=scene.consultant, request=request, rating=5)


def test_rejecting_needs_a_reason_and_ratings_are_1_to_5(scene):
    request = ask(scene)
    with pytest.raises(ValidationError):
        change_status(actor=scene.consultant, request=request, to=S.REJECTED, reason=" ")
    request = change_status(actor=scene.consultant, request=request, to=S.REJECTED, reason="Outside our field.")
    assert request.reason == "Outside our field." and not request.is_open
    other = ask(scene)
    for to in (S.ACCEPTED, S.RESOLVED):
        other = change_status(actor=scene.consultant, request=other, to=to)
    with pytest.raises(ValidationError):
        confirm_request(actor=scene.founder, request=other, rating=6)


def test_waiting_for_the_client_pauses_the_resolution_clock(scene):
    at = datetime(2025, 9, 29, 10, tzinfo=SHANGHAI)  # Monday
    request = ask(scene, now=at)
    assert request.resolution_due_on == date(2025, 10, 13)  # 30 Sep, 9, 10, 11 (make-up Saturday), 13 Oct
    request = change_status(actor=scene.consultant, request=request, to=S.ACCEPTED, now=at)
    request = change_status(actor=scene.consultant, request=request, to=S.WAITING, now=at)
    # the client answers on Thursday 9 October: working days waited after Monday 29 September: 30 Sep, 9 Oct = 2
    request = change_status(actor=scene.consultant, request=request, to=S.IN_PROGRESS,
                            now=datetime(2025, 10, 9, 11, tzinfo=SHANGHAI))
    assert request.paused_days == 2
    assert request.resolution_due_on == date(2025, 10, 15)  # 13 October + 2 working days
