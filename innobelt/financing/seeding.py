"""Loading the financing demo (idempotent): the rows of seed_data.py, as a startup and an investor would post them."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.belt.models import City, Industry
from innobelt.financing import disbursements, domain
from innobelt.financing.models import Fund, FundApplication, FundingNeed, Thesis
from innobelt.financing.seed_data import AWARD, FUNDS, INVESTORS, REVIEWERS, STARTUPS
from innobelt.organisations.models import Membership, Organisation


def _person(email: str, name: str, password: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"username": email, "display_name": name, "email_confirmed_at": timezone.now()})
    if created:
        user.set_password(password)
        user.save()
    return user


def _organisation(row: dict, kind: str, cities: dict, industries: dict, password: str) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        slug=row["slug"],
        defaults={
            "kind": kind,
            "name_zh": row["name_zh"],
            "name_en": row["name_en"],
            "city": cities[row["city"]],
            "verification": Organisation.Verification.VERIFIED,
        },
    )
    organisation.industries.set([industries[c] for c in row.get("industries", [])])
    Membership.objects.get_or_create(
        user=_person(row["email"], row["person"], password), organisation=organisation, defaults={"role": Membership.Role.ADMIN}
    )
    return organisation


@transaction.atomic
def load_financing_demo(*, password: str) -> dict:
    cities = {c.slug: c for c in City.objects.all()}
    industries = {i.code: i for i in Industry.objects.all()}
    for row in STARTUPS:
        organisation = _organisation(row, row["kind"], cities, industries, password)
        spec = row["need"]
        need, _ = FundingNeed.objects.update_or_create(
            organisation=organisation,
            title_zh=spec["title_zh"],
            defaults={**{k: v for k, v in spec.items() if k != "amount"}, "amount": Decimal(spec["amount"]), "city": organisation.city},
        )
        need.industries.set(organisation.industries.all())
    for row in INVESTORS:
        organisation = _organisation(row, Organisation.Kind.INVESTOR, cities, industries, password)
        spec = dict(row["thesis"])
        sectors, thesis_cities = spec.pop("sectors"), spec.pop("cities")
        thesis, _ = Thesis.objects.update_or_create(
            organisation=organisation, defaults={**spec, "ticket_min": Decimal(spec["ticket_min"]), "ticket_max": Decimal(spec["ticket_max"])}
        )
        thesis.sectors.set([industries[c] for c in sectors])
        thesis.cities.set([cities[c] for c in thesis_cities])
    reviewers = [_person(email, name, password) for email, name in REVIEWERS]
    for row in FUNDS:
        fund, _ = Fund.objects.update_or_create(
            title_zh=row["title_zh"],
            defaults={
                "title_en": row["title_en"],
                "sector": industries[row["sector"]],
                "city": cities[row["city"]],
                "budget": Decimal(row["budget"]),
                "eligibility": row["eligibility"],
                "criteria": row["criteria"],
                "deadline": timezone.localdate() + timedelta(days=90),
            },
        )
        fund.reviewers.set(reviewers)
    _award(reviewers, cities, password)
    return {
        "funding needs": len(STARTUPS),
        "investors' theses": len(INVESTORS),
        "dedicated funds": len(FUNDS),
        "fund awards disbursed by milestones": 1,
    }


def _award(reviewers: list[User], cities: dict, password: str) -> FundApplication:
    """The biomedicine fund's award to the Suzhou gene-therapy startup, as its people, the two reviewers and the
    Pudong operator would make it on the pages: applied, scored twice, awarded, its milestones planned and
    the first one released. Left alone when the startup has applied already."""
    fund = Fund.objects.get(title_zh=AWARD["fund"])
    startup = Organisation.objects.get(slug=AWARD["startup"])
    done = FundApplication.objects.filter(fund=fund, organisation=startup).first()
    if done is not None:
        return done
    founder = Membership.objects.filter(organisation=startup, role=Membership.Role.ADMIN).order_by("pk").first().user  # type: ignore[union-attr]
    email, name = AWARD["operator"]
    operator = _person(email, name, password)
    operator.operator_cities.add(fund.city or cities["pudong"])
    need = FundingNeed.objects.filter(organisation=startup).order_by("pk").first()
    application = domain.apply_to_fund(actor=founder, fund=fund, organisation=startup, amount=AWARD["amount"], plan=AWARD["plan"], need=need)
    for reviewer, (score, comment) in zip(reviewers, AWARD["scores"], strict=True):
        domain.score_application(actor=reviewer, application=application, score=score, comment=comment, no_conflict=True)
    application = domain.award_application(actor=operator, application=application)
    today = timezone.localdate()
    plan = [
        {"title_zh": m["title_zh"], "title_en": m["title_en"], "amount": m["amount"], "due": today + timedelta(days=m["days"])}
        for m in AWARD["milestones"]
    ]
    milestones = disbursements.plan_milestones(actor=operator, application=application, milestones=plan)
    for milestone, spec in zip(milestones, AWARD["milestones"], strict=True):
        if spec["released"]:
            disbursements.release_milestone(actor=operator, milestone=milestone)
    return application
