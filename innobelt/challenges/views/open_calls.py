"""Pages of open calls with a reward (揭榜挂帅) at /open-calls/: the list, posting a call (district and platform
operators), one call with its milestones and what each releases, applying as a team; one application (the team
and the city's operators): selecting the team, reporting a milestone, accepting it (its share of the funding is released, once) or sending it back.
They only translate: queries.py reads, the domain changes (docs/adr/0702-review-and-pipeline.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.belt.models import City
from innobelt.challenges import domain, queries
from innobelt.challenges.domain.open_calls import milestone_amount
from innobelt.challenges.forms import MilestoneReportForm, OpenCallApplyForm, OpenCallForm, SendBackForm
from innobelt.challenges.models import Milestone, MilestoneProgress, OpenCall, OpenCallApplication
from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can

PAGE_SIZE = 30


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _form_errors(form) -> ValidationError:
    return ValidationError([e for errors in form.errors.values() for e in errors])


def open_call_list(request):
    page = Paginator(queries.open_call_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    may_post = request.user.is_authenticated and _posting_cities(request.user).exists()
    return render(request, "challenges/open_call_list.html", {"page": page, "may_post": may_post})


def _posting_cities(user):
    """The cities and districts a person may post an open call for: all for platform operators, else those they operate."""
    if user.is_platform_operator:
        return City.objects.all()
    return user.operator_cities.all()


@login_required
def post_open_call(request):
    """Post an open call: only district operators (for their cities) and platform operators; nothing is stored on
    bad input, and the errors are shown in the reader's language (the form's and the domain's)."""
    cities = _posting_cities(request.user)
    if not cities.exists():
        raise PermissionDenied
    form = OpenCallForm(request.POST or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        try:
            call = domain.post_open_call(actor=request.user, city=form.cleaned_data["city"], **form.domain_arguments())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The open call is posted: teams can apply until its deadline."))
            return redirect("challenges:open_call_detail", pk=call.pk)
    return render(request, "challenges/open_call_form.html", {"form": form})


def open_call_detail(request, pk):
    call = queries.open_call_or_404(request.user, pk)
    milestones = list(call.milestones.all())
    for m in milestones:
        m.open_call = call
    taking = call.status == OpenCall.Status.OPEN and timezone.now() <= call.deadline
    organisations = queries.applying_organisations(request.user, call) if taking else []
    return render(
        request,
        "challenges/open_call_detail.html",
        {
            "call": call,
            "taking": taking,
            "milestones": [(m, milestone_amount(m)) for m in milestones],
            "applications": list(queries.visible_applications(request.user).filter(open_call=call)[:500]),
            "can_decide": can(request.user, "challenges.decide_open_call", call),
            "apply_form": OpenCallApplyForm(organisations=organisations) if organisations else None,
        },
    )


@require_POST
@login_required
def apply(request, pk):
    call = queries.open_call_or_404(request.user, pk)
    organisations = queries.posting_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = OpenCallApplyForm(request.POST, organisations=list(organisations))
    try:
        if not form.is_valid():
            raise _form_errors(form)
        application = domain.apply_to_open_call(
            actor=request.user, open_call=call, organisation=form.cleaned_data["organisation"], text=form.cleaned_data["text"]
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("challenges:open_call_detail", pk=call.pk)
    messages.success(request, _("Your team applied. The district's operators select the teams."))
    return redirect("challenges:open_call_application", pk=application.pk)


@login_required
def application_detail(request, pk):
    application = queries.application_or_404(request.user, pk)
    user = request.user
    return render(
        request,
        "challenges/open_call_application.html",
        {
            "application": application,
            "call": application.open_call,
            "rows": queries.milestone_rows(application),
            "can_report": can(user, "challenges.report_milestone", application) and application.status == OpenCallApplication.Status.SELECTED,
            "can_decide": can(user, "challenges.decide_milestone", application),
            "can_select": can(user, "challenges.decide_open_call", application.open_call),
            "report_form": MilestoneReportForm(),
            "send_back_form": SendBackForm(),
        },
    )


@require_POST
@login_required
def select_team(request, pk):
    application = queries.application_or_404(request.user, pk)
    if not can(request.user, "challenges.decide_open_call", application.open_call):
        raise PermissionDenied
    domain.select_team(actor=request.user, application=application)
    messages.success(request, _("%(team)s is selected.") % {"team": application.organisation.name})
    return redirect("challenges:open_call_application", pk=application.pk)


def _milestone(application: OpenCallApplication, milestone_id: int) -> Milestone:
    milestone = application.open_call.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404
    return milestone


@require_POST
@login_required
def report_milestone(request, pk, milestone_id):
    application = queries.application_or_404(request.user, pk, perm="challenges.report_milestone")
    milestone = _milestone(application, milestone_id)
    form = MilestoneReportForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_errors(form)
        domain.report_milestone(actor=request.user, application=application, milestone=milestone, report=form.cleaned_data["report"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("“%(milestone)s” was reported. The operator accepts it or sends it back.") % {"milestone": milestone.name})
    return redirect("challenges:open_call_application", pk=application.pk)


def _progress(request, pk, milestone_id) -> MilestoneProgress:
    application = queries.application_or_404(request.user, pk, perm="challenges.decide_milestone")
    milestone = _milestone(application, milestone_id)
    progress = MilestoneProgress.objects.filter(application=application, milestone=milestone).first()
    if progress is None:
        raise Http404
    return progress


@require_POST
@login_required
def accept_milestone(request, pk, milestone_id):
    progress = _progress(request, pk, milestone_id)
    try:
        accepted = domain.accept_milestone(actor=request.user, progress=progress)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Accepted: ¥%(amount)s released to the team.") % {"amount": accepted.released})
    return redirect("challenges:open_call_application", pk=pk)


@require_POST
@login_required
def send_back_milestone(request, pk, milestone_id):
    progress = _progress(request, pk, milestone_id)
    form = SendBackForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_errors(form)
        domain.send_back_milestone(actor=request.user, progress=progress, note=form.cleaned_data["note"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The milestone was sent back to the team; nothing was released."))
    return redirect("challenges:open_call_application", pk=pk)
