"""Reads of needs and expressions of interest, scoped to the caller.

What the caller may not see is absent, so pages and the API answer 404 for it (a need kept for
verified members is not told to exist). `visible_needs` must agree with rules.can_see_need.
Every list is ready for a list page: related rows are joined or prefetched.
"""

import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from innobelt.bilingual import pick
from innobelt.challenges.models import (
    AgreementAcceptance,
    Challenge,
    MilestoneProgress,
    Need,
    NeedInterest,
    OpenCall,
    OpenCallApplication,
    PilotBooking,
    Pipeline,
    PipelineStep,
    Proposal,
    Question,
    ReviewAssignment,
)
from innobelt.challenges.models.pipeline import ENDED as ENDED_STAGES
from innobelt.kit.forms import month_bounds
from innobelt.kit.lookups import or_404
from innobelt.kit.search_text import filter_by_query, filter_fields_by_query
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.rules import is_org_member
from innobelt.permissions import can, is_active_user
from innobelt.resources.models import AccessRequest, Booking, Resource
from innobelt.resources.queries import requests_as_seeker, visible_bookings, visible_resources


def _my_orgs(user):
    return Membership.objects.filter(user=user).values("organisation")


def visible_needs(user) -> QuerySet[Need]:
    """Every need this person may see: public ones; the others when they are a member of a verified
    organisation; their own organisations' and the ones they answered; their cities' for district
    operators; all for platform operators."""
    qs = Need.objects.all()
    if not is_active_user(user):
        return qs.filter(confidentiality=Need.Confidentiality.PUBLIC)
    if user.is_platform_operator:
        return qs
    verified = Membership.objects.filter(user=user, organisation__verification=Organisation.Verification.VERIFIED)
    answered = NeedInterest.objects.filter(need=OuterRef("pk"), organisation__in=_my_orgs(user))
    return qs.filter(
        Q(confidentiality=Need.Confidentiality.PUBLIC)
        | Q(Exists(verified))
        | Q(owner__in=_my_orgs(user))
        | Q(Exists(answered))
        | Q(owner__city__in=user.operator_cities.values("pk"))
    )


def need_list(user, *, query: str = "", industry: str = "", city: str = "", status: str = Need.Status.OPEN,
              month: date | None = None) -> QuerySet[Need]:
    """Needs as this person may see them, open ones by default (of every status with `status=""`), filtered (kit
    search text; `month`: posted in that month, China time, as insights' trend counts them)."""
    qs = visible_needs(user)
    if status:
        qs = qs.filter(status=status)
    if month is not None:
        start, end = month_bounds(month)
        qs = qs.filter(created_at__gte=start, created_at__lt=end)
    if query:
        qs = filter_by_query(qs, query)
    if industry:
        qs = qs.filter(industries__code=industry)
    if city:
        qs = qs.filter(owner__city__slug=city)
    return qs.select_related("owner", "owner__city").prefetch_related("industries").distinct().order_by("deadline", "-pk")


def need_or_404(user, pk, *, perm: str = "") -> Need:
    """A need the person may see (404 otherwise); with `perm`, one they may also do that to (403 otherwise)."""
    need = or_404(visible_needs(user).select_related("owner", "owner__city", "posted_by").prefetch_related("industries").filter(pk=pk).first())
    if perm and not can(user, perm, need):
        raise PermissionDenied
    return need


def visible_interests(user) -> QuerySet[NeedInterest]:
    """Expressions of interest of the person's organisations, sent or received (all for platform operators)."""
    qs = NeedInterest.objects.select_related("need", "need__owner", "organisation", "submitted_by", "decided_by")
    if not is_active_user(user):
        return qs.none()
    if user.is_platform_operator:
        return qs
    mine = _my_orgs(user)
    return qs.filter(Q(organisation__in=mine) | Q(need__owner__in=mine))


def interest_or_404(user, pk) -> NeedInterest:
    return or_404(visible_interests(user).filter(pk=pk).first())


def interests_for(user, need: Need) -> list[NeedInterest]:
    """The answers to a need this person may read: all for the owner's people, their own organisations' otherwise."""
    return list(visible_interests(user).filter(need=need).order_by("-created_at", "-pk"))


def my_needs(user) -> QuerySet[Need]:
    """The needs of the person's organisations, each with its answers (two queries per page, whatever the rows)."""
    if not is_active_user(user):
        return Need.objects.none()
    answers = NeedInterest.objects.select_related("organisation", "submitted_by").order_by("-created_at", "-pk")
    return (
        Need.objects.filter(owner__in=_my_orgs(user))
        .select_related("owner")
        .prefetch_related("industries", Prefetch("interests", queryset=answers))
        .order_by("status", "deadline", "-pk")
    )


