"""The open-call pages (揭榜挂帅): a district operator posts a call (errors in the reader's language, nothing stored
on bad input; nobody else may post); a team applies on the page, the district's operator selects it, the team reports a
milestone, the operator sends it back (nothing released), the team reports again, the operator accepts (its share is
released, once: a second acceptance is refused with a message and releases nothing)."""

from datetime import timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from innobelt.challenges import domain
from innobelt.challenges.models import Milestone, MilestoneProgress, OpenCall, OpenCallApplication
from tests.factories import CityFactory, UserFactory


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_team_applies_is_selected_and_is_paid_a_milestone_only_on_acceptance_on_the_pages(scene):
    operator = UserFactory(operator_for=[scene.city])
    call = domain.post_open_call(
        actor=operator,
        city=scene.city,
        title_zh="宝山揭榜挂帅：氢脆防护",
        title_en="Baoshan open call: hydrogen embrittlement",
        problem="超高强钢的氢致开裂。",
        funding=Decimal("1000000.00"),
        deadline=timezone.now() + timedelta(days=30),
        milestones=[{"name_zh": "实验室验证", "name_en": "Laboratory validation", "share": 30}, {"name_zh": "工程验证", "share": 70}],
    )
    first = call.milestones.get(position=0)
    anonymous = Client()
    assert "Baoshan open call: hydrogen embrittlement" in anonymous.get("/en/open-calls/").content.decode()
    page = anonymous.get(f"/en/open-calls/{call.pk}/").content.decode()
    assert "¥300000.00" in page and "¥700000.00" in page and 'id="apply-form"' not in page

    team = signed_in(scene.solver_admin)
    assert 'id="apply-form"' in team.get(f"/en/open-calls/{call.pk}/").content.decode()
    response = team.post(f"/en/open-calls/{call.pk}/apply/", {"organisation": scene.solver_org.pk, "text": "  "})
    assert OpenCallApplication.objects.count() == 0  # an empty text: refused, nothing stored
    response = team.post(f"/en/open-calls/{call.pk}/apply/", {"organisation": scene.solver_org.pk, "text": "Nano-precipitate hydrogen traps."})
    application = OpenCallApplication.objects.get()
    assert response["Location"] == f"/en/open-calls/applications/{application.pk}/"
    assert 'id="apply-form"' not in team.get(f"/en/open-calls/{call.pk}/").content.decode()  # applied once

    report_url = f"/en/open-calls/applications/{application.pk}/milestones/{first.pk}/report/"
    team.post(report_url, {"report": "Done early."})
    assert not MilestoneProgress.objects.exists()  # only a selected team reports
    operator_client = signed_in(operator)
    operator_client.post(f"/en/open-calls/applications/{application.pk}/select/")
    application.refresh_from_db()
    assert application.status == "selected"

    team.post(report_url, {"report": "Elongation loss 18 % after charging."})
    progress = MilestoneProgress.objects.get()
    assert (progress.status, progress.released) == ("reported", None)
    assert team.post(f"/en/open-calls/applications/{application.pk}/milestones/{first.pk}/accept/").status_code == 403
    operator_client.post(f"/en/open-calls/applications/{application.pk}/milestones/{first.pk}/send-back/", {"note": "Add the test data."})
    progress.refresh_from_db()
    assert (progress.status, progress.released) == ("sent_back", None)
    assert "Add the test data." in team.get(f"/en/open-calls/applications/{application.pk}/").content.decode()

    team.post(report_url, {"report": "Test data attached."})
    response = operator_client.post(f"/en/open-calls/applications/{application.pk}/milestones/{first.pk}/accept/", follow=True)
    assert "¥300000.00 released to the team" in response.content.decode()
    response = operator_client.post(f"/en/open-calls/applications/{application.pk}/milestones/{first.pk}/accept/", follow=True)
    assert "already accepted or sent back" in response.content.decode()
    progress.refresh_from_db()
    assert (progress.status, progress.released) == ("accepted", Decimal("300000.00"))
    assert MilestoneProgress.objects.count() == 1
    assert "¥300000.00 released on" in team.get(f"/en/open-calls/applications/{application.pk}/").content.decode()


def test_other_teams_and_other_districts_do_not_read_an_application(scene):
    operator = UserFactory(operator_for=[scene.city])
    call = domain.post_open_call(
        actor=operator,
        city=scene.city,
        title_zh="揭榜",
        problem="问题。",
        funding=Decimal("100000"),
        deadline=timezone.now() + timedelta(days=3),
        milestones=[{"name_zh": "全部", "share": 100}],
    )
    application = domain.apply_to_open_call(actor=scene.solver, open_call=call, organisation=scene.solver_org, text="SECRET-PLAN-4411")
    for outsider in (scene.owner_admin, UserFactory(), UserFactory(operator_for=[]), scene.unverified_member):
        client = signed_in(outsider)
        assert client.get(f"/en/open-calls/applications/{application.pk}/").status_code == 404
        assert "SECRET-PLAN-4411" not in client.get(f"/en/open-calls/{call.pk}/").content.decode()
    assert "SECRET-PLAN-4411" in signed_in(operator).get(f"/en/open-calls/applications/{application.pk}/").content.decode()


