"""Pages of the review: the owner assigns reviewers to a proposal and reads the aggregated scores (and hides
solvers' identities); a reviewer declares a conflict of interest or scores each criterion. They only translate."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from innobelt.challenges import domain, queries
from innobelt.challenges.forms import ReviewerForm
from innobelt.challenges.views.proposals import _proposal


class ConflictForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Conflict of interest"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ScoreForm(forms.Form):
    """One score (0–10) and comment per criterion of the challenge."""

    def __init__(self, *args, criteria=(), scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        self.criteria = list(criteria)
        for c in self.criteria:
            given = scores.get(c.pk)
            self.fields[f"value_{c.pk}"] = forms.TypedChoiceField(
                label=f"{c.name} ({c.weight}%)", coerce=int, choices=[(n, n) for n in range(11)], initial=given.value if given else None
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=gettext_lazy("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=given.comment if given else "",
            )

    def scores(self) -> list[dict]:
        return [
            {"criterion": c.pk, "value": self.cleaned_data[f"value_{c.pk}"], "comment": self.cleaned_data[f"comment_{c.pk}"]} for c in self.criteria
        ]


@require_POST
@login_required
def assign_reviewer(request, pk):
    proposal = _proposal(request, pk, "challenges.assign_reviewer")
    form = ReviewerForm(request.POST)
    try:
        reviewer = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"]).first() if form.is_valid() else None
        if reviewer is None:
            raise ValidationError(_("Nobody on the platform has this e-mail address."))
        domain.assign_reviewer(actor=request.user, proposal=proposal, reviewer=reviewer)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The reviewer was asked to review the proposal."))
    return redirect("challenges:proposal_detail", pk=proposal.pk)


@login_required
def review_detail(request, pk):
    review = queries.review_or_404(request.user, pk)
    proposal = review.proposal
    scores = {s.criterion_id: s for s in review.scores.all()}
    is_reviewer = review.reviewer_id == request.user.pk
    return render(
        request,
        "challenges/review_detail.html",
        {
            "review": review,
            "proposal": proposal,
            "challenge": proposal.challenge,
            "scores": scores,
            "score_form": (ScoreForm(criteria=proposal.challenge.criteria.all(), scores=scores) if is_reviewer and not review.conflict else None),
            "conflict_form": ConflictForm() if is_reviewer and not review.conflict else None,
        },
    )


@require_POST
@login_required
def declare_conflict(request, pk):
    review = queries.review_or_404(request.user, pk, perm="challenges.score_review")
    form = ConflictForm(request.POST)
    domain.declare_conflict(actor=request.user, assignment=review, note=form.cleaned_data["note"] if form.is_valid() else "")
    messages.success(request, _("You declared a conflict of interest; the owner will assign someone else."))
    return redirect("challenges:review_detail", pk=review.pk)


@require_POST
@login_required
def score_review(request, pk):
    review = queries.review_or_404(request.user, pk, perm="challenges.score_review")
    form = ScoreForm(request.POST, criteria=review.proposal.challenge.criteria.all())
    try:
        if not form.is_valid():
            raise ValidationError(_("Give each criterion of the challenge a score from 0 to 10."))
        domain.score_proposal(actor=request.user, assignment=review, scores=form.scores())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your scores were saved."))
    return redirect("challenges:review_detail", pk=review.pk)


@login_required
def my_reviews(request):
    return render(request, "challenges/my_reviews.html", {"reviews": queries.my_reviews(request.user)[:200]})


@login_required
def challenge_scores(request, pk):
    challenge = queries.challenge_or_404(request.user, pk, perm="challenges.read_scores")
    return render(
        request,
        "challenges/challenge_scores.html",
        {
            "challenge": challenge,
            "rows": queries.score_summary(request.user, challenge),
            "criteria": list(challenge.criteria.all()),
        },
    )


@require_POST
@login_required
def hide_identities(request, pk):
    challenge = queries.challenge_or_404(request.user, pk, perm="challenges.change_challenge")
    hidden = request.POST.get("hidden") == "1"
    domain.set_identities_hidden(actor=request.user, challenge=challenge, hidden=hidden)
    messages.success(request, _("Reviewers no longer see solvers' names.") if hidden else _("Reviewers see solvers' names."))
    return redirect(challenge)
