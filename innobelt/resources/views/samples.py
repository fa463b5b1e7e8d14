"""Sample-testing jobs on pages: the requester sends samples, accepts the quote and reports the outcome; the owner quotes,
receives, starts measuring, delivers results and closes the job."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.files.domain import file_response
from innobelt.kit.api_errors import ConflictError
from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can
from innobelt.resources import queries, sample_payments
from innobelt.resources.domain import samples as domain_samples
from innobelt.resources.models import SampleJob
from innobelt.resources.sample_forms import SampleCancelForm, SampleJobForm, SampleOutcomeForm, SampleQuoteForm, SampleResultsForm
from innobelt.resources.statement_queries import sample_job_lines
from innobelt.resources.views.register import visible_resource_or_404

MAX_ROWS = 200


@login_required
def sample_jobs(request):
    """Jobs sent by the person's organisations and jobs for their organisations' equipment."""
    user = request.user
    return render(
        request,
        "resources/sample_jobs.html",
        {
            "sent": list(queries.sample_jobs_as_requester(user).order_by("-created_at", "-pk")[:MAX_ROWS]),
            "received": list(queries.sample_jobs_as_owner(user).order_by("-created_at", "-pk")[:MAX_ROWS]),
        },
    )


@login_required
def submit_samples(request, pk):
    resource = visible_resource_or_404(request, pk)
    if not resource.is_bookable:
        raise Http404
    mine = list(queries.active_requests_for(request.user, resource)[:1])
    if not mine:
        raise PermissionDenied
    form = SampleJobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = domain_samples.submit_sample_job(
                actor=request.user,
                access_request=mine[0],
                samples=data["samples"],
                description=data["description"],
                method=data["method"],
                hazards=data["hazards"],
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your samples were announced to the owner, who will quote."))
            return redirect(job)
    return render(request, "resources/submit_samples.html", {"resource": resource, "form": form})


def _detail(request, job: SampleJob, *, quote_form=None, results_form=None, outcome_form=None, status=200):
    user = request.user
    manages = can(user, "resources.manage_sample_jobs", job.resource)
    requester = can(user, "resources.act_for_seeker", job.access_request)
    return render(
        request,
        "resources/sample_job.html",
        {
            "job": job,
            "manages": manages,
            "requester": requester,
            "turnaround": domain_samples.turnaround_days(job),
            "lines": sample_job_lines(job),
            "cancellable": job.status in SampleJob.CANCELLABLE and (manages or requester),
            "delivered": SampleJob.DELIVERED,
            "quote_form": quote_form or SampleQuoteForm(initial={"turnaround_days": job.turnaround_days or 5}),
            "results_form": results_form or SampleResultsForm(),
            "cancel_form": SampleCancelForm(),
            "outcome": getattr(job, "outcome", None),
            "outcome_form": outcome_form or SampleOutcomeForm(),
            # what may pay the quote when accepting it (vouchers fills the hook), and what pays it afterwards
            "payment_options": sample_payments.options(user=user, job=job) if requester and job.status == SampleJob.Status.QUOTED else [],
            "payment_key": uuid.uuid4().hex,
            "payment_status": sample_payments.status(user=user, job=job) if requester else [],
        },
        status=status,
    )


@login_required
def sample_job(request, pk):
    return _detail(request, queries.sample_job_or_404(request.user, pk))


@login_required
def sample_results_file(request, pk):
    job = queries.sample_job_or_404(request.user, pk)
    if job.results_file is None:
        raise Http404
    return file_response(job.results_file)


@login_required
@require_POST
def sample_step(request, pk, step):
    """One step of the job from its page: quote, accept, receive, measuring, results, close, cancel or the requester's
    outcome report."""
    job = queries.sample_job_or_404(request.user, pk)
    user, form = request.user, None
    try:
        if step == "quote":
            if not can(user, "resources.manage_sample_jobs", job.resource):
                raise PermissionDenied
            form = SampleQuoteForm(request.POST)
            if not form.is_valid():
                return _detail(request, job, quote_form=form)
            domain_samples.quote_sample_job(actor=user, job=job, turnaround_days=form.cleaned_data["turnaround_days"], note=form.cleaned_data["note"])
            messages.success(request, _("The quote was sent to the requester."))
        elif step == "accept" and request.POST.get("payment"):
            return _accept_and_pay(request, job)
        elif step == "accept":
            domain_samples.accept_sample_quote(actor=user, job=job)
            messages.success(request, _("You accepted the quote: send the samples to the owner."))
        elif step == "receive":
            domain_samples.receive_samples(actor=user, job=job)
            messages.success(request, _("The samples are recorded as received."))
        elif step == "measuring":
            domain_samples.start_measuring(actor=user, job=job)
            messages.success(request, _("The samples are being measured; the requester was told."))
        elif step == "close":
            domain_samples.close_sample_job(actor=user, job=job)
            messages.success(request, _("The sample job was closed."))
        elif step == "results":
            if not can(user, "resources.manage_sample_jobs", job.resource):
                raise PermissionDenied
            form = SampleResultsForm(request.POST, request.FILES)
            if not form.is_valid():
                return _detail(request, job, results_form=form)
            domain_samples.report_sample_results(actor=user, job=job, upload=form.cleaned_data["file"], note=form.cleaned_data["note"])
            messages.success(request, _("The results were delivered; the job is completed."))
        elif step == "outcome":
            if not can(user, "resources.act_for_seeker", job.access_request):
                raise PermissionDenied
            form = SampleOutcomeForm(request.POST)
            if not form.is_valid():
                return _detail(request, job, outcome_form=form)
            domain_samples.report_sample_outcome(actor=user, job=job, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"])
            messages.success(request, _("Thank you: the outcome was reported to the owner."))
        else:
            cancel = SampleCancelForm(request.POST)
            cancel.is_valid()
            domain_samples.cancel_sample_job(actor=user, job=job, reason=cancel.cleaned_data.get("reason", ""))
            messages.success(request, _("The sample job was cancelled."))
    except domain_samples.SampleJobStateError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        if form is not None and step in ("quote", "results", "outcome"):
            add_validation_errors(form, exc)
            return _detail(request, job, **{f"{step}_form": form})
        messages.error(request, " ".join(exc.messages))
    return redirect("resources:sample_job", pk=job.pk)


def _accept_and_pay(request, job: SampleJob):
    """Accept the quote and pay it with the chosen option (a voucher) in one step, or neither."""
    try:
        _job, paid = domain_samples.accept_and_pay(actor=request.user, job=job, payment=request.POST["payment"],
                                                   key=(request.POST.get("payment_key") or uuid.uuid4().hex)[:60])
    except domain_samples.SampleJobStateError as exc:
        problem = exc.message
    except ValidationError as exc:
        problem = " ".join(exc.messages)
    except ConflictError as exc:
        problem = exc.message
    else:
        messages.success(request, _("You accepted the quote: send the samples to the owner."))
        messages.success(request, paid.message)
        return redirect("resources:sample_job", pk=job.pk)
    messages.error(request, _("Nothing was accepted or paid: %(reason)s") % {"reason": problem})
    return redirect("resources:sample_job", pk=job.pk)
