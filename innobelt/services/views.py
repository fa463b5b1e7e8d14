"""Pages of the service zone: the catalogue, a service, asking for one, my requests, a request and its
actions, the provider's queue and the operators' queue. They only translate: queries.py reads, the domain
changes."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.files.domain import discard_file, file_response, save_upload
from innobelt.kit.api_errors import ConflictError
from innobelt.kit.forms import add_validation_errors
from innobelt.permissions import can
from innobelt.services import domain, figures, queries
from innobelt.services.calendar import unpublished_year
from innobelt.services.domain.requests import MOVES
from innobelt.services.domain.vouchers import choose_voucher as choose_voucher_for
from innobelt.services.forms import (
    STATUS_ACTIONS,
    AttachForm,
    CatalogueFilterForm,
    ConfirmForm,
    OperatorRequestsForm,
    PassOnForm,
    ReassignForm,
    RequestForm,
    ServiceForm,
    StatusForm,
    VoucherForm,
)
from innobelt.services.models import ServiceRequest
from innobelt.vouchers.models import Voucher, yuan
from innobelt.vouchers.queries import vouchers

PAGE_SIZE = 30


def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    city = data.get("city")
    results = queries.catalogue(query=data.get("q", ""), category=data.get("category", ""),
                                city=city.slug if city else "")
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "services/catalogue.html", {"form": form, "page": page,
                                                       "is_provider": queries.is_provider(request.user)})


def service_detail(request, pk):
    service = queries.service_or_404(pk)
    return render(request, "services/service_detail.html", {
        "service": service, "may_manage": can(request.user, "services.manage_catalogue", service.provider.organisation)})


@login_required
def request_form(request, pk=None):
    service = queries.service_or_404(pk) if pk is not None else None
    firms = queries.requesting_organisations(request.user)
    first = firms.first()
    initial = {"category": service.category if service else "",
               "firm_city": first.city if first else None,
               "target_city": service.cities.first() if service else None}
    form = RequestForm(request.POST or None, request.FILES or None, firms=firms, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = []
        try:
            saved = _store_uploads(request.user, data["firm"], data["attachments"])
            made = domain.request_service(actor=request.user, firm=data["firm"], category=data["category"],
                                          need=data["need"], firm_city=data["firm_city"],
                                          target_city=data["target_city"], language=data["language"],
                                          wanted_service=service, attachments=saved)
        except ValidationError as exc:
            _discard(request.user, saved)
            add_validation_errors(form, _as_attachment_errors(exc))
        else:
            if made.provider is None:
                messages.warning(request, _("No provider can take it now: the district operators were told."))
            else:
                messages.success(request, _("Your request was sent to %(provider)s.")
                                 % {"provider": made.provider.organisation.name})
            return redirect(made)
    return render(request, "services/request_form.html", {"form": form, "service": service,
                                                          "may_request": firms.exists()})


@login_required
def my_requests(request):
    page = Paginator(queries.my_requests(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "services/my_requests.html", {"page": page})


@login_required
def provider_queue(request):
    page = Paginator(queries.provider_queue(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "services/provider_queue.html", {"page": page})


@login_required
def operator_queue(request):
    page = Paginator(queries.operator_queue(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "services/operator_queue.html", {
        "page": page, "unpublished_year": unpublished_year(timezone.localdate()),
        "may_enter_schedule": can(request.user, "services.enter_holiday_schedule"),
    })


@login_required
def request_attachment(request, pk, file_id):
    """A file attached to a request: the firm's and the provider's people only (404 for anyone else)."""
    return file_response(queries.request_attachment_or_404(request.user, pk, file_id))


def _store_uploads(user, firm, uploads) -> list:
    """Check and store the uploads as the firm's files (ValidationError on the first refused, none kept)."""
    saved = []
    try:
        for upload in uploads:
            saved.append(save_upload(actor=user, organisation=firm, kind="document", upload=upload))
    except ValidationError:
        _discard(user, saved)
        raise
    return saved


def _discard(user, saved) -> None:
    for stored in saved:  # a file or the request refused: keep none of the files
        discard_file(actor=user, stored=stored)


def _as_attachment_errors(exc: ValidationError) -> ValidationError:
    if getattr(exc, "error_dict", None) and "file" in exc.error_dict:
        return ValidationError({"attachments": exc.error_dict["file"]})
    return exc


@login_required
@require_POST
def add_attachments(request, pk):
    """The firm adds files to its request while it waits for a provider to accept it (at most five in all)."""
    service_request = queries.request_or_404(request.user, pk, perm="services.attach_files")
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        return _done(request, service_request, ValidationError(form.errors.get("attachments") or [_("Choose a file to add.")]), "")
    try:
        saved = _store_uploads(request.user, service_request.firm, form.cleaned_data["attachments"])
        try:
            domain.attach_files(actor=request.user, request=service_request, files=saved)
        except (ValidationError, ConflictError):
            _discard(request.user, saved)
            raise
    except (ValidationError, ConflictError) as exc:
        return _done(request, service_request, exc, "")
    return _done(request, service_request, None, _("The files were added to the request."))