def my_interests(user) -> QuerySet[NeedInterest]:
    """What the person's organisations answered."""
    if not is_active_user(user):
        return NeedInterest.objects.none()
    return visible_interests(user).filter(organisation__in=_my_orgs(user)).order_by("-created_at", "-pk")


def my_organisation_ids(user) -> set[int]:
    if not is_active_user(user):
        return set()
    return set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def posting_organisations(user) -> QuerySet[Organisation]:
    """The verified organisations this person may post needs for, or answer with."""
    if not is_active_user(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, verification=Organisation.Verification.VERIFIED).order_by("name_en", "name_zh")


def answering_organisations(user, need: Need) -> list[Organisation]:
    """The person's verified organisations that may still answer this need (not the owner, not answered yet)."""
    answered = set(NeedInterest.objects.filter(need=need).values_list("organisation_id", flat=True))
    return [org for org in posting_organisations(user) if org.pk != need.owner_id and org.pk not in answered]


# challenges and proposals ------------------------------------------------------------------------


def visible_challenges(user) -> QuerySet[Challenge]:
    """Published (and closed, awarded) challenges for everyone; drafts for the owner's people and operators."""
    qs = Challenge.objects.all()
    shown = ~Q(status=Challenge.Status.DRAFT)
    if is_active_user(user):
        if user.is_platform_operator:
            return qs
        shown |= Q(owner__in=_my_orgs(user)) | Q(owner__city__in=user.operator_cities.values("pk"))
    return qs.filter(shown)


def challenge_list(user, *, query: str = "", status: str = Challenge.Status.PUBLISHED) -> QuerySet[Challenge]:
    qs = visible_challenges(user)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = filter_fields_by_query(qs, query, ["title_zh", "title_en", "statement", "desired_outcome"])
    return qs.select_related("owner").prefetch_related("industries", "criteria", "phases").order_by("proposal_deadline", "-pk")


def challenge_or_404(user, pk, *, perm: str = "") -> Challenge:
    """A challenge the person may see (404 otherwise); with `perm`, one they may also do that to (403 otherwise)."""
    challenge = or_404(
        visible_challenges(user)
        .select_related("owner")
        .prefetch_related("criteria", "phases", "industries", "offered_resources")
        .filter(pk=pk)
        .first()
    )
    if perm and not can(user, perm, challenge):
        raise PermissionDenied
    return challenge


def visible_proposals(user) -> QuerySet[Proposal]:
    """Proposals of the person's organisations (drafts too), and the submitted or withdrawn proposals to their
    organisations' challenges. Nobody else reads a proposal: not other solvers, not operators."""
    qs = Proposal.objects.select_related("challenge", "challenge__owner", "organisation").prefetch_related("attachments")
    if not is_active_user(user):
        return qs.none()
    mine = _my_orgs(user)
    reviewing = ReviewAssignment.objects.filter(proposal=OuterRef("pk"), reviewer=user, conflict=False)
    return qs.filter(Q(organisation__in=mine) | ((Q(challenge__owner__in=mine) | Q(Exists(reviewing))) & ~Q(status=Proposal.Status.DRAFT)))


def proposal_or_404(user, pk) -> Proposal:
    return or_404(visible_proposals(user).filter(pk=pk).first())


def proposals_for(user, challenge: Challenge) -> QuerySet[Proposal]:
    return visible_proposals(user).filter(challenge=challenge).order_by("-submitted_at", "-pk")


def drafting_organisations(user) -> QuerySet[Organisation]:
    """The organisations this person may draft a challenge for: the ones they administer; their cities' for a
    district operator; all for a platform operator."""
    if not is_active_user(user):
        return Organisation.objects.none()
    qs = Organisation.objects.all()
    if not user.is_platform_operator:
        qs = qs.filter(Q(memberships__user=user, memberships__role=Membership.Role.ADMIN) | Q(city__in=user.operator_cities.values("pk")))
    return qs.distinct().order_by("name_en", "name_zh")


def accepted_organisations(user, challenge: Challenge) -> list[Organisation]:
    """The person's organisations that accepted the challenge's agreement."""
    if not is_active_user(user):
        return []
    ids = AgreementAcceptance.objects.filter(challenge=challenge, organisation__in=_my_orgs(user))
    return list(Organisation.objects.filter(pk__in=ids.values("organisation")).order_by("name_en", "name_zh"))


