"""The two redeemable kinds of the resource register: instrument time (a booking) and sample testing (a sample job).

Resources sits above vouchers in the app table and may not import it, so vouchers registers these two kinds on its
behalf (`register_resource_kinds`, called from `VouchersConfig.ready()`); an app below vouchers registers its own kind
in its `vouchers.py` (see innobelt/services/vouchers.py). Each kind says what the claim's evidence is: for a booking,
its check-in at the instrument and the access request's outcome report; for a sample job, the delivered results and
the firm's outcome report of the job.
"""

from typing import Any

from django.utils.translation import gettext as _

from innobelt.bilingual import join_list
from innobelt.kit.local_time import local, span
from innobelt.permissions import can
from innobelt.resources.models import Booking, SampleJob
from innobelt.vouchers.domain import sample_spending, spending
from innobelt.vouchers.models import Use
from innobelt.vouchers.redeemables import Evidence, RedeemableKind, register


def _name(user: Any) -> str:
    """The person's display name (never their e-mail or mobile: the reader may be another organisation)."""
    return getattr(user, "display_name", "") if user is not None else ""


def booking_evidence(booking: Booking) -> list[Evidence]:
    """The check-in at the instrument and the outcome report of the booking's access request."""
    if booking.checked_in_at is not None:
        check_in = Evidence(
            key="check_in", label=_("Check-in"), present=True, at=booking.checked_in_at, by=_name(booking.checked_in_by),
            lines=[_("Checked in at the instrument at %(when)s for the booking %(span)s.")
                   % {"when": local(booking.checked_in_at), "span": span(booking.start, booking.end)}])
    else:
        check_in = Evidence(key="check_in", label=_("Check-in"), present=False, lines=[
            _("Not checked in at the instrument (check-in is optional per instrument); the booking %(span)s was "
              "%(status)s.") % {"span": span(booking.start, booking.end), "status": booking.get_status_display()}])
    report = getattr(booking.access_request, "outcome", None)
    if report is None:
        outcome = Evidence(key="outcome", label=_("Outcome report"), present=False,
                           lines=[_("No outcome report has been filed yet.")])
    else:
        outcomes = report.outcomes()
        lines = [_("Outcomes: %(list)s") % {"list": join_list(outcomes)}] if outcomes else []
        outcome = Evidence(key="outcome", label=_("Outcome report"), present=True, at=report.reported_at,
                           by=_name(report.reported_by), lines=[*lines, report.summary])
    return [check_in, outcome]


def sample_job_evidence(job: SampleJob) -> list[Evidence]:
    """The results the laboratory delivered (its measurement report) and the firm's outcome report of the job."""
    if job.completed_at is not None:
        results = Evidence(key="results", label=_("Measurement report"), present=True, at=job.completed_at,
                           lines=[_("Results delivered for %(n)d samples (%(method)s).")
                                  % {"n": job.samples, "method": job.method},
                                  *([job.results_note] if job.results_note else []),
                                  *([_("A results file is attached to the job.")] if job.results_file_id else [])])
    else:
        results = Evidence(key="results", label=_("Measurement report"), present=False,
                           lines=[_("The results have not been delivered yet (%(status)s).")
                                  % {"status": job.get_status_display()}])
    report = getattr(job, "outcome", None)
    if report is None:
        outcome = Evidence(key="outcome", label=_("Outcome report"), present=False,
                           lines=[_("No outcome report has been filed yet.")])
    else:
        outcome = Evidence(key="outcome", label=_("Outcome report"), present=True, at=report.reported_at,
                           by=_name(report.reported_by),
                           lines=[report.get_outcome_display(), *([report.note] if report.note else [])])
    return [results, outcome]


def _booking_title(booking: Booking) -> str:
    return f"{booking.resource.title}: {span(booking.start, booking.end)}"


def _job_title(job: SampleJob) -> str:
    return _("Sample job #%(n)d at %(name)s") % {"n": job.pk, "name": job.resource.title}


def register_resource_kinds() -> None:
    register(RedeemableKind(
        key="booking", field="booking", use=Use.INSTRUMENT_TIME, label=lambda: _("booking"), model="resources.Booking",
        problems=spending.spending_problems, quote=spending.quote,
        provider=lambda b: (b.resource.owner_id, b.resource.city_id),
        evidence=booking_evidence, title=_booking_title,
        may_pay=lambda user, b: can(user, "resources.act_for_seeker", b.access_request),
        select_related=("resource", "resource__owner", "access_request", "access_request__outcome", "checked_in_by"),
        messages={
            "not_yours": lambda: _("You do not act for the organisation that made this booking."),
            "already_paid": lambda: _("A voucher already pays for this booking."),
            "costs_nothing": lambda: _("This booking costs nothing; there is nothing for a voucher to pay."),
            "other_key": lambda: _("This idempotency key was used for another booking."),
        },
    ))
    register(RedeemableKind(
        key="sample_job", field="sample_job", use=Use.SAMPLE_TESTING, label=lambda: _("sample job"),
        model="resources.SampleJob", problems=sample_spending.sample_job_problems,
        quote=sample_spending.quote_sample_job, provider=lambda j: (j.resource.owner_id, j.resource.city_id),
        evidence=sample_job_evidence, title=_job_title,
        may_pay=lambda user, j: can(user, "resources.act_for_seeker", j.access_request),
        select_related=("resource", "access_request", "outcome"),
        messages={
            "not_yours": lambda: _("You do not act for the organisation that sent these samples."),
            "already_paid": lambda: _("A voucher already pays for this sample job."),
            "costs_nothing": lambda: _("This sample job costs nothing; there is nothing for a voucher to pay."),
            "other_key": lambda: _("This idempotency key was used for something else."),
        },
    ))
