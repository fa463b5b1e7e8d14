"""Escalation of overdue requests, in-process (the real Celery worker: tests/services/test_escalation_worker.py)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from innobelt.notifications.models import Notification
from innobelt.services.domain import change_status, escalate_overdue_requests, request_service
from innobelt.services.models import ServiceRequest
from innobelt.services.queries import operator_queue
from innobelt.services.tasks import task_escalate_overdue_requests

SHANGHAI = ZoneInfo("Asia/Shanghai")
S = ServiceRequest.Status


def ask(scene, at):
    return request_service(actor=scene.founder, firm=scene.firm, category="market_entry", need="Open an office.",
                           firm_city=scene.wuxi, target_city=scene.putuo, now=at)


def test_an_unanswered_request_is_escalated_once_to_the_provider_and_the_putuo_operator(scene):
    request = ask(scene, datetime(2025, 9, 30, 15, tzinfo=SHANGHAI))  # response due 9 October
    assert escalate_overdue_requests(today=date(2025, 10, 9)) == 0
    assert escalate_overdue_requests(today=date(2025, 10, 10)) == 1
    assert escalate_overdue_requests(today=date(2025, 10, 11)) == 0  # once
    request.refresh_from_db()
    assert request.overdue_since is not None
    for person in (scene.consultant, scene.putuo_operator):
        assert Notification.objects.filter(recipient=person, kind="services.request_overdue").count() == 1
    assert not Notification.objects.filter(recipient=scene.wuxi_operator, kind="services.request_overdue").exists()
    assert list(operator_queue(scene.putuo_operator)) == [request]
    assert list(operator_queue(scene.wuxi_operator)) == []


def test_waiting_for_the_client_is_never_overdue_and_the_resolution_clock_escalates(scene):
    at = datetime(2025, 9, 29, 10, tzinfo=SHANGHAI)  # resolution due 13 October
    waiting, running = ask(scene, at), ask(scene, at)
    for request, moves in ((waiting, [S.ACCEPTED, S.WAITING]), (running, [S.ACCEPTED, S.IN_PROGRESS])):
        for to in moves:
            change_status(actor=scene.consultant, request=request, to=to, now=at)
    assert escalate_overdue_requests(today=date(2025, 10, 14)) == 1
    assert list(ServiceRequest.objects.filter(overdue_since__isnull=False)) == [running]


def test_the_task_runs_in_process(scene):
    ask(scene, datetime(2025, 9, 30, 15, tzinfo=SHANGHAI))
    assert task_escalate_overdue_requests.delay().get() == 1
