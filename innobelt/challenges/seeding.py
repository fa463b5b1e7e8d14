"""Loading the demand side of the demo (idempotent): published challenges of GOI firms with criteria, phases and
offers, open technology needs, the Baoshan open call with one team selected, its first milestone accepted
(its share released) and the second reported, and proposals of demo solvers: reviewed, one pair moved through the
meeting and the NDA to a pilot (with a booking of the resources register linked to it), one shortlisted, one declined
with a reason, one waiting. Everything goes through the domain functions (the booking through the resources app's);
a row already there (same owner and English title) is left alone."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.belt.models import City, Industry
from innobelt.challenges import domain
from innobelt.challenges.models import Challenge, Need, OpenCall, Pipeline, Proposal
from innobelt.challenges.queries import pilot_resources
from innobelt.challenges.seed_data import CHALLENGES, NEEDS, OPEN_CALL, PROPOSALS
from innobelt.organisations.models import Organisation
from innobelt.resources import domain as resources
from innobelt.resources.models import AccessRequest, Resource


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
            phases=[{"name_zh": zh, "name_en": en, "ends_at": now + timedelta(days=d), "kind": kind} for zh, en, d, kind in row["phases"]],
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


def _owner_admin(challenge: Challenge) -> User | None:
    """The person who runs the challenge for its firm: an admin of the owner organisation."""
    return User.objects.filter(memberships__organisation=challenge.owner, memberships__role="admin").order_by("pk").first()


def _move(row: dict, owner: User | None, solver: User, proposal: Proposal) -> None:
    """Move the pair as far as the row says, one step at a time, as the owner's admin would on the pages."""
    target = row["pipeline"]
    if target is None or owner is None:
        return
    if isinstance(target, tuple):
        _declined, reason, note = target
        domain.decline_proposal(actor=owner, proposal=proposal, reason=reason, note=note)
        return
    stages = ["shortlisted", "meeting", "nda", "pilot"]
    pipeline = domain.shortlist_proposal(actor=owner, proposal=proposal)
    if stages.index(target) >= 1:
        start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=7)
        domain.schedule_meeting(
            actor=owner, pipeline=pipeline, starts_at=start, ends_at=start + timedelta(hours=1), place=row.get("meeting_place", "")
        )
    if stages.index(target) >= 2:
        pipeline = domain.record_nda(actor=owner, pipeline=pipeline)
        pipeline = domain.accept_nda(actor=solver, pipeline=pipeline)
    if stages.index(target) >= 3:
        pipeline = domain.start_pilot(actor=owner, pipeline=pipeline, plan=row.get("pilot_plan", ""))
        _book_for_pilot(row, solver, pipeline)


def _book_for_pilot(row: dict, solver: User, pipeline: Pipeline) -> None:
    """The solver books what the pilot may book (queries.pilot_resources: COMAC's climate chamber, which the vouchers
    demo put in the register and the challenge offers) through the resources app's own flow, with its organisation's
    active access request (asking for access, approved by the owner's admin and the terms accepted, when it has
    none), then links the booking to the pilot as on the proposal's page. Nothing when there is nothing to book."""
    days, hour, hours = row.get("pilot_booking", (14, 9, 2))
    proposal = pipeline.proposal
    resource = pilot_resources(proposal.challenge).first()
    owner_admin = _owner_admin(proposal.challenge)
    if resource is None or owner_admin is None:
        return
    access = AccessRequest.objects.filter(resource=resource, organisation=proposal.organisation, status__in=AccessRequest.OPEN).first()
    try:
        if access is None:
            access = resources.request_access(user=solver, resource=resource, organisation=proposal.organisation, purpose=row["pilot_plan"])
        if access.status in (AccessRequest.Status.PENDING, AccessRequest.Status.MORE_INFO):
            access = resources.approve_access_request(actor=owner_admin, access_request=access)
        if access.status == AccessRequest.Status.APPROVED:
            access = resources.accept_terms(user=solver, access_request=access, conditions_accepted=True, nda_acknowledged=resource.requires_nda)
        day = timezone.localdate() + timedelta(days=days)
        start = timezone.make_aware(datetime.combine(day, time(hour)))
        booked = resources.book_equipment(actor=solver, access_request=access, start=start, end=start + timedelta(hours=hours)).created
    except (resources.BookingConflict, ValidationError, PermissionDenied):
        return  # the register refused (its rules changed, the time is taken): the pilot keeps no booking
    domain.link_pilot_booking(actor=solver, pipeline=pipeline, booking=booked[0])


def _review(row: dict, owner: User, proposal: Proposal) -> None:
    """The owner's admin assigns the row's reviewers; each scores every criterion (a comment on the first)."""
    criteria = list(proposal.challenge.criteria.all())
    for email, values, comment in row["reviews"]:
        reviewer = User.objects.filter(email=email).first()
        if reviewer is None:
            continue
        assignment = domain.assign_reviewer(actor=owner, proposal=proposal, reviewer=reviewer)
        scores = [{"criterion": c.pk, "value": v, "comment": comment if n == 0 else ""} for n, (c, v) in enumerate(zip(criteria, values))]
        domain.score_proposal(actor=reviewer, assignment=assignment, scores=scores)


def _proposals() -> int:
    made = 0
    for row in PROPOSALS:
        challenge = Challenge.objects.filter(title_en=row["challenge"], status=Challenge.Status.PUBLISHED).first()
        organisation = Organisation.objects.filter(slug=row["organisation"]).first()
        solver = User.objects.filter(email=row["actor"]).first()
        if challenge is None or organisation is None or solver is None:
            continue
        if Proposal.objects.filter(challenge=challenge, organisation=organisation).exists():
            continue
        owner = _owner_admin(challenge)  # a firm whose challenge an operator drafted may have nobody on the platform yet
        if owner is None and (row["reviews"] or row["pipeline"]):
            continue
        domain.accept_agreement(actor=solver, challenge=challenge, organisation=organisation)
        proposal = domain.save_proposal(
            actor=solver,
            challenge=challenge,
            organisation=organisation,
            text=row["text"],
            team=row["team"],
            trl=row["trl"],
            budget=Decimal(row["budget"]),
        )
        proposal = domain.submit_proposal(actor=solver, proposal=proposal)
        if owner is not None:
            _review(row, owner, proposal)
        _move(row, owner, solver, proposal)
        made += 1
    return made


@transaction.atomic
def load_challenges_demo() -> dict:
    industries = {i.code: i for i in Industry.objects.all()}
    challenges, needs, calls = _challenges(industries), _needs(industries), _open_call()
    proposals = _proposals()
    return {
        "challenges and needs": f"{Challenge.objects.count()} challenges ({challenges} new), {Need.objects.count()} needs ({needs} new), "
        f"{OpenCall.objects.count()} open calls ({calls} new), {Proposal.objects.count()} proposals ({proposals} new)"
    }
