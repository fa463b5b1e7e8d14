"""Pages of innovation vouchers at /vouchers/. They only translate: queries.py reads, the domain changes."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.belt.models import City
from innobelt.kit.api_errors import ConflictError
from innobelt.kit.forms import add_validation_errors
from innobelt.organisations.queries import my_organisations
from innobelt.permissions import can
from innobelt.resources.models import Booking
from innobelt.vouchers import domain, queries
from innobelt.vouchers.domain.claims import claimable_by_programme
from innobelt.vouchers.domain.spending import quote
from innobelt.vouchers.forms import (
    AcceptForm,
    ApplicationForm,
    ApproveForm,
    ProgrammeForm,
    ReasonForm,
    ReserveForm,
    to_fen,
)
from innobelt.vouchers.models import Application, Claim, Programme, Reservation, yuan

LIST_ROWS = 100


def paid_message(reservation: Reservation) -> str:
    """What the firm pays now, and what the voucher pays (or reimburses, in a programme that reimburses)."""
    values = {"share": yuan(reservation.amount_fen), "co": yuan(reservation.co_payment_fen),
              "total": yuan(reservation.total_fen)}
    if reservation.voucher.programme.reimburses:
        return _("You pay the provider ¥%(total)s; ¥%(share)s is reimbursed to you once the work is done and the "
                 "issuing authority approves.") % values
    return _("¥%(share)s of the voucher is reserved; your co-payment is ¥%(co)s.") % values


def _operator_cities(user):
    if user.is_platform_operator:
        return City.objects.all()
    return user.operator_cities.all()


def home(request):
    """Open programmes for everyone; the firm's vouchers and applications; links to the operator's queues."""
    user = request.user
    signed_in = user.is_authenticated
    return render(
        request,
        "vouchers/home.html",
        {
            "programmes": list(queries.programmes(user, open_only=True)[:LIST_ROWS]),
            "vouchers": list(queries.my_vouchers(user)[:LIST_ROWS]) if signed_in else [],
            "applications": list(
                queries.applications(user).filter(organisation__in=my_organisations(user).values("pk"))[:LIST_ROWS]
            )
            if signed_in
            else [],
            "operates": queries.operates_any(user),
            "provides": signed_in and queries.provider_organisations(user).exists(),
        },
    )


@login_required
def new_programme(request):
    if not can(request.user, "vouchers.add_programme"):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, cities=_operator_cities(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            programme = domain.create_programme(actor=request.user, **form.domain_arguments())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The programme was created."))
            return redirect(programme)
    return render(request, "vouchers/programme_form.html", {"form": form})


def programme_detail(request, pk):
    user = request.user
    programme = queries.programme_or_404(user, pk)
    runs = can(user, "vouchers.manage_programme", programme)
    applicants = my_organisations(user).filter(city=programme.authority_id) if user.is_authenticated else None
    accept_cities = _operator_cities(user).exclude(pk=programme.authority_id) if queries.operates_any(user) else None
    return render(
        request,
        "vouchers/programme_detail.html",
        {
            "programme": programme,
            "runs": runs,
            "application_form": ApplicationForm(organisations=applicants)
            if applicants and applicants.exists()
            else None,
            "accept_form": (
                AcceptForm(cities=accept_cities)
                if accept_cities is not None
                and accept_cities.exists()
                and programme.spendable == Programme.Spendable.ACCEPTING
                else None
            ),
            "applications": list(queries.applications(user).filter(programme=programme)[:LIST_ROWS]) if runs else [],
        },
    )


@login_required
@require_POST
def apply(request, pk):
    programme = queries.programme_or_404(request.user, pk)
    form = ApplicationForm(request.POST, organisations=my_organisations(request.user))
    if form.is_valid():
        try:
            application = domain.apply_for_voucher(
                actor=request.user,
                programme=programme,
                organisation=form.cleaned_data["organisation"],
                requested_fen=to_fen(form.cleaned_data["amount"]),
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your application was sent."))
            return redirect(application)
    else:
        messages.error(request, _("Check the amount and say what the voucher is for."))
    return redirect(programme)


@login_required
@require_POST
def accept(request, pk):
    programme = queries.programme_or_404(request.user, pk)
    form = AcceptForm(request.POST, cities=_operator_cities(request.user))
    if form.is_valid():
        try:
            domain.accept_programme(
                actor=request.user,
                programme=programme,
                city=form.cleaned_data["city"],
                accept=request.POST.get("stop") != "1",
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
    return redirect(programme)


@login_required
def application_list(request):
    """The operator's queue: applications to the programmes they run, waiting ones first."""
    if not queries.operates_any(request.user):
        raise PermissionDenied
    rows = (
        queries.applications(request.user)
        .filter(queries._operated(request.user, "programme__"))
        .order_by("-status", "-created_at")[:LIST_ROWS]
    )
    return render(request, "vouchers/application_list.html", {"applications": list(rows)})


