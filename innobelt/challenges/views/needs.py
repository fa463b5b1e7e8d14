"""Pages of needs: the list with search, one need, posting and editing, renewing and closing, answering,
and the decisions on answers. They only translate: queries.py reads, the domain changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.challenges import domain, queries
from innobelt.challenges.forms import ANY_STATUS, DeclineForm, InterestForm, NeedFilterForm, NeedForm, RenewForm
from innobelt.challenges.models import NeedInterest
from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can

PAGE_SIZE = 30


def need_list(request):
    form = NeedFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or "open"
    results = queries.need_list(
        request.user, query=data.get("q", ""), industry=data.get("industry", ""), city=data.get("city", ""),
        status="" if status == ANY_STATUS else status, month=data.get("month"),
    )
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {"form": form, "page": page, "query_string": query_string.urlencode(), "can_post": queries.posting_organisations(request.user).exists()}
    template = "challenges/_need_results.html" if request.htmx else "challenges/need_list.html"
    return render(request, template, context)


def need_detail(request, pk):
    need = queries.need_or_404(request.user, pk)
    user = request.user
    organisations = queries.answering_organisations(user, need) if user.is_authenticated else []
    interests = queries.interests_for(user, need)
    return render(
        request,
        "challenges/need_detail.html",
        {
            "need": need,
            "can_decide": bool(interests) and can(user, "challenges.decide_interest", interests[0]),
            "my_org_ids": queries.my_organisation_ids(user),
            "can_read_details": can(user, "challenges.read_need_details", need),
            "can_change": can(user, "challenges.change_need", need),
            "can_close": can(user, "challenges.close_need", need),
            "interests": interests,
            "interest_form": InterestForm(organisations=organisations) if organisations and need.is_open else None,
            "decline_form": DeclineForm(),
            "renew_form": RenewForm(),
        },
    )


@login_required
def post_need(request):
    owners = queries.posting_organisations(request.user)
    form = NeedForm(request.POST or None, owners=owners)
    if request.method == "POST" and owners.exists() and form.is_valid():
        fields, industries = form.domain_arguments()
        try:
            need = domain.post_need(actor=request.user, owner=form.cleaned_data["owner"], industries=industries, **fields)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your need was posted."))
            return redirect(need)
    return render(request, "challenges/need_form.html", {"form": form, "creating": True, "may_post": owners.exists()})


@login_required
def edit_need(request, pk):
    need = queries.need_or_404(request.user, pk, perm="challenges.change_need")
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        fields, industries = form.domain_arguments()
        try:
            domain.update_need(actor=request.user, need=need, changes=fields, industries=industries)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The need was saved."))
            return redirect(need)
    return render(request, "challenges/need_form.html", {"form": form, "need": need, "may_post": True})


@require_POST
@login_required
def renew_need(request, pk):
    need = queries.need_or_404(request.user, pk, perm="challenges.change_need")
    form = RenewForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the new deadline as a date."))
        domain.renew_need(actor=request.user, need=need, deadline=form.cleaned_data["deadline"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The need is open until its new deadline."))
    return redirect(need)


@require_POST
@login_required
def close_need(request, pk):
    need = queries.need_or_404(request.user, pk, perm="challenges.close_need")
    domain.close_need(actor=request.user, need=need)
    messages.success(request, _("The need no longer takes answers."))
    return redirect(need)


@require_POST
@login_required
def express_interest(request, pk):
    need = queries.need_or_404(request.user, pk)
    organisations = queries.posting_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = InterestForm(request.POST, organisations=list(organisations))
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        domain.express_interest(actor=request.user, need=need, organisation=form.cleaned_data["organisation"], message=form.cleaned_data["message"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your interest was sent. You will get a message when the owner answers."))
    return redirect(need)


def _interest(request, pk, perm) -> NeedInterest:
    interest = queries.interest_or_404(request.user, pk)
    if not can(request.user, perm, interest):
        raise PermissionDenied
    return interest


@require_POST
@login_required
def accept_interest(request, pk):
    interest = _interest(request, pk, "challenges.decide_interest")
    try:
        domain.accept_interest(actor=request.user, interest=interest)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You accepted the answer of %(organisation)s.") % {"organisation": interest.organisation.name})
    return redirect(interest)


@require_POST
@login_required
def decline_interest(request, pk):
    interest = _interest(request, pk, "challenges.decide_interest")
    form = DeclineForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why you decline."))
        domain.decline_interest(actor=request.user, interest=interest, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You declined the answer of %(organisation)s.") % {"organisation": interest.organisation.name})
    return redirect(interest)


@require_POST
@login_required
def withdraw_interest(request, pk):
    interest = _interest(request, pk, "challenges.withdraw_interest")
    try:
        domain.withdraw_interest(actor=request.user, interest=interest)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your answer was withdrawn."))
    return redirect("challenges:my_needs")


@login_required
def my_needs(request):
    needs = queries.my_needs(request.user)
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "challenges/my_needs.html",
        {
            "page": page,
            "sent": queries.my_interests(request.user)[:200],
        },
    )
