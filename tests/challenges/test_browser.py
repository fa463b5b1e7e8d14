"""Must show (issue 21), in Debian's Chromium, through the pages: a firm posts a challenge in Chinese; an
English-writing startup sees it recommended with reasons, accepts the agreement and submits a proposal; two
reviewers score it (a third, from the startup's own organisation, is refused as conflicted); the owner shortlists
it and moves the pair through the meeting and the NDA to a pilot, and the startup sees each step; a second
proposal is declined and its solver reads the reason.

The matching index is real (a fresh one in tmp_path, re-indexing on save as in production), so the
recommendation comes from the engine reading the published challenge, not from a fixture."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from playwright.sync_api import expect

from innobelt.challenges.models import Challenge, Pipeline, Proposal, ReviewAssignment
from innobelt.matching import domain as matching
from innobelt.matching import index_store
from innobelt.organisations.models import Membership, Organisation
from tests.browser.conftest import browser_type_launch_args, console_errors  # noqa: F401  (Debian's Chromium, shared fixtures)
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
STATEMENT = "征集超声相控阵与人工智能缺陷识别相结合的民机复合材料构件无损检测方案，可在装配现场对壁板进行在位检测，并在真实产线验证。"


@pytest.fixture
def live_index(settings, tmp_path):
    """A fresh matching index that follows every save, as in production (MATCHING_AUTO_INDEX)."""
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    settings.MATCHING_AUTO_INDEX = True
    index_store.reset_for_tests()
    yield
    index_store.reset_for_tests()


def chinese(label) -> str:
    """What a Chinese reader is shown for a label (the site's catalogues, whichever app's wins)."""
    with translation.override("zh-hans"):
        return str(label)


def sign_in(page, base, email, language=""):
    page.goto(f"{base}{language}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form-card button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def person_page(browser, base, errors, email, language=""):
    """A browser of its own for one person, signed in through the login page."""
    page = browser.new_context().new_page()
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    sign_in(page, base, email, language)
    return page


def admin(org, email, **user):
    person = UserFactory(email=email, **user)
    MembershipFactory(user=person, organisation=org, role=Membership.Role.ADMIN)
    return person


def submit_proposal(page, base, challenge, text, language=""):
    """On the challenge's page: accept the agreement, write the proposal, submit it; back on the proposal's page."""
    page.goto(f"{base}{language}/challenges/{challenge.pk}/")
    expect(page.locator("#challenge-details-hidden")).to_be_visible()
    page.click("#agreement-form button[type=submit]")
    expect(page.locator("#challenge-details")).to_contain_text("壁板图纸")
    page.click("#start-proposal button[type=submit]")
    page.fill("#id_text", text)
    page.fill("#id_team", "Two NDT engineers, one ML engineer.")
    page.fill("#id_trl", "5")
    page.fill("#id_budget", "480000.00")
    page.click("#proposal-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/proposals/\d+/$"))
    page.click("#submit-proposal")
    expect(page.locator(".message-success")).to_be_visible()
    return Proposal.objects.get(challenge=challenge, text=text)


def test_a_chinese_challenge_is_found_by_an_english_startup_reviewed_and_followed_to_a_pilot(browser, live_server, transactional_db, live_index):
    base = live_server.url
    errors: list[str] = []
    verified = Organisation.Verification.VERIFIED
    aerospace = IndustryFactory(code="aerospace", name_zh="航空航天", name_en="Aerospace")
    shanghai = CityFactory(slug="pudong", name_zh="浦东新区", name_en="Pudong")
    firm = OrganisationFactory(kind=Organisation.Kind.LARGE_FIRM, city=shanghai, verification=verified, name_zh="中国商飞创新谷", name_en="")
    firm_admin = admin(firm, "innovation@comac.example")
    startup = OrganisationFactory(
        kind=Organisation.Kind.STARTUP,
        name_zh="",
        name_en="SonicScan Robotics",
        verification=verified,
        description="We build ultrasonic phased-array inspection robots with AI defect recognition for composite aircraft parts.",
        description_language="en",
        industries=[aerospace],
    )
    founder = admin(startup, "founder@sonicscan.example", preferred_language="en")
    colleague = UserFactory(email="engineer@sonicscan.example")
    MembershipFactory(user=colleague, organisation=startup, role=Membership.Role.MEMBER)
    sme = OrganisationFactory(kind=Organisation.Kind.SME, verification=verified, name_zh="苏州检测设备有限公司", name_en="")
    sme_admin = admin(sme, "boss@suzhou-ndt.example")
    reviewers = [UserFactory(email="reviewer1@example.com"), UserFactory(email="reviewer2@example.com")]
    matching.rebuild_index()  # the organisations; the challenge joins it when it is published

    # The firm drafts the challenge in Chinese on the page, then publishes it.
    owner = person_page(browser, base, errors, firm_admin.email)
    owner.goto(f"{base}/challenges/new/")
    owner.select_option("#id_owner", str(firm.pk))
    owner.fill("#id_title_zh", "民机复合材料构件智能无损检测")
    owner.select_option("#id_text_language", "zh")
    owner.fill("#id_statement", STATEMENT)
    owner.fill("#id_desired_outcome", "三个月内在总装线完成一次试点。")
    owner.fill("#id_offers", "试点产线、测试样件与验证经费。")
    owner.fill("#id_agreement", "双方对交换的信息保密三年。")
    owner.fill("#id_confidential_details", "壁板图纸与现行检测规程。")
    deadline = timezone.localtime() + timedelta(days=30)
    owner.fill("#id_proposal_deadline", f"{deadline:%Y-%m-%dT%H:%M}")
    owner.check(f"input[name=industries][value='{aerospace.pk}']")
    owner.fill("#id_criteria", "技术可行性 | 60\n成本 | 40")
    owner.click(".challenge-form button[type=submit]")
    expect(owner.locator("#challenge-status")).to_have_class(re.compile(r"\bstatus-draft\b"))
    owner.click("#publish-challenge")
    expect(owner.locator(".message-success")).to_be_visible()
    challenge = Challenge.objects.get(title_zh="民机复合材料构件智能无损检测")
    assert challenge.status == Challenge.Status.PUBLISHED and challenge.text_language == "zh"
    assert [(c.name_zh, c.weight) for c in challenge.criteria.all()] == [("技术可行性", 60), ("成本", 40)]

    # The English-writing startup finds it among its recommendations, with the reasons, in English.
    solver = person_page(browser, base, errors, founder.email, "/en")
    solver.goto(f"{base}/en/organisations/mine/")
    match = solver.locator(".match", has=solver.locator(f"a[href='/en/challenges/{challenge.pk}/']"))
    expect(match).to_have_count(1, timeout=30_000)
    expect(match.locator(".reasons li").first).to_be_visible()
    solver.click(f".match a[href='/en/challenges/{challenge.pk}/']")
    expect(solver.locator("h1")).to_have_text("民机复合材料构件智能无损检测")
    proposal = submit_proposal(solver, base, challenge, "A crawler carrying a phased-array probe; a network trained on 40,000 scans.", "/en")
    expect(solver.locator("#proposal-status")).to_have_text("submitted")

    # A second solver (a Suzhou SME) answers too.
    rival = person_page(browser, base, errors, sme_admin.email)
    second = submit_proposal(rival, base, challenge, "激光超声检测方案，已有两家航空客户。")

    # The owner assigns two reviewers; a third from the startup's own organisation is refused as conflicted.
    owner.goto(f"{base}/challenges/{challenge.pk}/")
    expect(owner.locator("#challenge-proposals li")).to_have_count(2)
    owner.click(f"#challenge-proposals a[href='/proposals/{proposal.pk}/']")
    for reviewer in reviewers:
        owner.fill("#assign-reviewer input[name=email]", reviewer.email)
        owner.click("#assign-reviewer button[type=submit]")
        expect(owner.locator(".message-success")).to_be_visible()
    owner.fill("#assign-reviewer input[name=email]", colleague.email)
    owner.click("#assign-reviewer button[type=submit]")
    expect(owner.locator(".message-error")).to_be_visible()
    assert ReviewAssignment.objects.filter(proposal=proposal).count() == 2
    assert not ReviewAssignment.objects.filter(reviewer=colleague).exists()
    expect(owner.locator("#proposal-reviews li")).to_have_count(2)

    # Each reviewer finds the review in their list and scores both criteria.
    for reviewer, (feasibility, cost) in zip(reviewers, ((8, 6), (6, 4))):
        page = person_page(browser, base, errors, reviewer.email, "/en")
        page.goto(f"{base}/en/reviews/mine/")
        page.click("#my-reviews a")
        page.click("#review-proposal-link")
        expect(page.locator("#proposal-text")).to_contain_text("phased-array probe")
        page.go_back()
        criteria = list(challenge.criteria.all())
        page.select_option(f"#id_value_{criteria[0].pk}", str(feasibility))
        page.select_option(f"#id_value_{criteria[1].pk}", str(cost))
        page.fill(f"#id_comment_{criteria[0].pk}", "Sound method.")
        page.click("#score-form button[type=submit]")
        expect(page.locator(".message-success")).to_be_visible()
        page.context.close()

    # The owner reads the aggregated scores: (8×60 + 6×40)/100 = 7.2 and (6×60 + 4×40)/100 = 5.2.
    owner.goto(f"{base}/challenges/{challenge.pk}/scores/")
    row = owner.locator("#score-summary tbody tr", has=owner.locator(f"a[href='/proposals/{proposal.pk}/']"))
    expect(row.locator("td").nth(1)).to_have_text("2")
    expect(row.locator("td").nth(2)).to_have_text("6.20")
    expect(row.locator("td").nth(3)).to_have_text("2.00")

    # Shortlisted: the startup sees it.
    def solver_sees(stage_en):
        solver.goto(f"{base}/en/proposals/{proposal.pk}/")
        expect(solver.locator("#pipeline-stage")).to_have_text(stage_en)

    owner.goto(f"{base}/proposals/{proposal.pk}/")
    owner.click("#shortlist")
    expect(owner.locator("#pipeline-stage")).to_have_text(chinese(Pipeline.Stage.SHORTLISTED.label))
    solver_sees("shortlisted")

    # A meeting, with its iCal invitation for both sides.
    start = (timezone.localtime() + timedelta(days=7)).replace(hour=10, minute=0)
    owner.fill("#meeting-form input[name=starts_at]", f"{start:%Y-%m-%dT%H:%M}")
    owner.fill("#meeting-form input[name=ends_at]", f"{start + timedelta(hours=1):%Y-%m-%dT%H:%M}")
    owner.fill("#meeting-form input[name=place]", "浦东 创新谷 3 号楼")
    owner.click("#meeting-form button[type=submit]")
    expect(owner.locator("#pipeline-meeting")).to_contain_text(f"{start:%Y-%m-%d} 10:00")
    solver_sees("meeting")
    expect(solver.locator("#pipeline-meeting")).to_contain_text(f"{start:%Y-%m-%d} 10:00")

    # The platform's NDA: the owner moves to it, the startup accepts it.
    owner.click("#nda-form button[type=submit]")
    expect(owner.locator("#pipeline-stage")).to_have_text(chinese(Pipeline.Stage.NDA.label))
    solver_sees("non-disclosure agreement")
    solver.click("#accept-nda button[type=submit]")
    expect(solver.locator(".message-success")).to_be_visible()

    # The pilot.
    owner.goto(f"{base}/proposals/{proposal.pk}/")
    owner.fill("#pilot-form textarea[name=plan]", "总装线 3 号工位，为期两个月。")
    owner.click("#pilot-form button[type=submit]")
    expect(owner.locator("#pipeline-stage")).to_have_text(chinese(Pipeline.Stage.PILOT.label))
    solver_sees("pilot")
    steps = solver.locator("#pipeline-steps li")
    expect(steps).to_have_count(5)  # shortlisted, meeting, NDA, NDA accepted, pilot: the history both sides read
    for n, stage in enumerate(["shortlisted", "meeting", "non-disclosure agreement", "non-disclosure agreement", "pilot"]):
        expect(steps.nth(n)).to_contain_text(stage)
    assert Pipeline.objects.get(proposal=proposal).stage == Pipeline.Stage.PILOT

    # The second proposal is declined with a reason from the list; its solver reads it.
    owner.goto(f"{base}/proposals/{second.pk}/")
    owner.select_option("#decline-form select[name=reason]", "too_early")
    owner.fill("#decline-form textarea[name=note]", "请在完成地面验证后再联系我们。")
    owner.click("#decline-form button[type=submit]")
    expect(owner.locator("#pipeline-stage")).to_have_text(chinese(Pipeline.Stage.DECLINED.label))
    rival.goto(f"{base}/proposals/{second.pk}/")
    expect(rival.locator("#pipeline-decline-reason")).to_contain_text(chinese(Pipeline.Reason.TOO_EARLY.label))
    expect(rival.locator("#pipeline-decline-reason")).to_contain_text("请在完成地面验证后再联系我们。")
    rival.goto(f"{base}/en/proposals/{second.pk}/")
    expect(rival.locator("#pipeline-decline-reason")).to_contain_text("too early")

    # Nobody outside the owner's team, the reviewers and the solver reads a proposal.
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(f"/en/proposals/{second.pk}/").status_code == 404
    assert errors == []
