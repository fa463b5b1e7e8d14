"""Rows of financing for tests, made through the domain where a rule matters."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from innobelt.financing.models import Fund, FundApplication, FundingNeed, FundReview, Thesis
from tests.factories import IndustryFactory


def make_need(organisation, *, industries=(), **fields) -> FundingNeed:
    values = {
        "title_en": "Funding for a chip",
        "stage": "a",
        "amount": Decimal("5000000"),
        "use_of_funds": "Tape-out of a RISC-V chip.",
        "city": organisation.city,
        **fields,
    }
    need = FundingNeed.objects.create(organisation=organisation, **values)
    need.industries.set(industries)
    return need


def make_thesis(organisation, *, sectors=(), cities=(), **fields) -> Thesis:
    values = {
        "investor_type": "vc",
        "stages": ["a", "b"],
        "ticket_min": Decimal("1000000"),
        "ticket_max": Decimal("20000000"),
        "summary": "Semiconductors and chip design.",
        **fields,
    }
    thesis = Thesis.objects.create(organisation=organisation, **values)
    thesis.sectors.set(sectors)
    thesis.cities.set(cities)
    return thesis


def make_fund(*, city=None, sector=None, budget=Decimal("1000000"), reviewers=(), **fields) -> Fund:
    values = {
        "title_en": "IC fund",
        "title_zh": "集成电路专项基金",
        "budget": budget,
        "deadline": timezone.localdate() + timedelta(days=30),
        **fields,
    }
    fund = Fund.objects.create(city=city, sector=sector or IndustryFactory(code="integrated-circuits"), **values)
    fund.reviewers.set(reviewers)
    return fund


def make_application(fund, organisation, *, amount=Decimal("600000"), reviewers=(), **fields) -> FundApplication:
    application = FundApplication.objects.create(fund=fund, organisation=organisation, amount=amount, plan="Tape-out.", **fields)
    for reviewer in reviewers:
        FundReview.objects.create(application=application, reviewer=reviewer, score=80, no_conflict=True)
    return application
