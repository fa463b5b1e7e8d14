"""Pages of access requests: ask, the lists, one request and every decision on it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.kit.forms import add_validation_errors
from innobelt.organisations.queries import my_organisations
from innobelt.permissions import can
from innobelt.resources import domain, queries
from innobelt.resources.forms import (
    AcceptTermsForm,
    AccessRequestForm,
    AnswerForm,
    ApproveForm,
    DeclineForm,
    OutcomeForm,
    QuestionForm,
)
from innobelt.resources.models import AccessRequest
from innobelt.resources.views.register import visible_resource_or_404


def request_or_404(request, pk) -> AccessRequest:
    found = queries.request_detail(request.user, pk)
    if found is None:
        raise Http404
    return found


@login_required
def ask(request, pk):
    resource = visible_resource_or_404(request, pk)
    organisations = my_organisations(request.user)
    if not organisations.exists():
        messages.error(request, _("You ask on behalf of an organisation: join yours in the directory first."))
        return redirect(resource)
    form = AccessRequestForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            created = domain.request_access(user=request.user, resource=resource, organisation=form.cleaned_data["organisation"],
                                            purpose=form.cleaned_data["purpose"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your request was sent to the owner. You will get a message when they answer."))
            return redirect(created)
    eligibility = [(org, domain.eligibility_problems(resource, org)) for org in organisations]
    return render(request, "resources/ask.html", {"form": form, "resource": resource, "eligibility": eligibility})


@login_required
def request_list(request):
    return render(request, "resources/requests.html", {
        "as_owner": queries.requests_as_owner(request.user).order_by("status", "-created_at")[:200],
        "as_seeker": queries.requests_as_seeker(request.user)[:200],
    })


@login_required
def request_detail(request, pk):
    found = request_or_404(request, pk)
    user = request.user
    return render(request, "resources/request_detail.html", {
        "req": found,
        "resource": found.resource,
        "thread": list(found.messages.all()),
        "outcome": getattr(found, "outcome", None),
        "can_decide": can(user, "resources.decide_accessrequest", found),
        "is_seeker": can(user, "resources.act_for_seeker", found),
        "approve_form": ApproveForm(), "decline_form": DeclineForm(), "question_form": QuestionForm(), "answer_form": AnswerForm(),
        "terms_form": AcceptTermsForm(resource=found.resource),
        "bookings": found.bookings.order_by("start")[:50] if found.resource.is_bookable else [],
    })


def _act(request, pk, form_class, action, success):
    """Run one decision on a request from a POSTed form; errors come back as a message."""
    found = request_or_404(request, pk)
    form = form_class(request.POST, resource=found.resource) if form_class is AcceptTermsForm else form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(found)
    try:
        action(found, form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        raise
    else:
        messages.success(request, success)
    return redirect(found)


@login_required
@require_POST
def approve(request, pk):
    return _act(request, pk, ApproveForm,
                lambda r, d: domain.approve_access_request(actor=request.user, access_request=r, note=d["note"]),
                _("Approved. The seeker is asked to accept the terms."))


@login_required
@require_POST
def decline(request, pk):
    return _act(request, pk, DeclineForm,
                lambda r, d: domain.decline_access_request(actor=request.user, access_request=r, reason=d["reason"], text=d["text"]),
                _("The request was declined and the seeker told why."))


@login_required
@require_POST
def ask_more(request, pk):
    return _act(request, pk, QuestionForm,
                lambda r, d: domain.ask_for_information(actor=request.user, access_request=r, question=d["question"]),
                _("Your question was sent."))


@login_required
@require_POST
def answer(request, pk):
    return _act(request, pk, AnswerForm,
                lambda r, d: domain.answer_information_request(user=request.user, access_request=r, answer=d["answer"]),
                _("Your answer was sent to the owner."))


@login_required
@require_POST
def accept(request, pk):
    return _act(request, pk, AcceptTermsForm,
                lambda r, d: domain.accept_terms(user=request.user, access_request=r, conditions_accepted=d["conditions_accepted"],
                                                 nda_acknowledged=d.get("nda_acknowledged", False)),
                _("The terms are accepted: you can now use the resource."))


@login_required
@require_POST
def withdraw(request, pk):
    found = request_or_404(request, pk)
    try:
        domain.withdraw_access_request(user=request.user, access_request=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your request was withdrawn."))
    return redirect(found)


@login_required
def outcome(request, pk):
    found = request_or_404(request, pk)
    if not can(request.user, "resources.act_for_seeker", found):
        raise PermissionDenied
    form = OutcomeForm(request.POST or None, instance=getattr(found, "outcome", None))
    if request.method == "POST" and form.is_valid():
        try:
            domain.report_outcome(user=request.user, access_request=found, **{k: form.cleaned_data[k] for k in OutcomeForm.Meta.fields})
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Thank you: the outcome was reported to the owner."))
            return redirect(found)
    return render(request, "resources/outcome.html", {"form": form, "req": found})
