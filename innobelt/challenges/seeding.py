"""Loading the demand side of the demo (idempotent): published challenges of GOI firms with criteria, phases and
offers, open technology needs, and the Baoshan open call with one team selected, its first milestone accepted
(its share released) and the second reported. Everything goes through the domain functions; a row already
there (same owner and English title) is left alone."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.belt.models import City, Industry
from innobelt.challenges import domain
from innobelt.challenges.models import Challenge, Need, OpenCall
from innobelt.challenges.seed_data import CHALLENGES, NEEDS, OPEN_CALL
from innobelt.organisations.models import Organisation
from innobelt.resources.models import Resource


def _challenges(industries: dict) -> int:
    made = 0
    now = timezone.now()
    for row in CHALLENGES:
        owner = Organisation.objects.filter(slug=row["owner"]).first()
        actor = User.objects.filter(email=row["actor"]).first()
        if owner is None or actor is None or Challenge.objects.filter(owner=owner, title_en=row["title_en"]).exists():
            continue
        challenge = domain.draft_challenge(
            actor=actor,
            owner=owner,
            title_zh=row["title_zh"],
            title_en=row["title_en"],
            text_language=row["lang"],
            statement=row["statement"],
            desired_outcome=row["desired_outcome"],
            offers=row["offers"],
            eligibility=row["eligibility"],
            agreement=row["agreement"],
            confidential_details=row["confidential_details"],
            proposal_deadline=now + timedelta(days=row["days"]),
            criteria=[{"name_zh": zh, "name_en": en, "weight": w} for zh, en, w in row["criteria"]],
            phases=[{"name_zh": zh, "name_en": en, "ends_at": now + timedelta(days=d)} for zh, en, d in row["phases"]],
            industries=[industries[c] for c in row["industries"]],
            offered_resources=Resource.objects.filter(owner=owner, title_en__in=row["resources"]),
        )
        domain.publish_challenge(actor=actor, challenge=challenge)
        made += 1
    return made


def _needs(industries: dict) -> int:
    made = 0
    today = timezone.localdate()
    for row in NEEDS:
        owner = Organisation.objects.filter(slug=row["owner"]).first()
        actor = User.objects.filter(email=row["actor"]).first()
        if owner is None or actor is None or Need.objects.filter(owner=owner, title_en=row["title_en"]).exists():
            continue
        low, high = row["budget"]
        domain.post_need(
            actor=actor,
            owner=owner,
            industries=[industries[c] for c in row["industries"]],
            title_zh=row["title_zh"],
            title_en=row["title_en"],
            text_language=row["lang"],
            problem=row["problem"],
            desired_outcome=row["desired_outcome"],
            details=row.get("details", ""),
            budget_min=None if low is None else Decimal(low),
            budget_max=None if high is None else Decimal(high),
            deadline=today + timedelta(days=row["days"]),
            confidentiality=row["confidentiality"],
        )
        made += 1
    return made


def _open_call() -> int:
    row = OPEN_CALL
    city = City.objects.filter(slug=row["city"]).first()
    operator = User.objects.filter(email=row["actor"]).first()
    if city is None or operator is None or OpenCall.objects.filter(city=city, title_en=row["title_en"]).exists():
        return 0
    call = domain.post_open_call(
        actor=operator,
        city=city,
        title_zh=row["title_zh"],
        title_en=row["title_en"],
        text_language=row["lang"],
        problem=row["problem"],
        funding=Decimal(row["funding"]),
        deadline=timezone.now() + timedelta(days=row["days"]),
        milestones=[{"name_zh": zh, "name_en": en, "share": share} for zh, en, share in row["milestones"]],
    )
    milestones = list(call.milestones.all())
    for team in row["teams"]:
        organisation = Organisation.objects.filter(slug=team["slug"]).first()
        member = User.objects.filter(email=team["actor"]).first()
        if organisation is None or member is None:
            continue
        application = domain.apply_to_open_call(actor=member, open_call=call, organisation=organisation, text=team["text"])
        if not team["selected"]:
            continue
        domain.select_team(actor=operator, application=application)
        for n, report in enumerate(team["reports"]):
            progress = domain.report_milestone(actor=member, application=application, milestone=milestones[n], report=report)
            if n < len(team["reports"]) - 1:  # every milestone but the last one reported is accepted
                domain.accept_milestone(actor=operator, progress=progress)
    return 1


@transaction.atomic
def load_challenges_demo() -> dict:
    industries = {i.code: i for i in Industry.objects.all()}
    challenges, needs, calls = _challenges(industries), _needs(industries), _open_call()
    return {
        "challenges and needs": f"{Challenge.objects.count()} challenges ({challenges} new), {Need.objects.count()} needs ({needs} new), "
        f"{OpenCall.objects.count()} open calls ({calls} new)"
    }