def visible_questions(user, challenge: Challenge) -> QuerySet[Question]:
    """Answered questions for everyone who sees the challenge; unanswered ones for the owner's people and the
    person who asked."""
    qs = Question.objects.filter(challenge=challenge).select_related("challenge")
    if can(user, "challenges.answer_question", challenge):
        return qs
    answered = ~Q(answer="")
    if is_active_user(user):
        answered |= Q(asked_by=user)
    return qs.filter(answered)


def question_or_404(user, pk) -> Question:
    """A question of a challenge the person may see, that they may see (404 otherwise)."""
    question = or_404(Question.objects.select_related("challenge", "challenge__owner").filter(pk=pk).first())
    challenge = or_404(visible_challenges(user).filter(pk=question.challenge_id).first())
    return or_404(visible_questions(user, challenge).filter(pk=pk).first())


def my_proposals(user) -> QuerySet[Proposal]:
    """The proposals of the person's organisations."""
    if not is_active_user(user):
        return Proposal.objects.none()
    return visible_proposals(user).filter(organisation__in=_my_orgs(user)).order_by("-created_at", "-pk")


def visible_reviews(user) -> QuerySet[ReviewAssignment]:
    """Review assignments of the person (as reviewer) and of their organisations' challenges."""
    qs = ReviewAssignment.objects.select_related(
        "proposal", "proposal__challenge", "proposal__challenge__owner", "proposal__organisation", "reviewer"
    )
    if not is_active_user(user):
        return qs.none()
    return qs.filter(Q(reviewer=user) | Q(proposal__challenge__owner__in=_my_orgs(user))).exclude(proposal__status=Proposal.Status.DRAFT)


def review_or_404(user, pk, *, perm: str = "") -> ReviewAssignment:
    review = or_404(visible_reviews(user).filter(pk=pk).first())
    if perm and not can(user, perm, review):
        raise PermissionDenied
    return review


def reviews_of(user, proposal: Proposal) -> list[ReviewAssignment]:
    """The reviews of a proposal: all for the owner's people, the person's own otherwise."""
    qs = visible_reviews(user).filter(proposal=proposal).prefetch_related("scores", "scores__criterion")
    if not is_org_member(user, proposal.challenge.owner):
        qs = qs.filter(reviewer=user)
    return list(qs)


def my_reviews(user) -> QuerySet[ReviewAssignment]:
    if not is_active_user(user):
        return ReviewAssignment.objects.none()
    return visible_reviews(user).filter(reviewer=user).order_by("-created_at", "-pk")


@dataclass
class ProposalScores:
    proposal: Proposal
    reviewers: int  # reviewers who scored
    mean: Decimal | None  # weighted score out of 10, the mean over reviewers
    spread: Decimal | None  # the highest minus the lowest reviewer's weighted score
    stdev: Decimal | None
    by_criterion: list[tuple[str, Decimal | None]]


