from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.imports.domain import start_import
from innobelt.kit import kept
from innobelt.kit.forms import add_validation_errors
from innobelt.organisations import domain, queries
from innobelt.organisations.forms import (
    ClaimForm,
    DirectoryFilterForm,
    ImportForm,
    InviteForm,
    OrganisationProfileForm,
    RejectForm,
)
from innobelt.organisations.models import Claim, Organisation
from innobelt.permissions import can
from innobelt.tabular_import import ImportRejected

PAGE_SIZE = 60


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    results = queries.directory(
        query=data.get("q", ""), city=data.get("city", ""), kind=data.get("kind", ""),
        industry=data.get("industry", ""), goi_only=data.get("goi", False), verified_only=data.get("verified", False),
        month=data.get("month"),
    )
    # read only when the cards are rendered: a page of the unfiltered list is the same for everyone, signed in or
    # not, and its cards are kept until an organisation, city, industry or file changes (ADR 0024)
    page = SimpleLazyObject(lambda: Paginator(results, PAGE_SIZE).get_page(request.GET.get("page")))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {"form": form, "page": page, "query_string": query_string.urlencode(),
               "results_key": kept.shared_key(request, "organisations:directory", queries.DIRECTORY_SHOWS)}
    template = "organisations/_results.html" if request.htmx else "organisations/directory.html"
    return render(request, template, context)


def detail(request, slug):
    org = get_object_or_404(
        Organisation.objects.select_related("city").prefetch_related("industries", "agreements"), slug=slug
    )
    members = org.memberships.select_related("user") if can(request.user, "organisations.change_organisation", org) else []
    can_invite = can(request.user, "organisations.invite_to_organisation", org)
    confirmed = list(queries.incubations_of(org).filter(ended_on__isnull=True)[:100])
    return render(request, "organisations/detail.html", {
        "org": org,
        "incubated_by": [i for i in confirmed if i.startup_id == org.pk],
        "incubating": [i for i in confirmed if i.incubator_id == org.pk],
        "members": members,
        "invitations": org.invitations.filter(accepted_at__isnull=True)[:50] if can_invite else [],
        "can_edit": can(request.user, "organisations.change_organisation", org),
        "can_verify": can(request.user, "organisations.verify_organisation", org) and not org.is_verified,
        "can_invite": can_invite,
        "is_member": request.user.is_authenticated and org.memberships.filter(user=request.user).exists(),
    })


@login_required
def create(request):
    if not can(request.user, "organisations.add_organisation"):
        messages.error(request, _("Confirm your e-mail address first."))
        return redirect("organisations:mine")
    form = OrganisationProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "industries"}
        try:
            org = domain.create_organisation(actor=request.user, industries=form.cleaned_data["industries"], as_admin=True, **data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The organisation was created. An operator of its city will verify it."))
            return redirect(org)
    return render(request, "organisations/edit.html", {"form": form, "creating": True})


@login_required
def edit(request, slug):
    org = get_object_or_404(Organisation, slug=slug)
    if not can(request.user, "organisations.change_organisation", org):
        raise PermissionDenied
    form = OrganisationProfileForm(request.POST or None, instance=Organisation.objects.get(pk=org.pk))
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "industries"}
        try:
            domain.update_organisation_profile(actor=request.user, organisation=org, changes=changes,
                                               industries=form.cleaned_data["industries"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect(org)
    return render(request, "organisations/edit.html", {"form": form, "org": org})


@login_required
def claim(request, slug):
    org = get_object_or_404(Organisation, slug=slug)
    form = ClaimForm(request.POST or None)
    if not can(request.user, "organisations.claim_organisation"):
        messages.error(request, _("Confirm your e-mail address first: open the link we sent you."))
        return redirect(org)
    if request.method == "POST" and form.is_valid():
        try:
            domain.claim_organisation(user=request.user, organisation=org, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your request was sent. You will get a message when it is answered."))
            return redirect("organisations:mine")
    return render(request, "organisations/claim.html", {"form": form, "org": org})


@login_required
def mine(request):
    return render(request, "organisations/mine.html", {
        "organisations": queries.my_organisations(request.user),
        "my_claims": Claim.objects.filter(user=request.user).select_related("organisation")[:20],
        "to_decide": queries.claims_to_decide(request.user).exists(),
    })


@login_required
def claims(request):
    pending = queries.claims_to_decide(request.user)
    return render(request, "organisations/claims.html", {"claims": pending, "reject_form": RejectForm()})


def _claim_for(request, claim_id) -> Claim:
    found = queries.claims_to_decide(request.user).filter(pk=claim_id).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_POST
def approve(request, claim_id):
    found = _claim_for(request, claim_id)
    try:
        domain.approve_claim(actor=request.user, claim=found)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Approved: %(person)s now acts for %(organisation)s.")
                         % {"person": found.user, "organisation": found.organisation})
    return redirect("organisations:claims")


@login_required
@require_POST
def reject(request, claim_id):
    found = _claim_for(request, claim_id)
    form = RejectForm(request.POST)
    form.is_valid()
    try:
        domain.reject_claim(actor=request.user, claim=found, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("The request was refused."))
    return redirect("organisations:claims")


@login_required
@require_POST
def verify(request, slug):
    org = get_object_or_404(Organisation, slug=slug)
    if not can(request.user, "organisations.verify_organisation", org):
        raise PermissionDenied
    domain.verify_organisation(actor=request.user, organisation=org)
    messages.success(request, _("%(organisation)s is verified.") % {"organisation": org})
    return redirect(org)


@login_required
def invite(request, slug):
    org = get_object_or_404(Organisation, slug=slug)
    if not can(request.user, "organisations.invite_to_organisation", org):
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.invite_member(actor=request.user, organisation=org, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect(org)
    return render(request, "organisations/invite.html", {"form": form, "org": org})


@login_required
def accept_invitation_view(request, token):
    try:
        membership = domain.accept_invitation(user=request.user, token=token)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("organisations:mine")
    messages.success(request, _("You joined %(organisation)s.") % {"organisation": membership.organisation})
    return redirect(membership.organisation)


@login_required
def import_view(request):
    if not can(request.user, "organisations.import_organisations"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            job, _created = start_import(actor=request.user, kind="organisations", upload=form.cleaned_data["file"],
                                         idempotency_key=form.cleaned_data["idempotency_key"])
        except ImportRejected as exc:
            errors = exc.errors
        else:
            return redirect(job)
    return render(request, "organisations/import.html", {"form": form, "errors": errors})
