"""Award programmes: defining one, opening, closing and publishing it; nominating (self or by an operator);
one nomination with its computed evidence, reviewers, scores and decision; award certificates (PDF).

The views only translate: every step goes through `showcase.domain.awards`."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can
from innobelt.showcase import certificates, queries
from innobelt.showcase.award_forms import CRITERIA_ROWS, NominationForm, ProgrammeForm, ScoreForm
from innobelt.showcase.domain import awards as domain
from innobelt.showcase.evidence import figure_label, readable_records
from innobelt.showcase.models import AwardProgramme, Nomination

NEXT_STATUS = {
    AwardProgramme.Status.DRAFT: AwardProgramme.Status.OPEN,
    AwardProgramme.Status.OPEN: AwardProgramme.Status.CLOSED,
    AwardProgramme.Status.CLOSED: AwardProgramme.Status.PUBLISHED,
}


def programme_list(request):
    return render(
        request,
        "showcase/programme_list.html",
        {
            "programmes": queries.programme_list(request.user),
            "can_define": queries.programme_cities(request.user).exists(),
        },
    )


def programme_detail(request, pk):
    programme = queries.programme_or_404(request.user, pk)
    winners = list(queries.awarded().filter(programme=programme))
    can_manage = can(request.user, "showcase.manage_programme", programme)
    return render(
        request,
        "showcase/programme_detail.html",
        {
            "programme": programme,
            "winners": winners,
            "nominations": queries.nominations_for(request.user, programme),
            "can_manage": can_manage,
            "next_status": NEXT_STATUS.get(programme.status) if can_manage else None,
            "can_edit": can_manage and bool(domain.EDITABLE_BY_STATUS[programme.status]),
            "can_nominate": programme.takes_nominations and queries.nominatable(request.user, programme).exists(),
        },
    )


@login_required
def new_programme(request):
    """Define a programme (a draft): a platform operator, or a district operator for their district."""
    cities = queries.programme_cities(request.user)
    if not cities.exists():
        raise PermissionDenied
    platform = bool(request.user.is_platform_operator)
    form = ProgrammeForm(request.POST or None, cities=cities, platform=platform)
    if request.method == "POST" and form.is_valid():
        try:
            programme = domain.define_programme(
                actor=request.user,
                city=form.cleaned_data["city"],
                criteria=form.criteria(),
                **form.programme_fields(),
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Defined as a draft. Open it when it is ready for nominations."))
            return redirect(programme)
    return render(request, "showcase/programme_form.html", {"form": form, "rows": range(CRITERIA_ROWS)})


@login_required
def edit_programme(request, pk):
    """Change a programme: everything while a draft, then only what its step still allows (the domain decides;
    the form disables the rest). Its operators only: 403 for readers of a public programme, 404 otherwise."""
    programme = queries.programme_or_404(request.user, pk, perm="showcase.manage_programme")
    editable = domain.EDITABLE_BY_STATUS[programme.status]
    if len(programme.criteria.all()) > CRITERIA_ROWS:  # more criteria than the page has rows (the API allows 20)
        editable = editable - {"criteria"}
    form = ProgrammeForm.for_programme(programme, request.POST or None, editable=editable)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_programme(
                actor=request.user,
                programme=programme,
                criteria=form.criteria() if "criteria" in editable else None,
                **{name: value for name, value in form.programme_fields().items() if name in editable},
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect(programme)
    return render(
        request,
        "showcase/programme_form.html",
        {"form": form, "rows": range(CRITERIA_ROWS), "programme": programme, "nothing_editable": not editable},
    )


@require_POST
@login_required
def programme_status(request, pk):
    programme = queries.programme_or_404(request.user, pk, perm="showcase.manage_programme")
    try:
        domain.set_programme_status(actor=request.user, programme=programme, status=request.POST.get("status", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The programme moved to its next step."))
    return redirect(programme)


@login_required
def nominate(request, pk):
    """Nominate your own organisation (its admin) or, for the programme's operators, any eligible one."""
    programme = queries.programme_or_404(request.user, pk)
    organisations = queries.nominatable(request.user, programme)
    if not organisations.exists():
        raise PermissionDenied
    form = NominationForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = domain.nominate(
                actor=request.user,
                programme=programme,
                organisation=form.cleaned_data["organisation"],
                statement=form.cleaned_data["statement"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Nominated. The evidence was counted from the platform's records."))
            return redirect(nomination)
    return render(request, "showcase/nominate.html", {"form": form, "programme": programme})


def evidence_rows(user, nomination):
    """The figures with their labels; each record behind a figure with its page where the reader may open it."""
    pages = readable_records(user, nomination.evidence)
    rows = []
    for item in nomination.evidence:
        records = [{**record, "url": pages.get((record["kind"], record["id"]))} for record in item["records"]]
        rows.append({"key": item["key"], "label": figure_label(item["key"]), "value": item["value"], "records": records})
    return rows


def _reviews(nomination, criteria):
    """Each reviewer's scores in the order of the criteria (None where not scored)."""
    rows = []
    for assignment in nomination.assignments.all():
        by_criterion = {s.criterion_id: s for s in assignment.scores.all()}
        rows.append({"assignment": assignment, "scores": [by_criterion.get(c.pk) for c in criteria]})
    return rows


def nomination_detail(request, pk):
    nomination = queries.nomination_or_404(request.user, pk)
    user = request.user
    criteria = list(nomination.programme.criteria.all())
    own = next((a for a in nomination.assignments.all() if a.reviewer_id == user.pk), None)
    score_form = None
    if can(user, "showcase.score_nomination", nomination):
        initial = {f"score_{s.criterion_id}": s.value for s in own.scores.all()} if own else {}
        initial |= {f"comment_{s.criterion_id}": s.comment for s in own.scores.all()} if own else {}
        score_form = ScoreForm(initial=initial, criteria=criteria)
    return render(
        request,
        "showcase/nomination_detail.html",
        {
            "nomination": nomination,
            "evidence": evidence_rows(user, nomination),
            "total": domain.total_score(nomination),
            "criteria": criteria,
            "reviews": _reviews(nomination, criteria),
            "own_assignment": own,
            "score_form": score_form,
            "can_decide": can(user, "showcase.decide_nomination", nomination),
            "can_review": can(user, "showcase.review_nomination", nomination),
            "certificate": nomination.status == Nomination.Status.AWARDED
            and nomination.programme.status == AwardProgramme.Status.PUBLISHED,
        },
    )


def _act(request, pk, perm, action, done):
    nomination = queries.nomination_or_404(request.user, pk, perm=perm)
    try:
        action(nomination)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(nomination)


def _reviewer(email: str):
    reviewer = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first() if email else None
    if reviewer is None:
        raise ValidationError(_("Nobody with this e-mail address uses the platform."))
    return reviewer


@require_POST
@login_required
def assign_reviewer(request, pk):
    return _act(
        request,
        pk,
        "showcase.decide_nomination",
        lambda n: domain.assign_reviewer(
            actor=request.user, nomination=n, reviewer=_reviewer(request.POST.get("email", "")[:254])
        ),
        _("The reviewer is assigned and told."),
    )


@require_POST
@login_required
def declare_conflict(request, pk):
    return _act(
        request,
        pk,
        "showcase.review_nomination",
        lambda n: domain.declare_conflict(actor=request.user, nomination=n, note=request.POST.get("note", "")),
        _("Your conflict of interest is recorded; your scores are removed."),
    )


@require_POST
@login_required
def score(request, pk):
    nomination = queries.nomination_or_404(request.user, pk, perm="showcase.score_nomination")
    form = ScoreForm(request.POST, criteria=list(nomination.programme.criteria.all()))
    if not form.is_valid():
        messages.error(request, _("Score every criterion from 0 to 10."))
        return redirect(nomination)
    return _act(
        request,
        pk,
        "showcase.score_nomination",
        lambda n: domain.score_nomination(
            actor=request.user, nomination=n, scores=form.scores(), comments=form.comments()
        ),
        _("Your scores are saved."),
    )


@require_POST
@login_required
def refresh_evidence(request, pk):
    return _act(
        request,
        pk,
        "showcase.decide_nomination",
        lambda n: domain.refresh_evidence(actor=request.user, nomination=n),
        _("The evidence was counted again."),
    )


@require_POST
@login_required
def decide(request, pk):
    award = request.POST.get("award") == "1"
    return _act(
        request,
        pk,
        "showcase.decide_nomination",
        lambda n: domain.decide_nomination(actor=request.user, nomination=n, award=award),
        _("Awarded.") if award else _("Not awarded."),
    )


def certificate(request, pk):
    nomination = queries.awarded_or_404(pk)
    response = HttpResponse(certificates.certificate_pdf(nomination), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{nomination.pk}.pdf"'
    return response