def _d(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score_summary(user, challenge: Challenge) -> list[ProposalScores]:
    """Each submitted proposal's weighted score (0–10): the mean over its reviewers with their spread, and the
    mean per criterion; best first. The caller must pass `challenges.read_scores` (the owner's people)."""
    if not can(user, "challenges.read_scores", challenge):
        raise PermissionDenied
    criteria = list(challenge.criteria.all())
    proposals = (
        Proposal.objects.filter(challenge=challenge, status=Proposal.Status.SUBMITTED)
        .select_related("organisation", "challenge")
        .prefetch_related(Prefetch("reviews", queryset=ReviewAssignment.objects.filter(conflict=False).prefetch_related("scores")))
    )
    rows = []
    for proposal in proposals:
        totals: list[float] = []
        per_criterion: dict[int, list[int]] = {c.pk: [] for c in criteria}
        for review in proposal.reviews.all():
            values = {s.criterion_id: s.value for s in review.scores.all()}
            if not values or set(values) != set(per_criterion):
                continue
            totals.append(sum(c.weight * values[c.pk] for c in criteria) / 100)
            for pk, value in values.items():
                per_criterion[pk].append(value)
        rows.append(
            ProposalScores(
                proposal=proposal,
                reviewers=len(totals),
                mean=_d(statistics.fmean(totals)) if totals else None,
                spread=_d(max(totals) - min(totals)) if totals else None,
                stdev=_d(statistics.pstdev(totals)) if totals else None,
                by_criterion=[(c.name, _d(statistics.fmean(per_criterion[c.pk])) if per_criterion[c.pk] else None) for c in criteria],
            )
        )
    return sorted(rows, key=lambda r: (r.mean is None, -(r.mean or 0), r.proposal.pk))


def visible_pipelines(user) -> QuerySet[Pipeline]:
    """Pipelines of the person's organisations, as owner or as solver (reviewers and operators read none)."""
    qs = Pipeline.objects.select_related("proposal", "proposal__challenge", "proposal__challenge__owner", "proposal__organisation", "nda_file")
    if not is_active_user(user):
        return qs.none()
    mine = _my_orgs(user)
    return qs.filter(Q(proposal__organisation__in=mine) | Q(proposal__challenge__owner__in=mine))


#: the bookings linked to a pilot, with what the pipeline page and the API show of them
PILOT_BOOKINGS = Prefetch("pilot_bookings", queryset=PilotBooking.objects.select_related("booking__resource"))


def pipeline_or_404(user, pk, *, perm: str = "") -> Pipeline:
    pipeline = or_404(visible_pipelines(user).prefetch_related(PILOT_BOOKINGS).filter(pk=pk).first())
    if perm and not can(user, perm, pipeline.proposal):
        raise PermissionDenied
    return pipeline


def pilot_booking_or_404(user, pipeline_pk, pk, *, perm: str = "") -> PilotBooking:
    """A booking linked to a pilot, by the link's id (`bookings[].id` of the pipeline), within a pipeline the person reads."""
    pipeline = pipeline_or_404(user, pipeline_pk, perm=perm)
    return or_404(next((link for link in pipeline.pilot_bookings.all() if link.pk == pk), None))


def pipeline_of(user, proposal: Proposal) -> Pipeline | None:
    return visible_pipelines(user).filter(proposal=proposal).prefetch_related("steps", PILOT_BOOKINGS).first()


def pilot_resources(challenge: Challenge) -> QuerySet[Resource]:
    """What a pair's pilot may book: the published equipment the challenge offers or, when it offers none, the
    owner organisation's published equipment (domain.link_pilot_booking checks bookings against it)."""
    equipment = (
        Resource.objects.filter(kind=Resource.Kind.EQUIPMENT, status=Resource.Status.PUBLISHED)
        .select_related("owner")
        .order_by("title_en", "title_zh", "pk")
    )
    offered = equipment.filter(challenges=challenge)
    return offered if offered.exists() else equipment.filter(owner_id=challenge.owner_id)


@dataclass
class PilotResource:
    resource: Resource
    bookable: bool  # the person's organisation may book it now (an active access request); else they ask for access first


def pilot_resources_for(user, pipeline: Pipeline) -> list[PilotResource]:
    """The pilot's resources as the solver's people see them (only those the person may see in the register),
    each with whether they may book it now."""
    if not can(user, "challenges.book_for_pilot", pipeline.proposal):
        return []
    resources = list(pilot_resources(pipeline.proposal.challenge).filter(pk__in=visible_resources(user).values("pk")))
    active = set(
        requests_as_seeker(user)
        .filter(resource__in=resources, organisation=pipeline.proposal.organisation_id, status=AccessRequest.Status.ACTIVE)
        .values_list("resource_id", flat=True)
    )
    return [PilotResource(resource=r, bookable=r.pk in active) for r in resources]


def pilot_booking_choices(user, pipeline: Pipeline) -> QuerySet[Booking]:
    """The solver organisation's bookings of the pilot's resources that hold their time and are linked to no pilot."""
    proposal = pipeline.proposal
    return (
        visible_bookings(user)
        .filter(
            organisation=proposal.organisation_id,
            status__in=Booking.HOLDING,
            resource__in=pilot_resources(proposal.challenge),
            pilot_link__isnull=True,
        )
        .order_by("start", "pk")
    )


def pipeline_stalls(user, *, days: int = 14, stage: str = "", reason: str = "", city: str = "", reached: str = "") -> list[dict]:
    """Where pairs are, by city and industry of the challenge and by stage: how many, and how many did not move
    for `days` days (ended pipelines never stall). Counts only: operators read no proposal. Platform operators see
    every city, district operators theirs. Narrowed to a stage, a decline reason and the challenge owner's city
    (slug) when given, and to the pairs that `reached` a stage (a step written at it, whatever came after: the
    pilots started): the drill-down of the Belt's data (insights)."""
    if not is_active_user(user) or not (user.is_platform_operator or user.operator_cities.exists()):
        raise PermissionDenied
    qs = Pipeline.objects.all()
    if not user.is_platform_operator:
        qs = qs.filter(proposal__challenge__owner__city__in=user.operator_cities.values("pk"))
    qs = _narrowed_pipelines(qs, stage=stage, reason=reason, reached=reached)
    if city:
        qs = qs.filter(proposal__challenge__owner__city__slug=city)
    ended = list(ENDED_STAGES)
    since = timezone.now() - timedelta(days=days)
    rows = (
        qs.values(
            "proposal__challenge__owner__city__name_zh",
            "proposal__challenge__owner__city__name_en",
            "proposal__challenge__industries__name_zh",
            "proposal__challenge__industries__name_en",
            "stage",
        )
        .annotate(pairs=Count("pk", distinct=True), stalled=Count("pk", distinct=True, filter=Q(moved_at__lt=since) & ~Q(stage__in=ended)))
        .order_by("-stalled", "stage")
    )
    labels = dict(Pipeline.Stage.choices)
    return [
        {
            "city": pick(r["proposal__challenge__owner__city__name_zh"] or "", r["proposal__challenge__owner__city__name_en"] or "") or "—",
            "industry": pick(r["proposal__challenge__industries__name_zh"] or "", r["proposal__challenge__industries__name_en"] or "") or "—",
            "stage": r["stage"],
            "stage_label": labels[r["stage"]],
            "pairs": r["pairs"],
            "stalled": r["stalled"],
        }
        for r in rows
    ]


def _narrowed_pipelines(qs: QuerySet[Pipeline], *, stage: str = "", reason: str = "", reached: str = "") -> QuerySet[Pipeline]:
    """Pairs at a stage, declined for a reason, or that reached a stage (a subquery: no pair twice)."""
    if stage:
        qs = qs.filter(stage=stage)
    if reason:
        qs = qs.filter(decline_reason=reason)
    if reached:
        qs = qs.filter(pk__in=PipelineStep.objects.filter(stage=reached).values("pipeline"))
    return qs


def owned_pipelines(user, *, organisation: str = "", stage: str = "", reason: str = "", reached: str = "") -> QuerySet[Pipeline]:
    """The pairs of the challenges of the person's organisations (one of them by slug when given; another
    organisation's slug narrows to nothing), narrowed as `pipeline_stalls` is: an organisation's drill-down of
    its own pilots, contracts, investments and pairs declined (insights). Its people read these proposals."""
    if not is_active_user(user):
        return Pipeline.objects.none()
    qs = visible_pipelines(user).filter(proposal__challenge__owner__in=_my_orgs(user))
    if organisation:
        qs = qs.filter(proposal__challenge__owner__slug=organisation)
    return _narrowed_pipelines(qs, stage=stage, reason=reason, reached=reached).order_by("-moved_at", "-pk")


def open_call_list(user) -> QuerySet[OpenCall]:
    """Open calls are public."""
    return OpenCall.objects.select_related("city").prefetch_related("milestones").order_by("-created_at", "-pk")


def open_call_or_404(user, pk, *, perm: str = "") -> OpenCall:
    call = or_404(open_call_list(user).filter(pk=pk).first())
    if perm and not can(user, perm, call):
        raise PermissionDenied
    return call


def visible_applications(user) -> QuerySet[OpenCallApplication]:
    """Applications of the person's organisations, and all of their cities' calls for operators."""
    qs = OpenCallApplication.objects.select_related("open_call", "open_call__city", "organisation").prefetch_related(
        Prefetch("progress", queryset=MilestoneProgress.objects.select_related("milestone"))
    )
    if not is_active_user(user):
        return qs.none()
    if user.is_platform_operator:
        return qs
    return qs.filter(Q(organisation__in=_my_orgs(user)) | Q(open_call__city__in=user.operator_cities.values("pk")))


def application_or_404(user, pk, *, perm: str = "") -> OpenCallApplication:
    application = or_404(visible_applications(user).filter(pk=pk).first())
    if perm and not can(user, perm, application):
        raise PermissionDenied
    return application


def applying_organisations(user, call: OpenCall) -> list[Organisation]:
    """The person's verified organisations that have not applied to this open call yet."""
    applied = OpenCallApplication.objects.filter(open_call=call).values("organisation")
    return list(posting_organisations(user).exclude(pk__in=applied))


def milestone_rows(application: OpenCallApplication) -> list[tuple]:
    """(milestone, amount it releases, progress or None) for each milestone of the application's call, in order."""
    from innobelt.challenges.domain.open_calls import milestone_amount

    progress = {p.milestone_id: p for p in application.progress.all()}
    milestones = list(application.open_call.milestones.all())
    for m in milestones:
        m.open_call = application.open_call
    return [(m, milestone_amount(m), progress.get(m.pk)) for m in milestones]
