"""Operators reassign a request: to another provider serving the target city, with a reason; the old provider is
told and loses it, the history shows it; only operators of the request's cities or platform operators; 409 when
the request is no longer open."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from innobelt.kit.api_errors import ConflictError
from innobelt.notifications.models import Notification
from innobelt.services.domain import change_status, reassign_request, reassignment_candidates, request_service
from innobelt.services.models import RequestStep, ServiceRequest
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.services.factories import jiangsu_city, service_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
S = ServiceRequest.Status


@pytest.fixture
def second(scene):
    """A Jing'an provider also offering market entry in Putuo, and one offering it only in Wuxi."""
    org = OrganisationFactory(city=scene.jingan, name_en="Jing'an Entry Partners")
    staff = MembershipFactory(organisation=org).user
    service = service_of(org, cities=[scene.putuo], title_en="Putuo entry of Jing'an", response_days=2,
                         resolution_days=3)
    elsewhere = service_of(OrganisationFactory(city=scene.wuxi), cities=[scene.wuxi], title_en="Wuxi entry")
    return org, staff, service, elsewhere


def ask(scene, now=None):
    return request_service(actor=scene.founder, firm=scene.firm, category="market_entry", need="Open an office.",
                           firm_city=scene.wuxi, target_city=scene.putuo, wanted_service=scene.service, now=now)


def test_candidates_are_other_providers_of_the_category_serving_the_target_city(scene, second):
    _org, _staff, service, elsewhere = second
    request = ask(scene)
    candidates = list(reassignment_candidates(request))
    assert candidates == [service]
    assert elsewhere not in candidates and scene.service not in candidates
    assert candidates[0].open_load == 0


def test_the_putuo_operator_reassigns_an_accepted_request(scene, second):
    org, staff, service, _elsewhere = second
    request = ask(scene, now=datetime(2025, 9, 25, 10, tzinfo=SHANGHAI))
    request = change_status(actor=scene.consultant, request=request, to=S.ACCEPTED)
    assert request.thread_id is not None
    moved = reassign_request(actor=scene.putuo_operator, request=request, service=service,
                             reason="No progress for a week.", now=datetime(2025, 9, 30, 15, tzinfo=SHANGHAI))
    moved.refresh_from_db()
    assert (moved.provider.organisation, moved.service, moved.status) == (org, service, S.NEW)
    assert moved.thread_id is None and moved.responded_at is None and moved.overdue_since is None
    # counted from the day of the reassignment: the last working day before National Day 2025
    assert moved.response_due_on == date(2025, 10, 10)  # 2 working days: 9 and 10 October
    assert moved.resolution_due_on == date(2025, 10, 11)  # 9, 10, and the make-up Saturday 11
    step = RequestStep.objects.get(request=moved, reassigned_from__isnull=False)
    assert (step.from_status, step.to_status, step.reassigned_from, step.provider) == (
        S.ACCEPTED, S.NEW, scene.service.provider, service.provider)
    assert step.reason == "No progress for a week." and step.actor == scene.putuo_operator
    told_old = Notification.objects.get(recipient=scene.consultant, body="No progress for a week.")
    assert org.name not in told_old.subject and told_old.link == ""
    assert Notification.objects.filter(recipient=staff, kind="services.request_routed").exists()
    assert Notification.objects.filter(recipient=scene.founder, body="No progress for a week.").exists()
    # the old provider no longer sees it; the new one works it through (a new conversation)
    old = Client()
    old.force_login(scene.consultant)
    assert old.get(f"/services/requests/{moved.pk}/").status_code == 404
    accepted = change_status(actor=staff, request=moved, to=S.ACCEPTED)
    assert accepted.thread_id is not None and accepted.thread_id != request.thread_id


def test_only_operators_of_the_request_cities_or_the_platform(scene, second):
    _org, _staff, service, _elsewhere = second
    request = ask(scene)
    suzhou_operator = UserFactory(operator_for=[jiangsu_city("suzhou", "Suzhou", "苏州市")])
    for outsider in (scene.consultant, scene.founder, suzhou_operator):
        with pytest.raises(PermissionDenied):
            reassign_request(actor=outsider, request=request, service=service, reason="x")
    # the firm's city operator may (Wuxi), and a platform operator
    reassign_request(actor=scene.wuxi_operator, request=request, service=service, reason="Wuxi asks.")
    platform = UserFactory(is_platform_operator=True)
    back = reassign_request(actor=platform, request=request, service=scene.service, reason="Back again.")
    assert back.provider == scene.service.provider


def test_bad_input_changes_nothing_and_a_closed_request_is_a_conflict(scene, second):
    _org, _staff, service, elsewhere = second
    request = ask(scene)
    steps = RequestStep.objects.count()
    with pytest.raises(ValidationError):
        reassign_request(actor=scene.putuo_operator, request=request, service=service, reason="  ")
    with pytest.raises(ValidationError):  # not offered in the target city
        reassign_request(actor=scene.putuo_operator, request=request, service=elsewhere, reason="x")
    with pytest.raises(ValidationError):  # the current provider
        reassign_request(actor=scene.putuo_operator, request=request, service=scene.service, reason="x")
    request.refresh_from_db()
    assert request.provider == scene.service.provider and RequestStep.objects.count() == steps
    change_status(actor=scene.consultant, request=request, to=S.REJECTED, reason="Not for us.")
    with pytest.raises(ConflictError):
        reassign_request(actor=scene.putuo_operator, request=request, service=service, reason="x")


def test_the_page_and_the_api(scene, second):
    org, _staff, service, _elsewhere = second
    request = ask(scene)
    operator = Client()
    operator.force_login(scene.putuo_operator)
    page = operator.get(f"/en/services/requests/{request.pk}/").content.decode()
    assert f"/en/services/requests/{request.pk}/reassign/" in page
    form = operator.get(f"/en/services/requests/{request.pk}/reassign/").content.decode()
    assert "Putuo entry of Jing&#x27;an" in form or "Putuo entry of Jing'an" in form
    missing = operator.post(f"/en/services/requests/{request.pk}/reassign/", {"service": service.pk, "reason": ""})
    assert missing.status_code == 200 and "This field is required." in missing.content.decode()
    done = operator.post(f"/services/requests/{request.pk}/reassign/", {"service": service.pk, "reason": "Busy."})
    assert done.status_code == 302
    history = operator.get(f"/en/services/requests/{request.pk}/").content.decode()
    assert f"reassigned by an operator from {scene.provider_org.name} to" in history and "Busy." in history
    url = f"/api/v1/service-requests/{request.pk}/reassign"
    answer = operator.post(url, content_type="application/json", data={"service": scene.service.pk, "reason": "Back."})
    assert answer.status_code == 200 and answer.json()["provider"] == scene.provider_org.slug
    bad = operator.post(url, content_type="application/json", data={"service": service.pk + 999, "reason": "x"})
    assert bad.status_code == 400 and "error" in bad.json()
    change_status(actor=scene.consultant, request=request, to=S.REJECTED, reason="No.")
    conflict = operator.post(url, content_type="application/json", data={"service": service.pk, "reason": "x"},
                             headers={"accept-language": "en"})
    assert conflict.status_code == 409
    assert conflict.json()["error"]["message"] == "This request is rejected: it cannot be reassigned."
    assert operator.post(f"/services/requests/{request.pk}/reassign/",
                         {"service": service.pk, "reason": "x"}).status_code == 409