@login_required
def request_detail(request, pk):
    service_request = queries.request_or_404(request.user, pk)
    user = request.user
    handles = can(user, "services.handle_request", service_request)
    status = service_request.status
    actions = [(to, label) for to, label in STATUS_ACTIONS if handles and status in domain_moves(to)]
    return render(request, "services/request_detail.html", {
        "req": service_request, "steps": service_request.steps.select_related("actor", "provider__organisation",
                                                                         "reassigned_from__organisation"),
        "actions": actions, "may_reject": handles and service_request.is_open,
        "may_see_attachments": can(user, "services.view_request_attachments", service_request),
        "attach_form": (AttachForm() if status == ServiceRequest.Status.NEW
                        and can(user, "services.attach_files", service_request) else None),
        "max_attachments": domain.MAX_ATTACHMENTS,
        "may_pass_on": handles and status == ServiceRequest.Status.NEW,
        "may_confirm": can(user, "services.confirm_request", service_request)
        and status == ServiceRequest.Status.RESOLVED,
        "voucher_form": (VoucherForm(vouchers=_firm_vouchers(user, service_request),
                                     initial={"voucher": service_request.voucher_id})
                         if status == ServiceRequest.Status.NEW and can(user, "services.confirm_request", service_request)
                         else None),
        "may_reassign": service_request.is_open and can(user, "services.reassign_request", service_request),
        "may_read_thread": service_request.thread_id is not None and can(user, "conversations.view_thread",
                                                                         service_request.thread),
        "status_form": StatusForm(), "pass_on_form": PassOnForm(), "confirm_form": ConfirmForm(),
    })


def domain_moves(to: str) -> tuple[str, ...]:
    return MOVES.get(to, ())


def _done(request, service_request, exc: Exception | None, success: str):
    if isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    elif isinstance(exc, ConflictError):
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(service_request)


@login_required
@require_POST
def change_status(request, pk):
    service_request = queries.request_or_404(request.user, pk, perm="services.handle_request")
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _done(request, service_request, ValidationError(_("Choose a status the provider may set.")), "")
    try:
        domain.change_status(actor=request.user, request=service_request, to=form.cleaned_data["to"],
                             reason=form.cleaned_data["reason"])
    except (ValidationError, ConflictError) as exc:
        return _done(request, service_request, exc, "")
    return _done(request, service_request, None, _("The request's status was changed."))


@login_required
@require_POST
def pass_on(request, pk):
    service_request = queries.request_or_404(request.user, pk, perm="services.handle_request")
    form = PassOnForm(request.POST)
    try:
        domain.pass_on_request(actor=request.user, request=service_request,
                               reason=form.data.get("reason", ""))
    except (ValidationError, ConflictError) as exc:
        return _done(request, service_request, exc, "")
    messages.success(request, _("The request was passed on."))
    return redirect("services:provider_queue")


def _firm_vouchers(user, service_request: ServiceRequest):
    """The active vouchers of the requesting firm that the person may spend (chosen among on the request page)."""
    return vouchers(user).filter(organisation=service_request.firm, status=Voucher.Status.ACTIVE)


@login_required
@require_POST
def choose_voucher(request, pk):
    """The firm pays its share of a new request with one of its vouchers (or with none)."""
    service_request = queries.request_or_404(request.user, pk, perm="services.confirm_request")
    form = VoucherForm(request.POST, vouchers=_firm_vouchers(request.user, service_request))
    if not form.is_valid():
        return _done(request, service_request, ValidationError(_("Choose one of your organisation's vouchers.")), "")
    voucher = form.cleaned_data["voucher"]
    try:
        bill = choose_voucher_for(actor=request.user, request=service_request, voucher=voucher)
    except (ValidationError, ConflictError) as exc:
        return _done(request, service_request, exc, "")
    if bill is None:
        return _done(request, service_request, None, _("No voucher pays this request."))
    amounts = {"share": yuan(bill.share_fen), "total": yuan(bill.total_fen), "co_payment": yuan(bill.co_payment_fen)}
    if voucher.programme.reimburses:  # the firm pays the provider in full and is reimbursed the voucher's share later
        return _done(request, service_request, None, _(
            "You pay the provider ¥%(total)s in full; ¥%(share)s is reimbursed to you once you confirm the work and "
            "the issuing authority approves.") % amounts)
    return _done(request, service_request, None, _(
        "The voucher will pay ¥%(share)s of ¥%(total)s when the provider accepts; you pay ¥%(co_payment)s.") % amounts)


