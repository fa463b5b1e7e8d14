"""Pages of the register: search, a resource, adding and editing, import, the owner's view."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innobelt.files.domain import file_response
from innobelt.imports.domain import start_import
from innobelt.kit.forms import add_validation_errors
from innobelt.organisations.models import Organisation
from innobelt.organisations.queries import my_organisations
from innobelt.permissions import can
from innobelt.resources import domain, owner_figures, queries
from innobelt.resources import opening_hours as opening
from innobelt.resources.forms import ImportForm, PhotoForm, RegisterFilterForm, ResourceForm
from innobelt.resources.importing import COLUMNS
from innobelt.resources.models import AccessRequest
from innobelt.resources.search import match_reasons
from innobelt.resources.views.pricing import pricing_panel
from innobelt.tabular_import import ImportRejected

PAGE_SIZE = 30
REPORT_WINDOWS = {"past": (30, 0), "ahead": (0, 14), "both": (30, 14)}  # days before and after today


def visible_resource_or_404(request, pk):
    resource = queries.resource_detail(request.user, pk)
    if resource is None:
        raise Http404
    return resource


def register(request):
    form = RegisterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    results = queries.register(
        request.user, query=data.get("q", ""), kind=data.get("kind", ""), industry=data.get("industry", ""),
        city=data.get("city", ""), owner=data.get("owner", ""), terms=data.get("terms", ""),
        free_from=data.get("free_from"), free_to=data.get("free_to"), pledged=bool(data.get("pledged")), month=data.get("month"),
    )
    page = Paginator(queries.as_cards(results), PAGE_SIZE).get_page(request.GET.get("page"))
    industry_ids = queries.seeker_industry_ids(request.user)
    free = (data["free_from"], data["free_to"]) if data.get("free_from") and data.get("free_to") else None
    pledged = queries.pledge_left_of([r.pk for r in page if r.is_bookable])  # every card says so: seekers are steered to them
    rows = [(r, match_reasons(r, query=data.get("q", ""), industry_ids=industry_ids, free_between=free, pledge_left=pledged.get(r.pk, 0)))
            for r in page]
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "query_string": query_string.urlencode()}
    template = "resources/_results.html" if request.htmx else "resources/register.html"
    return render(request, template, context)


def detail(request, pk):
    resource = visible_resource_or_404(request, pk)
    user = request.user
    mine = list(queries.requests_as_seeker(user).filter(resource=resource)) if user.is_authenticated else []
    open_orgs = {r.organisation_id for r in mine if r.status in AccessRequest.OPEN}
    eligibility = [(org, domain.eligibility_problems(resource, org)) for org in my_organisations(user)
                   if org.pk not in open_orgs]
    can_manage = can(user, "resources.manage_bookings", resource)
    pricing = pricing_panel(user, resource)
    # Priced with no pledged hours left here: steer the seeker to instruments whose pledge has hours free.
    steer = resource.is_bookable and resource.is_published and bool(pricing["rows"]) and not pricing["remaining"] and not can_manage
    return render(request, "resources/detail.html", {
        "resource": resource,
        "opening_hours": opening.display_opening_hours(resource.opening_hours),
        "can_edit": can(user, "resources.change_resource", resource),
        "can_manage": can_manage,
        "my_requests": mine,
        "eligibility": eligibility,
        "can_ask": resource.is_published and any(not problems for _org, problems in eligibility),
        "can_book": resource.is_bookable and any(r.status == AccessRequest.Status.ACTIVE for r in mine),
        "owner_requests": (list(queries.requests_as_owner(user).filter(resource=resource).exclude(
            status__in=[AccessRequest.Status.DECLINED, AccessRequest.Status.WITHDRAWN])) if can_manage else []),
        "pricing": pricing,
        "pledged_elsewhere": queries.pledged_alternatives(user, resource) if steer else [],
        "turnaround": owner_figures.sample_turnaround(resource) if resource.accepts_samples and resource.is_bookable else None,
    })


@login_required
def create(request):
    owners = queries.administered_organisations(request.user)
    if not owners.exists():
        raise PermissionDenied
    form = ResourceForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        fields, industries, cities = form.domain_arguments()
        try:
            resource = domain.create_resource(actor=request.user, owner=form.cleaned_data["owner"], industries=industries,
                                              visible_cities=cities, **fields)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The resource was saved as a draft. Publish it when it is complete."))
            return redirect(resource)
    return render(request, "resources/edit.html", {"form": form, "creating": True})


@login_required
def edit(request, pk):
    resource = visible_resource_or_404(request, pk)
    if not can(request.user, "resources.change_resource", resource):
        raise PermissionDenied
    form = ResourceForm(request.POST or None, instance=queries.resource_detail(request.user, pk))
    if request.method == "POST" and form.is_valid():
        fields, industries, cities = form.domain_arguments()
        try:
            domain.update_resource(actor=request.user, resource=resource, changes=fields, industries=industries, visible_cities=cities)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The resource was saved."))
            return redirect(resource)
    return render(request, "resources/edit.html", {"form": form, "resource": resource})


def photo(request, pk):
    """The resource's photo, to whoever may see the resource (404 otherwise, or without a photo)."""
    resource = visible_resource_or_404(request, pk)
    if resource.photo is None:
        raise Http404
    return file_response(resource.photo)


