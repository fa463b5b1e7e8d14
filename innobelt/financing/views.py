"""Pages of financing: the zone's home, funding needs, an investor's ranked needs, funds, applications.

They only translate: queries.py reads (404 for what the caller may not see), the domain changes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.files.domain import file_response
from innobelt.financing import decks, demand, disbursements, domain, queries
from innobelt.financing.forms import (
    ApplicationForm,
    AwardForm,
    DeckForm,
    FundForm,
    FundingNeedForm,
    MeetingForm,
    MilestonesForm,
    RejectForm,
    ReviewersForm,
    ScoreForm,
    ThesisForm,
)
from innobelt.financing.models import Fund, FundingNeed
from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can


def _flash(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def home(request):
    user = request.user
    my_needs = (
        list(queries.need_list(user, status="").filter(organisation__in=queries.posting_organisations(user))[:20]) if user.is_authenticated else []
    )
    return render(
        request,
        "financing/home.html",
        {
            "funds": list(queries.fund_list()),
            "reviewing": list(queries.funds_reviewed_by(user)),
            "my_needs": my_needs,
            "investors": list(queries.investor_organisations(user)),
            "may_post": queries.posting_organisations(user).exists(),
            "operates": demand.scope_of(user) is not None,  # demand and supply; opening a fund's call
        },
    )


@login_required
def post_need(request):
    organisations = queries.posting_organisations(request.user)
    form = FundingNeedForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and organisations.exists() and form.is_valid():
        fields, industries = form.domain_arguments()
        try:
            need = domain.post_funding_need(actor=request.user, organisation=form.cleaned_data["organisation"], industries=industries, **fields)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your funding need was posted."))
            return redirect(need)
    return render(request, "financing/need_form.html", {"form": form, "may_post": organisations.exists()})


@login_required
def need_detail(request, pk):
    user = request.user
    need = queries.need_or_404(user, pk)
    investors = queries.investor_organisations(user)
    sees_matches = can(user, "financing.see_investor_matches", need)
    shares_deck = can(user, "financing.share_deck", need)
    deck_form = None
    if shares_deck:
        deck_form = DeckForm(
            investors=queries.deck_choices(need),
            initial={"audience": need.deck_audience, "investors": list(need.deck_investors.values_list("pk", flat=True))},
        )
    return render(
        request,
        "financing/need_detail.html",
        {
            "need": need,
            "matches": queries.investors_for_need(user, need) if sees_matches else [],
            "sees_matches": sees_matches,
            "meetings": queries.meeting_requests_for(user, need),
            "meeting_form": MeetingForm(investors=investors, programmes=queries.meeting_programmes(user))
            if investors.exists() and need.status == "open"
            else None,
            "may_download_deck": can(user, "financing.download_deck", need),
            "deck_form": deck_form,
        },
    )


@login_required
def download_deck(request, pk):
    """The need's pitch deck, for those the startup shares it with; 404 for anybody else, as for an unknown id."""
    return file_response(queries.deck_or_404(request.user, pk))


@require_POST
@login_required
def save_deck(request, pk):
    need = queries.need_or_404(request.user, pk, perm="financing.share_deck")
    form = DeckForm(request.POST, request.FILES, investors=queries.deck_choices(need))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(need)
    data = form.cleaned_data
    try:
        decks.save_deck(actor=request.user, need=need, upload=data["file"], audience=data["audience"], investors=data["investors"])
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The pitch deck was saved."))
    return redirect(need)


@require_POST
@login_required
def remove_deck(request, pk):
    need = queries.need_or_404(request.user, pk, perm="financing.share_deck")
    try:
        decks.remove_deck(actor=request.user, need=need)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The pitch deck was removed."))
    return redirect(need)


@login_required
def demand_and_supply(request):
    """Funding demand (open needs by sector, city, stage and amount) against supply (verified investors' theses)
    for the operator's cities (the whole Belt for platform operators); 403 for anybody else."""
    scope = demand.scope_of(request.user)
    if scope is None:
        raise PermissionDenied
    return render(request, "financing/demand_and_supply.html", {**demand.demand_and_supply(scope), "scope": scope})