@login_required
@require_POST
def confirm(request, pk):
    service_request = queries.request_or_404(request.user, pk, perm="services.confirm_request")
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _done(request, service_request, ValidationError(_("Rate from 1 to 5.")), "")
    try:
        domain.confirm_request(actor=request.user, request=service_request, rating=form.cleaned_data["rating"],
                               comment=form.cleaned_data["comment"])
    except (ValidationError, ConflictError) as exc:
        return _done(request, service_request, exc, "")
    return _done(request, service_request, None, _("Thank you: the request is closed."))


@login_required
def reassign(request, pk):
    """An operator hands an open request to another provider serving the target city, with a reason."""
    service_request = queries.request_or_404(request.user, pk, perm="services.reassign_request")
    candidates = domain.reassignment_candidates(service_request)
    form = ReassignForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and service_request.is_open and form.is_valid():
        try:
            moved = domain.reassign_request(actor=request.user, request=service_request,
                                            service=form.cleaned_data["service"], reason=form.cleaned_data["reason"])
        except ConflictError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The request was reassigned."))
            if not can(request.user, "services.view_request", moved):  # now with a provider of another district
                return redirect("services:operator_queue")
            return redirect(moved)
    status = 200
    if request.method == "POST" and not service_request.is_open:
        status = 409
    return render(request, "services/reassign.html", {"req": service_request, "form": form,
                                                      "has_candidates": candidates.exists()}, status=status)


def _operator_scope(user):
    """The requests of the operator's cities (all for platform operators); 403 for anybody else."""
    if not (user.is_platform_operator or user.operator_cities.exists()):
        raise PermissionDenied
    return queries.visible_requests(user)


@login_required
def operator_figures(request):
    """Response and resolution times (p50, p90, working days), SLA compliance and satisfaction per month and per
    category, provider, city or city pair, over the last twelve months, for the operator's cities."""
    requests = _operator_scope(request.user)
    by = request.GET.get("by", "category")
    if by not in figures.DIMENSIONS:
        by = "category"
    today = timezone.localdate()
    since = date(today.year - 1, today.month + 1, 1) if today.month < 12 else date(today.year, 1, 1)
    rows = figures.service_figures(requests, by=by, since=since, language=get_language() or "zh")
    return render(request, "services/operator_figures.html", {
        "by": by, "dimensions": figures.DIMENSIONS.items(), "months": figures.months_of(rows), "since": since,
        "whole_belt": request.user.is_platform_operator,
    })


@login_required
def operator_requests(request):
    """The requests behind a figure: those of the operator's cities narrowed by month, category, provider and
    cities."""
    form = OperatorRequestsForm(request.GET or None)
    qs = queries.operator_requests(_operator_scope(request.user),
                                   **(form.cleaned_data if form.is_valid() else {}))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "services/operator_requests.html", {"page": page, "form": form})


@login_required
def my_services(request):
    """The catalogue of the organisations the person is an admin of: add, edit, retire."""
    return render(request, "services/my_services.html", {
        "services": queries.my_services(request.user),
        "may_add": queries.managed_organisations(request.user).exists()})


def _service_fields(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in ("organisation", "cities")}


@login_required
def add_service(request):
    organisations = queries.managed_organisations(request.user)
    form = ServiceForm(request.POST or None, organisations=organisations,
                       initial={"languages": ["zh"], "response_days": 1, "resolution_days": 10})
    if request.method == "POST" and form.is_valid():
        try:
            service = domain.add_service(actor=request.user, organisation=form.cleaned_data["organisation"],
                                         cities=form.cleaned_data["cities"], **_service_fields(form.cleaned_data))
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The service is in the catalogue."))
            return redirect(service)
    return render(request, "services/service_form.html", {"form": form, "may_add": organisations.exists()})


@login_required
def edit_service(request, pk):
    service = queries.managed_service_or_404(request.user, pk)
    form = ServiceForm(request.POST or None, instance=service,
                       initial={"cities": list(service.cities.all()), "languages": service.languages})
    if request.method == "POST" and form.is_valid():
        try:
            domain.edit_service(actor=request.user, service=service, cities=form.cleaned_data["cities"],
                                **_service_fields(form.cleaned_data))
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The service was saved."))
            return redirect("services:my_services")
    return render(request, "services/service_form.html", {"form": form, "service": service, "may_add": True})


@login_required
@require_POST
def retire_service(request, pk):
    service = queries.managed_service_or_404(request.user, pk)
    domain.retire_service(actor=request.user, service=service)
    messages.success(request, _("The service was taken off the catalogue."))
    return redirect("services:my_services")