def _call_form(city, **changes):
    data = {
        "city": city.pk,
        "title_zh": "宝山揭榜挂帅：钢渣高值化利用",
        "title_en": "Baoshan open call: high-value use of steel slag",
        "text_language": "zh",
        "problem": "每年数百万吨钢渣只能低值填埋。",
        "funding": "2000000.50",
        "deadline": (timezone.localtime() + timedelta(days=45)).strftime("%Y-%m-%dT%H:%M"),
        "milestones": "实验室验证 | Laboratory validation | 30\n中试 | 40\n示范线 | Demonstration line | 30",
    }
    data.update(changes)
    return data


def test_a_district_operator_posts_an_open_call_on_the_page_in_both_languages(scene):
    operator = UserFactory(operator_for=[scene.city])
    client = signed_in(operator)
    page = client.get("/open-calls/").content.decode()
    assert 'id="post-open-call"' in page
    form = client.get("/en/open-calls/new/").content.decode()
    assert 'id="open-call-form"' in form and "Funding (CNY)" in form and f'value="{scene.city.pk}"' in form

    response = client.post("/open-calls/new/", _call_form(scene.city))
    call = OpenCall.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/open-calls/{call.pk}/"
    assert (call.city, call.created_by, call.text_language) == (scene.city, operator, "zh")
    assert call.funding == Decimal("2000000.50") and isinstance(call.funding, Decimal)
    assert (call.title_zh, call.title_en) == ("宝山揭榜挂帅：钢渣高值化利用", "Baoshan open call: high-value use of steel slag")
    milestones = [(m.name_zh, m.name_en, m.share) for m in call.milestones.all()]
    assert milestones == [("实验室验证", "Laboratory validation", 30), ("中试", "", 40), ("示范线", "Demonstration line", 30)]
    assert timezone.localtime(call.deadline).strftime("%Y-%m-%dT%H:%M") == _call_form(scene.city)["deadline"]  # China time
    page = client.get(f"/en/open-calls/{call.pk}/").content.decode()
    assert "Baoshan open call: high-value use of steel slag" in page and "¥2000000.50" in page
    assert "¥600000.15" in page and "¥800000.20" in page  # 30 % and 40 %, half-up to the fen; the last takes the rest
    assert "宝山揭榜挂帅：钢渣高值化利用" in client.get(f"/open-calls/{call.pk}/").content.decode()


def test_bad_open_calls_are_refused_with_messages_in_the_readers_language_and_nothing_is_stored(scene):
    client = signed_in(UserFactory(operator_for=[scene.city]))
    cases = [
        ({"milestones": "实验室验证 | 30\n中试 | 40\n示范线 | 20"}, "add up to 90", "合计为 90"),
        ({"milestones": "实验室验证 | 三十"}, "name | share", "名称 | 比例"),
        ({"funding": "0"}, "above zero", "大于零"),
        ({"funding": "100.005"}, "2 decimal places", "小数不超过 2 位"),
        ({"deadline": (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")}, "deadline in the future", "将来的截止时间"),
        ({"title_zh": "", "title_en": ""}, "Chinese or an English title", "中文或英文标题"),
    ]
    for changes, english, chinese in cases:
        en = client.post("/en/open-calls/new/", _call_form(scene.city, **changes))
        zh = client.post("/open-calls/new/", _call_form(scene.city, **changes))
        assert en.status_code == zh.status_code == 200, changes
        assert english in en.content.decode(), (changes, english)
        assert chinese in zh.content.decode(), (changes, chinese)
    assert not OpenCall.objects.exists() and not Milestone.objects.exists()


def test_only_district_and_platform_operators_post_and_only_for_their_cities(scene):
    other_city = CityFactory()
    elsewhere = signed_in(UserFactory(operator_for=[other_city]))
    assert elsewhere.post("/open-calls/new/", _call_form(scene.city)).status_code == 200  # not a choice: the form comes back
    for person in (scene.owner_admin, scene.solver_admin, UserFactory()):
        client = signed_in(person)
        assert client.get("/open-calls/new/").status_code == 403
        assert client.post("/open-calls/new/", _call_form(scene.city)).status_code == 403
        assert 'id="post-open-call"' not in client.get("/open-calls/").content.decode()
    assert Client().get("/open-calls/new/").status_code == 302  # to sign in
    assert not OpenCall.objects.exists()
    platform = UserFactory(is_platform_operator=True)
    assert signed_in(platform).post("/open-calls/new/", _call_form(other_city)).status_code == 302
    assert OpenCall.objects.get().city == other_city
