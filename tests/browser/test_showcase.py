"""Issue 26, Must show, in Chromium: COMAC's team drafts an achievement linked to its challenge, the challenge
pilot (the pipeline of the partner's winning proposal, at the pilot stage) and two bookings, and submits it; the
partner confirms; a Pudong operator publishes it; it appears on the public showcase in both languages with its
trail, and on COMAC's exhibition page."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from innobelt.challenges.models import Challenge, Pipeline
from innobelt.organisations.models import Organisation
from innobelt.showcase.models import Achievement
from tests.challenges.factories import ChallengeFactory, ProposalFactory
from tests.factories import (
    AccessRequestFactory,
    BookingFactory,
    CityFactory,
    MembershipFactory,
    OrganisationFactory,
    ResourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def signed_in(browser, live_server, user, errors):
    context = browser.new_context()
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    return page


def test_comac_achievement_from_submission_to_the_public_showcase(browser, live_server, transactional_db):
    pudong = CityFactory(slug="pudong", name_zh="浦东新区", name_en="Pudong")
    comac = OrganisationFactory(
        kind=Organisation.Kind.LARGE_FIRM,
        city=pudong,
        slug="comac-innovation-valley",
        name_zh="中国商飞创新谷",
        name_en="COMAC Innovation Valley",
    )
    wusong = OrganisationFactory(
        kind=Organisation.Kind.LABORATORY, name_zh="吴淞材料实验室", name_en="Wusong Material Laboratory"
    )
    comac_member = MembershipFactory(organisation=comac).user
    wusong_member = MembershipFactory(organisation=wusong).user
    operator = UserFactory(operator_for=[pudong])
    challenge = ChallengeFactory(
        owner=comac,
        title_zh="复合材料在役检测",
        title_en="In-service composite inspection",
        status=Challenge.Status.AWARDED,
    )
    proposal = ProposalFactory(challenge=challenge, organisation=wusong)
    Challenge.objects.filter(pk=challenge.pk).update(awarded_proposal=proposal)
    pilot = Pipeline.objects.create(proposal=proposal, stage=Pipeline.Stage.PILOT)
    xrd = ResourceFactory(owner=wusong, title_zh="X射线衍射仪", title_en="X-ray diffractometer")
    access = AccessRequestFactory(resource=xrd, organisation=comac, requested_by=comac_member)
    bookings = [BookingFactory(access_request=access), BookingFactory(access_request=access)]

    errors: list[str] = []
    base = live_server.url
    team = signed_in(browser, live_server, comac_member, errors)
    team.goto(f"{base}/en/showcase/mine/")
    team.click("#new-achievement")
    team.select_option("#id_kind", "milestone")
    team.fill("#id_title_zh", "民机复合材料在役检测试点")
    team.fill("#id_title_en", "Pilot of in-service inspection of airliner composites")
    team.fill("#id_story_zh", "双方在机库完成检测试点，检测时间缩短一半。")
    team.fill("#id_story_en", "The partners ran a pilot in a hangar that halved the inspection time.")
    team.fill("#id_revenue", "3600000.00")
    team.fill("#id_patents_filed", "3")
    team.check(f"input[name=partners][value='{wusong.pk}']")
    team.check(f"input[name=cities][value='{pudong.pk}']")
    for value in (
        f"challenge:{challenge.pk}",
        f"pilot:{pilot.pk}",
        f"booking:{bookings[0].pk}",
        f"booking:{bookings[1].pk}",
    ):
        team.check(f"input[name=trail][value='{value}']")
    team.click("#save-achievement")
    expect(team.locator("#trail li")).to_have_count(4)
    team.click("#submit-achievement")
    expect(team.locator("#achievement-status")).to_have_text("waiting for the partners")
    achievement = Achievement.objects.get()

    partner = signed_in(browser, live_server, wusong_member, errors)
    partner.goto(f"{base}/en/showcase/achievements/{achievement.pk}/")
    partner.click("#confirm-achievement")
    expect(partner.locator("#achievement-status")).to_have_text("in review")

    pudong_operator = signed_in(browser, live_server, operator, errors)
    pudong_operator.goto(f"{base}/en/showcase/mine/")
    pudong_operator.click(f"#review-queue a[href$='/achievements/{achievement.pk}/']")
    pudong_operator.click("#publish-achievement")
    expect(pudong_operator.locator("#achievement-status")).to_have_text("published")

    public = signed_in(browser, live_server, None, errors)
    public.goto(f"{base}/showcase/?city=pudong")
    public.click("text=民机复合材料在役检测试点")
    expect(public.locator("h1")).to_have_text("民机复合材料在役检测试点")
    expect(public.locator("#trail li")).to_have_count(4)
    expect(public.locator("#trail")).to_contain_text("复合材料在役检测")
    expect(public.locator("#trail")).to_contain_text("吴淞材料实验室")  # the pilot: the solver on the challenge
    expect(public.locator("#trail")).to_contain_text("X射线衍射仪")
    expect(public.locator("#partners")).to_contain_text("吴淞材料实验室")
    public.goto(f"{base}/en/showcase/?city=pudong")
    public.click("text=Pilot of in-service inspection of airliner composites")
    expect(public.locator("#story")).to_contain_text("halved the inspection time")
    expect(public.locator("#trail")).to_contain_text(
        "Pilot of Wusong Material Laboratory on “In-service composite inspection”"
    )
    expect(public.locator("#trail")).to_contain_text("X-ray diffractometer")
    expect(public.locator(f"#trail a[href$='/challenges/{challenge.pk}/']")).to_have_count(1)  # public record
    expect(public.locator("#trail a[href*='/bookings/']")).to_have_count(0)  # bookings stay private
    public.goto(f"{base}/en/showcase/exhibitors/comac-innovation-valley/")
    expect(public.locator("#exhibition-achievements")).to_contain_text(
        "Pilot of in-service inspection of airliner composites"
    )
    for page, path in ((public, "/showcase/"), (public, f"/showcase/achievements/{achievement.pk}/"),
                       (public, "/en/showcase/exhibitors/comac-innovation-valley/"), (public, "/showcase/awards/"),
                       (team, "/showcase/new/"), (team, "/en/showcase/mine/")):
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(f"{base}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    assert not errors, errors