@require_POST
@login_required
def request_meeting(request, pk):
    need = queries.need_or_404(request.user, pk)
    investors = queries.investor_organisations(request.user)
    form = MeetingForm(request.POST, investors=investors, programmes=queries.meeting_programmes(request.user))
    if not investors.exists():
        raise PermissionDenied
    if not form.is_valid():
        if "programme" in form.errors:
            messages.error(request, _("Choose an event whose 1:1 meetings take requests, or no event."))
        else:
            messages.error(request, _("Choose your organisation and write a message."))
        return redirect(need)
    data = form.cleaned_data
    try:
        meeting = domain.request_meeting(
            actor=request.user, need=need, investor=data["investor"], message=data["message"], programme=data["programme"]
        )
    except ValidationError as exc:
        _flash(request, exc)
        return redirect(need)
    if meeting.event_request_id:
        messages.success(request, _("Your request to meet was sent to the event's 1:1 meetings; the conversation is open."))
    else:
        messages.success(request, _("Your request to meet was sent; the conversation is open."))
    return redirect("conversations:thread", thread_id=meeting.thread_id) if meeting.thread_id else redirect(need)


@login_required
def investor_matches(request, slug):
    investor = queries.investor_organisations(request.user).filter(slug=slug).first()
    if investor is None:
        raise Http404
    return render(
        request,
        "financing/investor_matches.html",
        {"investor": investor, "thesis": queries.thesis_of(investor), "ranked": queries.needs_for_investor(request.user, investor)},
    )


