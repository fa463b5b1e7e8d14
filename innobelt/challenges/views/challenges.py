"""Pages of challenges: the list with search; one challenge (criteria, phases, Q&A and, after the agreement,
its confidential details); drafting, editing, publishing and closing; accepting the agreement; the Q&A.
They only translate: queries.py reads, the domain changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.challenges import domain, queries
from innobelt.challenges.forms import AnswerForm, ChallengeFilterForm, ChallengeForm, OrganisationChoiceForm, QuestionForm
from innobelt.challenges.models import Proposal
from innobelt.kit.forms import add_validation_errors
from innobelt.organisations.models import Organisation
from innobelt.permissions import can

PAGE_SIZE = 30


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def challenge_list(request):
    form = ChallengeFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    results = queries.challenge_list(request.user, query=data.get("q", ""))
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "challenges/challenge_list.html",
        {"form": form, "page": page, "query_string": query_string.urlencode(), "can_draft": queries.drafting_organisations(request.user).exists()},
    )


def challenge_detail(request, pk):
    challenge = queries.challenge_or_404(request.user, pk)
    user = request.user
    accepted = queries.accepted_organisations(user, challenge)
    takers = [o for o in queries.posting_organisations(user) if o.pk != challenge.owner_id and o not in accepted]
    mine = list(queries.proposals_for(user, challenge).filter(organisation__in=[o.pk for o in accepted]))
    writable = [o for o in accepted if o.pk not in {p.organisation_id for p in mine}]
    is_owner = can(user, "challenges.answer_question", challenge)
    return render(
        request,
        "challenges/challenge_detail.html",
        {
            "challenge": challenge,
            "can_read_details": can(user, "challenges.read_challenge_details", challenge),
            "can_change": can(user, "challenges.change_challenge", challenge),
            "is_owner": is_owner,
            "agreement_form": (OrganisationChoiceForm(organisations=takers) if takers and challenge.takes_proposals else None),
            "proposal_form": (OrganisationChoiceForm(organisations=writable) if writable and challenge.takes_proposals else None),
            "my_proposals": mine,
            "proposals": (list(queries.proposals_for(user, challenge).exclude(status=Proposal.Status.DRAFT)) if is_owner else []),
            "questions": list(queries.visible_questions(user, challenge)),
            "question_form": QuestionForm() if can(user, "challenges.ask_question", challenge) else None,
            "answer_form": AnswerForm() if is_owner else None,
            "suggested_solvers": (
                domain.suggested_solvers(challenge, user) if challenge.takes_proposals and can(user, "challenges.invite_solver", challenge) else None
            ),
        },
    )


@login_required
def draft_challenge(request):
    owners = queries.drafting_organisations(request.user)
    form = ChallengeForm(request.POST or None, owners=owners)
    if request.method == "POST" and owners.exists() and form.is_valid():
        try:
            challenge = domain.draft_challenge(actor=request.user, owner=form.cleaned_data["owner"], **form.domain_arguments())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The challenge was saved as a draft. Publish it when it is complete."))
            return redirect(challenge)
    return render(request, "challenges/challenge_form.html", {"form": form, "creating": True, "may_draft": owners.exists()})


@login_required
def edit_challenge(request, pk):
    challenge = queries.challenge_or_404(request.user, pk, perm="challenges.change_challenge")
    form = ChallengeForm(request.POST or None, instance=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_challenge(actor=request.user, challenge=challenge, **form.domain_arguments())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The challenge was saved."))
            return redirect(challenge)
    return render(request, "challenges/challenge_form.html", {"form": form, "challenge": challenge, "may_draft": True})


@require_POST
@login_required
def publish_challenge(request, pk):
    challenge = queries.challenge_or_404(request.user, pk, perm="challenges.change_challenge")
    try:
        domain.publish_challenge(actor=request.user, challenge=challenge)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The challenge is published: solvers can find it and answer."))
    return redirect(challenge)


@require_POST
@login_required
def close_challenge(request, pk):
    challenge = queries.challenge_or_404(request.user, pk, perm="challenges.change_challenge")
    try:
        domain.close_challenge(actor=request.user, challenge=challenge)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The challenge is closed and takes no more proposals."))
    return redirect(challenge)


@require_POST
@login_required
def accept_agreement(request, pk):
    challenge = queries.challenge_or_404(request.user, pk)
    organisations = list(queries.posting_organisations(request.user))
    if not organisations:
        raise PermissionDenied
    form = OrganisationChoiceForm(request.POST, organisations=organisations)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose the organisation you act for."))
        domain.accept_agreement(actor=request.user, challenge=challenge, organisation=form.cleaned_data["organisation"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("You accepted the agreement: the confidential details are shown below."))
    return redirect(challenge)


@require_POST
@login_required
def ask_question(request, pk):
    challenge = queries.challenge_or_404(request.user, pk)
    form = QuestionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write the question."))
        domain.ask_question(actor=request.user, challenge=challenge, text=form.cleaned_data["text"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Your question was sent. The answer will be shown here for every solver."))
    return redirect(challenge)


@require_POST
@login_required
def answer_question(request, pk):
    question = queries.question_or_404(request.user, pk)
    if not can(request.user, "challenges.answer_question", question.challenge):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write the answer."))
        domain.answer_question(actor=request.user, question=question, answer=form.cleaned_data["answer"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The answer is shown to every solver."))
    return redirect(question.challenge)


@require_POST
@login_required
def invite_solver(request, pk):
    challenge = queries.challenge_or_404(request.user, pk, perm="challenges.invite_solver")
    organisation = Organisation.objects.filter(slug=request.POST.get("organisation", "")).first()
    try:
        if organisation is None:
            raise ValidationError(_("Choose an organisation from the suggestions."))
        domain.invite_solver(actor=request.user, challenge=challenge, organisation=organisation)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("%(organisation)s is invited; its admins were told.") % {"organisation": organisation.name})
    return redirect(challenge)
