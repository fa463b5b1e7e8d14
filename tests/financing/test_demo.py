"""The demo's financing and talent rows: the Shanghai investor sees the Wuxi IC-design need first, with reasons;
GOI participants' positions come first in Pudong for the IC designer."""

from decimal import Decimal

import pytest

from innobelt.accounts.models import User
from innobelt.audit.models import AuditEntry
from innobelt.belt.seeding import load_belt
from innobelt.financing import queries
from innobelt.financing.models import FundApplication
from innobelt.financing.seeding import load_financing_demo
from innobelt.organisations.models import Organisation
from innobelt.organisations.seeding import load_seed_organisations
from innobelt.talent import queries as talent_queries
from innobelt.talent.seeding import load_talent_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_belt()
    load_seed_organisations()
    load_financing_demo(password="x")
    load_talent_demo(password="x")
    load_financing_demo(password="x")  # idempotent
    load_talent_demo(password="x")


def test_the_shanghai_investor_sees_the_wuxi_ic_need_first(demo):
    vc = User.objects.get(email="vc@innobelt.local")
    investor = Organisation.objects.get(slug="demo-pujiang-deeptech")
    ranked = queries.needs_for_investor(vc, investor)
    assert ranked[0].obj.organisation.slug == "demo-wuxi-xintu-micro"
    assert len(ranked[0].reasons) >= 4


def test_goi_positions_come_first_with_the_reason(demo):
    designer = User.objects.get(email="talent-ic@innobelt.local")
    ranked = talent_queries.positions_for_person(designer)
    goi = [r for r in ranked if r.obj.goi_participant]
    assert goi and ranked[0].obj.goi_participant and any("GOI" in reason for reason in ranked[0].reasons)
    hidden = User.objects.get(email="talent-hidden@innobelt.local").talent_profile
    assert not talent_queries.visible_profiles(designer).filter(pk=hidden.pk).exists()


def test_the_biomedicine_fund_award_is_disbursed_by_milestones(demo):
    application = FundApplication.objects.get(organisation__slug="demo-suzhou-genecure")  # once, though loaded twice
    assert application.status == "awarded" and application.awarded_amount == Decimal("10000000.00")
    assert application.fund.awarded_total == Decimal("10000000.00") and application.reviews.count() == 2
    assert application.prefilled["industries"] == ["biomedicine", "biotechnology"]
    milestones = list(application.milestones.all())
    assert [m.amount for m in milestones] == [Decimal("4000000.00"), Decimal("3000000.00"), Decimal("3000000.00")]
    assert [m.released_at is not None for m in milestones] == [True, False, False]
    assert application.released_total == Decimal("4000000.00")
    assert all(m.title_zh and m.title_en for m in milestones)
    for action in ("financing.applied", "financing.scored", "financing.awarded", "financing.milestones_planned", "financing.milestone_released"):
        assert AuditEntry.objects.filter(action=action).exists(), action  # made through the domain functions
    operator = User.objects.get(email="pudong@innobelt.local")
    assert queries.application_or_404(operator, application.pk) == application
    ic_fund = FundApplication.objects.filter(fund__title_en="Pudong Integrated Circuits Fund (demo)")
    assert not ic_fund.exists()  # left open for the Must-show's application