@login_required
def edit_thesis(request, slug):
    investor = queries.investor_organisations(request.user).filter(slug=slug).first()
    if investor is None:
        raise Http404
    if not can(request.user, "financing.keep_thesis", investor):
        raise PermissionDenied
    form = ThesisForm(request.POST or None, initial=ThesisForm.initial_of(queries.thesis_of(investor)))
    if request.method == "POST" and form.is_valid():
        try:
            domain.save_thesis(actor=request.user, organisation=investor, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your thesis was saved."))
            return redirect("financing:investor_matches", slug=slug)
    return render(request, "financing/thesis_form.html", {"investor": investor, "form": form})


def _fund_cities(user):
    """The cities an operator may open a call in: None for platform operators (any, or none); 403 for others."""
    scope = demand.scope_of(user)
    if scope is None:
        raise PermissionDenied
    return None if scope.cities is None else user.operator_cities.order_by("position", "slug")


@login_required
def open_fund(request):
    """An operator opens a dedicated fund's call (platform operators anywhere, district operators in their cities)."""
    form = FundForm(request.POST or None, cities=_fund_cities(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            fund = domain.save_fund(actor=request.user, fund=form.apply_to(Fund()))
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The fund's call is open."))
            return redirect(fund)
    return render(request, "financing/fund_form.html", {"form": form, "fund": None})


@login_required
def edit_fund(request, pk):
    """The fund's operators change its call or close it; the domain refuses a budget below what was awarded."""
    fund = queries.fund_or_404(request.user, pk, perm="financing.run_fund")
    cities = None if request.user.is_platform_operator else request.user.operator_cities.order_by("position", "slug")
    form = FundForm(request.POST or None, instance=fund, cities=cities)
    if request.method == "POST" and form.is_valid():
        try:
            domain.save_fund(actor=request.user, fund=form.apply_to(queries.fund_or_404(request.user, pk)))
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The fund's call was saved."))
            return redirect(fund)
    return render(request, "financing/fund_form.html", {"form": form, "fund": fund})


@login_required
def fund_reviewers(request, pk):
    fund = queries.fund_or_404(request.user, pk, perm="financing.run_fund")
    current = list(fund.reviewers.order_by("email"))
    form = ReviewersForm(request.POST or None, initial={"emails": "\n".join(u.email for u in current)})
    if request.method == "POST" and form.is_valid():
        domain.assign_reviewers(actor=request.user, fund=fund, reviewers=form.cleaned_data["emails"])
        messages.success(request, _("The fund's reviewers were saved."))
        return redirect(fund)
    return render(request, "financing/fund_reviewers.html", {"fund": fund, "form": form, "reviewers": current})


def fund_detail(request, pk):
    user = request.user
    fund = queries.fund_or_404(user, pk)
    organisations = queries.applying_organisations(user, fund)
    return render(
        request,
        "financing/fund_detail.html",
        {
            "fund": fund,
            "applications": list(queries.applications_for(user, fund)),
            "may_apply": bool(organisations) and fund.status == "open" and domain.china_today() <= fund.deadline,
            "runs_fund": can(user, "financing.run_fund", fund),
        },
    )


@login_required
def apply(request, pk):
    fund = queries.fund_or_404(request.user, pk)
    organisations = queries.applying_organisations(request.user, fund)
    if not organisations:
        raise PermissionDenied
    needs = FundingNeed.objects.filter(organisation__in=[o.pk for o in organisations]).order_by("-pk")
    first_need = needs.first()
    initial = {}
    if first_need is not None:
        initial = {"need": first_need.pk, "amount": first_need.amount, "plan": first_need.use_of_funds}
    form = ApplicationForm(request.POST or None, organisations=organisations, needs=needs, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = domain.apply_to_fund(
                actor=request.user, fund=fund, organisation=data["organisation"], amount=data["amount"], plan=data["plan"], need=data["need"]
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your application was submitted."))
            return redirect("financing:application_detail", pk=application.pk)
    return render(request, "financing/apply.html", {"fund": fund, "form": form, "prefilled": domain.prefill(organisations[0], first_need)})


@login_required
def application_detail(request, pk):
    user = request.user
    application = queries.application_or_404(user, pk)
    milestones = list(application.milestones.all())
    return render(
        request,
        "financing/application_detail.html",
        {
            "application": application,
            "reviews": list(application.reviews.all()),
            "may_score": can(user, "financing.review_application", application) and application.status == "submitted",
            "may_decide": can(user, "financing.decide_application", application) and application.status == "submitted",
            "score_form": ScoreForm(),
            "award_form": AwardForm(),
            "reject_form": RejectForm(),
            "milestones": milestones,
            "any_released": any(m.released_at for m in milestones),
            "runs_fund": can(user, "financing.decide_application", application),
            "milestones_form": MilestonesForm(),
        },
    )


@require_POST
@login_required
def score(request, pk):
    application = queries.application_or_404(request.user, pk, perm="financing.review_application")
    form = ScoreForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a score from 0 to 100 and declare no conflict of interest."))
        return redirect("financing:application_detail", pk=pk)
    try:
        domain.score_application(
            actor=request.user,
            application=application,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
            no_conflict=form.cleaned_data["no_conflict"],
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Your score was saved."))
    return redirect("financing:application_detail", pk=pk)


@require_POST
@login_required
def award(request, pk):
    application = queries.application_or_404(request.user, pk, perm="financing.decide_application")
    form = AwardForm(request.POST)
    amount = form.cleaned_data.get("amount") if form.is_valid() else None
    try:
        domain.award_application(actor=request.user, application=application, amount=amount)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The application was awarded."))
    return redirect("financing:application_detail", pk=pk)


@require_POST
@login_required
def reject(request, pk):
    application = queries.application_or_404(request.user, pk, perm="financing.decide_application")
    form = RejectForm(request.POST)
    try:
        domain.reject_application(actor=request.user, application=application, reason=form.cleaned_data["reason"] if form.is_valid() else "")
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The application was declined."))
    return redirect("financing:application_detail", pk=pk)


@require_POST
@login_required
def plan_milestones(request, pk):
    application = queries.application_or_404(request.user, pk, perm="financing.decide_application")
    form = MilestonesForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("financing:application_detail", pk=pk)
    try:
        disbursements.plan_milestones(actor=request.user, application=application, milestones=form.cleaned_data["lines"])
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The milestones were saved."))
    return redirect("financing:application_detail", pk=pk)


@require_POST
@login_required
def release_milestone(request, pk, milestone_pk):
    application = queries.application_or_404(request.user, pk, perm="financing.decide_application")
    milestone = application.milestones.filter(pk=milestone_pk).first()
    if milestone is None:
        raise Http404
    try:
        disbursements.release_milestone(actor=request.user, milestone=milestone)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The milestone was released."))
    return redirect("financing:application_detail", pk=pk)
