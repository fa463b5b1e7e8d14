"""Rows of open calls with a reward (揭榜挂帅), applications and milestones (merged by tests/challenges/matrix.py)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from innobelt.challenges.models import (
    Milestone,
    MilestoneProgress,
    OpenCall,
    OpenCallApplication,
)
from tests.challenges.matrix_common import (
    L,
    _x,
    everyone,
    row,
    signed_in,
)
from tests.factories import OrganisationFactory


def extend_world_with_open_calls(world):
    """City W's open call `call_w` (milestones 30 % and 70 %); org B applied, was selected and reported the first
    milestone (`progress_b`), which waits for the operator."""
    operator = world.users["operator_w"]
    call = OpenCall.objects.create(
        city=world.city_w,
        title_zh="揭榜挂帅：新材料",
        problem="高温合金。",
        funding=Decimal("1000000"),
        deadline=timezone.now() + timedelta(days=30),
        created_by=operator,
    )
    first = Milestone.objects.create(open_call=call, name_zh="样件", share=30, position=0)
    second = Milestone.objects.create(open_call=call, name_zh="中试", share=70, position=1)
    application = OpenCallApplication.objects.create(
        open_call=call, organisation=world.org_b, text="We can.", status=OpenCallApplication.Status.SELECTED
    )
    progress = MilestoneProgress.objects.create(application=application, milestone=first, report="Samples made.")
    world.extra.update(call_w=call, milestone_1=first, milestone_2=second, application_b=application, progress_b=progress)


PAGES = {
    "challenges:open_call_list": ("get", lambda w: "/open-calls/", None, everyone(200)),
    "challenges:open_call_detail": ("get", lambda w: f"/open-calls/{_x(w, 'call_w')}/", None, everyone(200)),
    "challenges:post_open_call": (
        "post",
        lambda w: "/open-calls/new/",
        lambda w: {
            "city": w.city_w.pk,
            "title_zh": "揭榜挂帅：固废利用",
            "text_language": "zh",
            "problem": "钢渣的高值化利用。",
            "funding": "500000.00",
            "deadline": (timezone.localtime() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
            "milestones": "中试 | 40\n示范线 | 60",
        },
        row(L, 403, 403, 403, 302, 200, 302),
    ),  # only district (of the call's city) and platform operators post; X's operator gets the form back (not their city)
    "challenges:apply_open_call": (
        "post",
        lambda w: f"/open-calls/{_x(w, 'call_w')}/apply/",
        lambda w: {"organisation": w.org_b.pk, "text": "We can."},
        signed_in(403),
    ),  # org B is not verified in this world
    "challenges:open_call_application": (
        "get",
        lambda w: f"/open-calls/applications/{_x(w, 'application_b')}/",
        None,
        row(L, 404, 404, 200, 200, 404, 200),
    ),
    "challenges:select_open_call_team": (
        "post",
        lambda w: f"/open-calls/applications/{_x(w, 'application_b')}/select/",
        None,
        row(L, 404, 404, 403, 302, 404, 302),
    ),
    "challenges:report_milestone": (
        "post",
        lambda w: f"/open-calls/applications/{_x(w, 'application_b')}/milestones/{_x(w, 'milestone_2')}/report/",
        lambda w: {"report": "Pilot line runs."},
        row(L, 404, 404, 302, 403, 404, 403),
    ),
    "challenges:accept_milestone": (
        "post",
        lambda w: f"/open-calls/applications/{_x(w, 'application_b')}/milestones/{_x(w, 'milestone_1')}/accept/",
        None,
        row(L, 404, 404, 403, 302, 404, 302),
    ),
    "challenges:send_back_milestone": (
        "post",
        lambda w: f"/open-calls/applications/{_x(w, 'application_b')}/milestones/{_x(w, 'milestone_1')}/send-back/",
        lambda w: {"note": "Add the test data."},
        row(L, 404, 404, 403, 302, 404, 302),
    ),
}

API = {
    "GET /api/v1/open-calls": (lambda w: ("/api/v1/open-calls", None), everyone(200)),
    "POST /api/v1/open-calls": (
        lambda w: (
            "/api/v1/open-calls",
            {
                "city": w.city_w.slug,
                "title_zh": "揭榜",
                "problem": "问题。",
                "funding": "500000",
                "deadline": "2099-06-30T17:00:00+08:00",
                "milestones": [{"name_zh": "全部", "share": 100}],
            },
        ),
        row(401, 403, 403, 403, 201, 403, 201),
    ),
    "GET /api/v1/open-calls/{call_id}": (lambda w: (f"/api/v1/open-calls/{_x(w, 'call_w')}", None), everyone(200)),
    "POST /api/v1/open-calls/{call_id}/applications": (
        lambda w: (f"/api/v1/open-calls/{_x(w, 'call_w')}/applications", {"organisation": "org-b", "text": "We can."}),
        row(401, 403, 403, 403, 403, 403, 403),
    ),  # org B is not verified in this world
    "GET /api/v1/open-calls/{call_id}/applications": (
        lambda w: (f"/api/v1/open-calls/{_x(w, 'call_w')}/applications", None),
        signed_in(200, 401),
    ),
    "GET /api/v1/open-calls/applications/{application_id}": (
        lambda w: (f"/api/v1/open-calls/applications/{_x(w, 'application_b')}", None),
        row(401, 404, 404, 200, 200, 404, 200),
    ),
    "POST /api/v1/open-calls/applications/{application_id}/select": (
        lambda w: (f"/api/v1/open-calls/applications/{_x(w, 'application_b')}/select", None),
        row(401, 404, 404, 403, 200, 404, 200),
    ),
    "POST /api/v1/open-calls/applications/{application_id}/milestones/{milestone_id}/report": (
        lambda w: (
            f"/api/v1/open-calls/applications/{_x(w, 'application_b')}/milestones/{_x(w, 'milestone_2')}/report",
            {"report": "Pilot line runs."},
        ),
        row(401, 404, 404, 200, 403, 404, 403),
    ),
    "POST /api/v1/open-calls/applications/{application_id}/milestones/{milestone_id}/accept": (
        lambda w: (f"/api/v1/open-calls/applications/{_x(w, 'application_b')}/milestones/{_x(w, 'milestone_1')}/accept", None),
        row(401, 404, 404, 403, 200, 404, 200),
    ),
    "POST /api/v1/open-calls/applications/{application_id}/milestones/{milestone_id}/send-back": (
        lambda w: (
            f"/api/v1/open-calls/applications/{_x(w, 'application_b')}/milestones/{_x(w, 'milestone_1')}/send-back",
            {"note": "Add the test data."},
        ),
        row(401, 404, 404, 403, 200, 404, 200),
    ),
}


def secret_application(world):
    """Another team's application to a call of city X and its milestone report: org B and operators of W read
    none of it."""
    team = OrganisationFactory(city=world.city_x)
    call = OpenCall.objects.create(
        city=world.city_x, title_zh="揭榜", problem="p", funding=Decimal("100"), deadline=timezone.now() + timedelta(days=3)
    )
    milestone = Milestone.objects.create(open_call=call, name_zh="全部", share=100)
    application = OpenCallApplication.objects.create(
        open_call=call, organisation=team, text="SECRET-APPLICATION-8123", status=OpenCallApplication.Status.SELECTED
    )
    MilestoneProgress.objects.create(application=application, milestone=milestone, report="SECRET-APPLICATION-8123")
    a, m = application.pk, milestone.pk
    return [
        ("get", f"/api/v1/open-calls/applications/{a}"),
        ("get", f"/api/v1/open-calls/{call.pk}/applications"),
        ("post", f"/api/v1/open-calls/applications/{a}/select"),
        ("post", f"/api/v1/open-calls/applications/{a}/milestones/{m}/accept"),
        ("post", f"/api/v1/open-calls/applications/{a}/milestones/{m}/report", {"report": "x"}),
        ("get", f"/open-calls/applications/{a}/"),
        ("get", f"/open-calls/{call.pk}/"),
        ("post", f"/open-calls/applications/{a}/select/"),
        ("post", f"/open-calls/applications/{a}/milestones/{m}/accept/"),
        ("post", f"/open-calls/applications/{a}/milestones/{m}/send-back/", {"note": "x"}),
        ("post", f"/open-calls/applications/{a}/milestones/{m}/report/", {"report": "x"}),
    ], "SECRET-APPLICATION-8123"


PRIVATE_PROBES = {
    "challenges.opencallapplication": secret_application,
}

NOT_EXPOSED = {
    "challenges.opencall": "public: open calls are published for every team to read",
    "challenges.milestone": "public: listed within its open call",
    "challenges.milestoneprogress": "not addressed by id: read within its application (probed there)",
}
