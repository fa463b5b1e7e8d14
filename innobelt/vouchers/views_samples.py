"""Paying a sample-testing job with a voucher, on a page of its own linked from the job's page (resources keeps
only a status line filled through `resources/sample_payments.py`, `sample_payer.py`). The firm chooses one of its
active vouchers when accepting the quote (the sample payer), or here once it accepted
the quote, sees its co-payment, and may release the share until the results are delivered. Translate only:
domain/sample_spending.py decides."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.kit.api_errors import ConflictError
from innobelt.permissions import can
from innobelt.resources.queries import sample_job_or_404
from innobelt.vouchers import domain, queries
from innobelt.vouchers.domain.reserving import LIVE
from innobelt.vouchers.domain.sample_spending import PAYABLE, quote_sample_job
from innobelt.vouchers.forms import SampleJobVoucherForm
from innobelt.vouchers.models import Reservation, Voucher
from innobelt.vouchers.views import paid_message


def _job_for_firm(user, pk):
    """The job, for the people acting for the firm that sent the samples (404 to those who may not see it)."""
    job = sample_job_or_404(user, pk)
    if not can(user, "resources.act_for_seeker", job.access_request):
        raise PermissionDenied
    return job


def _firm_vouchers(user, job):
    return queries.my_vouchers(user).filter(organisation=job.organisation_id, status=Voucher.Status.ACTIVE)


@login_required
def sample_job_voucher(request, pk):
    user = request.user
    job = _job_for_firm(user, pk)
    live = Reservation.objects.filter(sample_job=job, status__in=LIVE).select_related("voucher__programme").first()
    payable = job.status in PAYABLE and live is None
    vouchers = list(_firm_vouchers(user, job)) if payable else []
    return render(request, "vouchers/sample_job_voucher.html", {
        "job": job,
        "live": live,
        "live_message": paid_message(live) if live is not None else "",
        "payable": payable,
        "quotes": [(v, quote_sample_job(v, job)) for v in vouchers],
        "form": SampleJobVoucherForm(vouchers=_firm_vouchers(user, job),
                                     initial={"idempotency_key": uuid.uuid4().hex}) if vouchers else None,
        "releasable": live is not None and live.status == Reservation.Status.RESERVED,
    })


@login_required
@require_POST
def pay_sample_job(request, pk):
    user = request.user
    job = _job_for_firm(user, pk)
    form = SampleJobVoucherForm(request.POST, vouchers=_firm_vouchers(user, job))
    if not form.is_valid():
        messages.error(request, _("Choose one of your organisation's active vouchers."))
        return redirect("vouchers:sample_job", pk=job.pk)
    try:
        reservation, _created = domain.reserve_for_sample_job(
            actor=user, voucher=form.cleaned_data["voucher"], job=job,
            idempotency_key=form.cleaned_data["idempotency_key"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, paid_message(reservation))
    return redirect("vouchers:sample_job", pk=job.pk)
