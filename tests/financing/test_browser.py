"""Issue 25's Must show in Chromium: an IC-design startup in Wuxi posts a funding need; a Shanghai investor whose
thesis fits sees it first with reasons and requests a meeting; the startup applies to the IC fund with its
data pre-filled, two reviewers score the application and the fund's operator awards it."""

from decimal import Decimal

import pytest
from django.test import Client
from playwright.sync_api import expect

from innobelt.conversations.models import Thread
from innobelt.financing.models import Fund, FundApplication, FundingNeed
from innobelt.organisations.models import Membership, Organisation
from tests.factories import CityFactory, IndustryFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.financing.factories import make_fund, make_need, make_thesis

pytestmark = pytest.mark.browser


def signed_in(browser, live_server, user, errors):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    return page


def test_need_investor_meeting_application_scores_and_award(browser, live_server, transactional_db):
    wuxi, pudong = CityFactory(slug="wuxi", name_en="Wuxi", name_zh="无锡"), CityFactory(slug="pudong", name_en="Pudong")
    ic = IndustryFactory(code="integrated-circuits", name_zh="集成电路", name_en="Integrated circuits")
    bio = IndustryFactory(code="biomedicine", name_zh="生物医药", name_en="Biomedicine")
    startup = OrganisationFactory(
        kind="startup", city=wuxi, name_en="Wuxi XinTu Micro", industries=[ic], verification=Organisation.Verification.VERIFIED
    )
    founder = MembershipFactory(organisation=startup, role=Membership.Role.ADMIN).user
    investor = OrganisationFactory(kind="investor", city=pudong, name_en="Pujiang Deep Tech", verification=Organisation.Verification.VERIFIED)
    partner = MembershipFactory(organisation=investor, role=Membership.Role.ADMIN).user
    make_thesis(investor, sectors=[ic], cities=[wuxi], summary="Chip design and edge-AI silicon.")
    other = OrganisationFactory(kind="startup", city=pudong, name_en="Bio Startup")
    make_need(other, industries=[bio], title_en="Seed for a biotech lab", stage="seed", amount=Decimal("900000"), use_of_funds="Lab space.")
    operator = UserFactory(operator_for=[pudong])
    reviewers = [UserFactory(display_name="Reviewer One"), UserFactory(display_name="Reviewer Two")]
    fund = make_fund(city=pudong, sector=ic, budget=Decimal("50000000"), reviewers=reviewers, title_en="Pudong IC Fund")
    base, errors = live_server.url, []

    # the startup posts its need
    page = signed_in(browser, live_server, founder, errors)
    page.goto(f"{base}/en/financing/needs/new/")
    page.fill("#id_title_en", "Series A for a RISC-V edge-AI chip")
    page.select_option("#id_stage", "a")
    page.fill("#id_amount", "30000000")
    page.fill("#id_use_of_funds", "28 nm tape-out of an edge-AI chip.")
    page.check(f"input[name=industries][value='{ic.pk}']")
    page.click("#funding-need-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Series A for a RISC-V edge-AI chip")
    need = FundingNeed.objects.get(organisation=startup)

    # the investor whose thesis fits sees it first, with reasons, and asks to meet
    vc = signed_in(browser, live_server, partner, errors)
    vc.goto(f"{base}/en/financing/investors/{investor.slug}/")
    first = vc.locator("#ranked-needs > li").first
    expect(first.locator("h3")).to_have_text("Series A for a RISC-V edge-AI chip")
    expect(first.locator(".reasons")).to_contain_text("Stage in the thesis")
    expect(first.locator(".reasons")).to_contain_text("Invests in Wuxi")
    first.locator("h3 a").click()
    vc.fill("#meeting-form textarea[name=message]", "Could we meet in Wuxi next week?")
    vc.click("#meeting-form button[type=submit]")
    vc.wait_for_load_state()
    thread = Thread.objects.get(starter=investor, recipient=startup)
    assert f"/conversations/{thread.pk}/" in vc.url

    # the startup applies to the IC fund with its data pre-filled
    page.goto(f"{base}/en/financing/funds/{fund.pk}/")
    page.click("#apply-link")
    expect(page.locator("#prefilled")).to_contain_text("integrated-circuits")
    expect(page.locator("#id_amount")).to_have_value("30000000.00")
    page.fill("#id_amount", "5000000")
    page.click("#application-form button[type=submit]")
    expect(page.locator("#application-status")).to_have_text("submitted")
    application = FundApplication.objects.get(fund=fund, organisation=startup)
    assert application.need == need and application.prefilled["industries"] == ["integrated-circuits"]

    # two reviewers score it, declaring no conflict of interest
    for reviewer, score in zip(reviewers, ("82", "90"), strict=True):
        r = signed_in(browser, live_server, reviewer, errors)
        r.goto(f"{base}/en/financing/applications/{application.pk}/")
        r.fill("#id_score", score)
        r.check("#id_no_conflict")
        r.click("#score-form button[type=submit]")
        expect(r.locator("#reviews")).to_contain_text(score)

    # the fund's operator awards it
    op = signed_in(browser, live_server, operator, errors)
    op.goto(f"{base}/en/financing/applications/{application.pk}/")
    op.click("#award-form button[type=submit]")
    expect(op.locator("#application-status")).to_have_text("awarded")
    assert Fund.objects.get(pk=fund.pk).remaining == Decimal("45000000.00")
    assert errors == []