@login_required
def application_detail(request, pk):
    application = queries.application_or_404(request.user, pk)
    decide = (
        can(request.user, "vouchers.decide_application", application)
        and application.status == Application.Status.PENDING
    )
    return render(
        request,
        "vouchers/application_detail.html",
        {
            "application": application,
            "decide": decide,
            "approve_form": ApproveForm(initial={"amount": application.requested_fen / 100}) if decide else None,
            "reject_form": ReasonForm() if decide else None,
            "voucher": getattr(application, "voucher", None),
        },
    )


@login_required
@require_POST
def decide_application(request, pk):
    application = queries.application_or_404(request.user, pk)
    try:
        if request.POST.get("decision") == "approve":
            form = ApproveForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give the amount to approve."))
            domain.approve_application(
                actor=request.user, application=application, amount_fen=to_fen(form.cleaned_data["amount"])
            )
            messages.success(request, _("Approved; the voucher was issued."))
        else:
            domain.reject_application(
                actor=request.user, application=application, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The application was rejected."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ConflictError as exc:
        messages.error(request, exc.message)
    return redirect(application)


def _spendable_bookings(user, voucher):
    if not can(user, "vouchers.spend_voucher", voucher) or not voucher.is_active:
        return []
    return list(
        Booking.objects.filter(
            organisation=voucher.organisation, status=Booking.Status.CONFIRMED, end__gt=timezone.now()
        )
        .exclude(voucher_reservations__status__in=["reserved", "redeemed"])
        .select_related("resource")
        .prefetch_related("statement_lines")
        .order_by("start")[:LIST_ROWS]
    )


@login_required
def voucher_detail(request, pk):
    voucher = queries.voucher_or_404(request.user, pk)
    bookings = _spendable_bookings(request.user, voucher)
    quotes = [(b, quote(voucher, b)) for b in bookings]
    return render(
        request,
        "vouchers/voucher_detail.html",
        {
            "voucher": voucher,
            "entries": list(voucher.entries.select_related("reservation")[:LIST_ROWS]),
            "reservations": list(queries.reservations(request.user).filter(voucher=voucher)[:LIST_ROWS]),
            "quotes": quotes,
            "reserve_form": ReserveForm(bookings=bookings, initial={"idempotency_key": uuid.uuid4().hex})
            if bookings
            else None,
            "can_spend": can(request.user, "vouchers.spend_voucher", voucher),
            "can_claw_back": can(request.user, "vouchers.manage_programme", voucher.programme),
        },
    )


@login_required
@require_POST
def reserve(request, pk):
    voucher = queries.voucher_or_404(request.user, pk)
    form = ReserveForm(request.POST, bookings=_spendable_bookings(request.user, voucher))
    if form.is_valid():
        booking = get_object_or_404(Booking, pk=form.cleaned_data["booking"])
        try:
            reservation, _created = domain.reserve_voucher(
                actor=request.user,
                voucher=voucher,
                booking=booking,
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except ConflictError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, paid_message(reservation))
    else:
        messages.error(request, _("Choose a booking."))
    return redirect(voucher)


@login_required
@require_POST
def release(request, pk):
    reservation = queries.reservation_or_404(request.user, pk)
    try:
        domain.release_reservation(actor=request.user, reservation=reservation)
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The reservation was released."))
    if reservation.sample_job_id is not None:  # back to the job's voucher page it was released from
        return redirect("vouchers:sample_job", pk=reservation.sample_job_id)
    return redirect(reservation.voucher)


@login_required
def claim_list(request):
    """The provider's redemptions to claim and its claims; the operator's claims to decide."""
    user = request.user
    providers = list(queries.provider_organisations(user))
    if not providers and not queries.operates_any(user):
        raise PermissionDenied
    programmes = {p.pk: p for p in queries.programmes(user)}
    claimable = [
        (org, [(programmes[row["voucher__programme"]], row) for row in claimable_by_programme(org)])
        for org in providers
    ]
    return render(
        request,
        "vouchers/claim_list.html",
        {
            "claimable": [(org, rows) for org, rows in claimable if rows],
            "claims": list(queries.claims(user).order_by("-status", "-submitted_at")[:LIST_ROWS]),
        },
    )


@login_required
@require_POST
def submit_claim(request):
    provider = get_object_or_404(queries.provider_organisations(request.user), pk=request.POST.get("provider") or 0)
    programme = queries.programme_or_404(request.user, request.POST.get("programme") or 0)
    try:
        claim = domain.submit_claim(actor=request.user, provider=provider, programme=programme)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("vouchers:claims")
    messages.success(request, _("Your claim was submitted."))
    return redirect(claim)


@login_required
def claim_detail(request, pk):
    claim = queries.claim_or_404(request.user, pk)
    decide = can(request.user, "vouchers.decide_claim", claim) and claim.status == Claim.Status.SUBMITTED
    return render(
        request,
        "vouchers/claim_detail.html",
        {
            "claim": claim,
            "decide": decide,
            "can_claw_back": can(request.user, "vouchers.decide_claim", claim),  # the same people: its operators
            "reject_form": ReasonForm() if decide else None,
            "answer": claim.status == Claim.Status.MORE_ASKED and can(request.user, "vouchers.claim", claim.provider),
            "rows": queries.claim_evidence(claim, limit=LIST_ROWS),
        },
    )


@login_required
def claim_evidence(request, pk, reservation_pk):
    """One share of the claim with the records of the work it paid: the booking's check-in and outcome report, the
    sample job's results and outcome, the service's delivery. Only for those who see the claim (404 otherwise, also
    for a share of another claim)."""
    claim = queries.claim_or_404(request.user, pk)
    rows = queries.claim_evidence(claim, reservation_pk=reservation_pk, limit=1)
    if not rows:
        raise Http404
    return render(request, "vouchers/claim_evidence.html", {"claim": claim, "row": rows[0]})


@login_required
@require_POST
def decide_claim(request, pk):
    claim = queries.claim_or_404(request.user, pk)
    try:
        if request.POST.get("decision") == "more":
            domain.ask_for_more(actor=request.user, claim=claim, question=request.POST.get("question", ""))
        else:
            domain.decide_claim(
                actor=request.user,
                claim=claim,
                approve=request.POST.get("decision") == "approve",
                reason=request.POST.get("reason", ""),
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Decision saved."))
    return redirect(claim)


@login_required
@require_POST
def answer_claim(request, pk):
    """The claimant answers what the issuing authority asked for."""
    claim = queries.claim_or_404(request.user, pk)
    try:
        domain.answer_claim(actor=request.user, claim=claim, answer=request.POST.get("answer", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your answer was sent; the claim waits for a decision again."))
    return redirect(claim)


@login_required
def figures(request):
    """Redemptions by city pair (issuing authority → where spent) for the operator's cities."""
    if not queries.operates_any(request.user):
        raise PermissionDenied
    return render(
        request,
        "vouchers/figures.html",
        {
            "pairs": queries.city_pairs(request.user),
            "programmes": list(queries.operated_programmes(request.user)[:LIST_ROWS]),
        },
    )