@login_required
def change_photo(request, pk):
    resource = visible_resource_or_404(request, pk)
    if not can(request.user, "resources.change_resource", resource):
        raise PermissionDenied
    form = PhotoForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["file"]:
                domain.set_resource_photo(actor=request.user, resource=resource, upload=form.cleaned_data["file"])
            else:
                domain.remove_resource_photo(actor=request.user, resource=resource)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The photo was saved.") if form.cleaned_data["file"] else _("The photo was removed."))
            return redirect(resource)
    return render(request, "resources/photo.html", {"form": form, "resource": resource})


@login_required
@require_POST
def publish(request, pk):
    resource = visible_resource_or_404(request, pk)
    try:
        domain.publish_resource(actor=request.user, resource=resource)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The resource is in the register."))
    return redirect(resource)


@login_required
@require_POST
def unpublish(request, pk):
    resource = visible_resource_or_404(request, pk)
    domain.unpublish_resource(actor=request.user, resource=resource)
    messages.success(request, _("The resource is a draft again; it left the register."))
    return redirect(resource)


@login_required
def import_view(request):
    organisations = queries.administered_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            job, _created = start_import(actor=request.user, kind="equipment", upload=form.cleaned_data["file"],
                                         params={"owner": form.cleaned_data["organisation"].pk},
                                         idempotency_key=form.cleaned_data["idempotency_key"])
        except ImportRejected as exc:
            errors = exc.errors
        else:
            return redirect(job)
    return render(request, "resources/import.html", {"form": form, "errors": errors, "columns": COLUMNS})


@login_required
def owner(request):
    """The owner's view: requests waiting, utilisation per equipment, outcomes (GOI figures)."""
    organisations = list(my_organisations(request.user))
    chosen = request.GET.get("organisation", "")
    organisation = next((o for o in organisations if o.slug == chosen), None)
    if organisation is None and chosen and request.user.is_platform_operator:
        organisation = Organisation.objects.filter(slug=chosen).first()
    if organisation is None and chosen:
        raise Http404
    organisation = organisation or (organisations[0] if organisations else None)
    window = request.GET.get("window", "both")
    if window not in REPORT_WINDOWS:
        window = "both"
    before, after = REPORT_WINDOWS[window]
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today - timedelta(days=before), datetime.min.time()))
    end = timezone.make_aware(datetime.combine(today + timedelta(days=after + 1), datetime.min.time()))
    report = queries.owner_report(organisation, start, end, page=request.GET.get("page"),
                                  resources_page=request.GET.get("rpage")) if organisation else None
    keep = request.GET.copy()
    for name in ("page", "rpage"):
        keep.pop(name, None)
    return render(request, "resources/owner.html", {
        "organisations": organisations, "organisation": organisation, "report": report, "window": window,
        "monthly": owner_figures.monthly_figures(organisation) if organisation else [],
        "weekly": owner_figures.weekly_utilisation(organisation) if organisation else [],
        "start": start, "end": end - timedelta(seconds=1),
        "page_query": _with(keep, "rpage", request.GET.get("rpage")), "rpage_query": _with(keep, "page", request.GET.get("page")),
    })


def _with(query, name: str, value) -> str:
    """The query string without the page numbers, plus `name` when given (the other table's page)."""
    query = query.copy()
    if value:
        query[name] = value
    return query.urlencode()
