"""The resources API: register, access requests, bookings, closures, calendar feed, owner's view.

Endpoints only translate: look the object up among those the caller may see (404
otherwise), call the domain, map a BookingConflict to 409 with the conflicting
booking in `details`.
"""

from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Path, Query, Router, UploadedFile
from ninja.responses import Status

from innobelt.belt.models import City, Industry
from innobelt.imports.api import ImportJobOut, job_out
from innobelt.imports.domain import start_import
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import ConflictError, errors
from innobelt.kit.spreadsheets import csv_bytes, download, xlsx_bytes
from innobelt.organisations.models import Organisation
from innobelt.organisations.queries import my_organisations
from innobelt.permissions import can
from innobelt.resources import booking_payments, domain, queries, statement_queries
from innobelt.resources import opening_hours as opening
from innobelt.resources.api_approvals import router as approvals_router
from innobelt.resources.api_checkin import router as checkin_router
from innobelt.resources.api_figures import city_figures_out
from innobelt.resources.api_samples import router as samples_router
from innobelt.resources.api_training import router as training_router
from innobelt.resources.domain import pricing, statements
from innobelt.resources.domain.paid_bookings import book_and_pay
from innobelt.resources.models import AccessRequest, Blackout, CalendarFeed, PriceUnit, Resource, SharingPledge, UserClass
from innobelt.resources.schemas import (
    AcceptTermsIn,
    AccessRequestDetailOut,
    AccessRequestIn,
    AccessRequestPage,
    AnswerIn,
    ApproveIn,
    AvailabilityOut,
    AvailabilityQuery,
    BookingFilters,
    BookingIn,
    BookingOut,
    BookingResultOut,
    CalendarFeedOut,
    CalendarOut,
    CalendarQuery,
    CancelIn,
    ClosureIn,
    ClosureOut,
    DeclineIn,
    OutcomeIn,
    OutcomeOut,
    OwnerReportOut,
    QuestionIn,
    RegisterFilters,
    ReportQuery,
    RequestFilters,
    ResourceDetailOut,
    ResourceIn,
    ResourcePage,
    ResourcePatch,
)
from innobelt.resources.schemas.figures import CityFiguresOut, CityFiguresQuery
from innobelt.resources.schemas.pricing import PricesIn, PricesOut
from innobelt.resources.schemas.statements import ExportQuery, PledgeIn, PledgeOut, StatementLineOut, StatementQuery, StatementsOut
from innobelt.resources.search import match_reasons
from innobelt.tabular_import import ImportRejected

router = Router(tags=["resources"])
VOUCHER_PAYER = "vouchers"  # the payer (booking_payments.py) that a booking's `voucher` names; vouchers registers it
router.add_router("", training_router)
router.add_router("", checkin_router)
router.add_router("", samples_router)
router.add_router("", approvals_router)
NULLABLE = {"slot_minutes", "capacity", "trl", "check_in_grace_minutes", "approval_after_no_shows"}
SLUG = Path(..., pattern=r"^[-\w]+$", max_length=80)


@contextmanager
def conflicts_as_409():
    try:
        yield
    except domain.BookingConflict as exc:
        raise ConflictError(exc.message, exc.details()) from None


def _resource(request, resource_id: int) -> Resource:
    found = queries.resource_detail(request.auth, resource_id)
    if found is None:
        raise Http404
    return found


def _access_request(request, request_id: int) -> AccessRequest:
    found = queries.request_detail(request.auth, request_id)
    if found is None:
        raise Http404
    return found


def _organisation(slug: str, field: str = "owner") -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: "Unknown organisation."})
    return found


def _cities(slugs: list[str], field: str) -> list[City]:
    found = list(City.objects.filter(slug__in=slugs))
    if len(found) != len(set(slugs)):
        raise ValidationError({field: "Unknown cities: " + ", ".join(sorted(set(slugs) - {c.slug for c in found}))})
    return found


def _industries(codes: list[str]) -> list[Industry]:
    found = list(Industry.objects.filter(code__in=codes))
    if len(found) != len(set(codes)):
        raise ValidationError({"industries": "Unknown industry codes: " + ", ".join(sorted(set(codes) - {i.code for i in found}))})
    return found


# the register ------------------------------------------------------------------------------

@router.get("/resources", response={200: ResourcePage, **errors(400)}, **PUBLIC_OPERATION)
def list_resources(request, filters: Query[RegisterFilters]):
    """The published register as the caller may see it; `why` says why each matches."""
    qs = queries.register(request.auth, query=filters.q, kind=filters.kind, industry=filters.industry, city=filters.city,
                          owner=filters.owner, terms=filters.terms, free_from=filters.free_from, free_to=filters.free_to,
                          pledged=filters.pledged)
    items = list(qs[filters.offset: filters.offset + filters.limit])
    industry_ids = queries.seeker_industry_ids(request.auth)
    free = (filters.free_from, filters.free_to) if filters.free_from and filters.free_to else None
    pledged = queries.pledge_left_of([item.pk for item in items if item.is_bookable])
    for item in items:
        item.why = match_reasons(item, query=filters.q, industry_ids=industry_ids, free_between=free, pledge_left=pledged.get(item.pk, 0))
    return {"count": qs.count(), "items": items}


@router.post("/resources", response={201: ResourceDetailOut, **errors(400, 403)}, auth=SIGNED_IN)
def create_resource(request, payload: ResourceIn):
    data = payload.dict()
    owner = _organisation(data.pop("owner"))
    industries = _industries(data.pop("industries"))
    cities = _cities(data.pop("visible_cities"), "visible_cities")
    city = data.pop("city")
    if city:
        data["city"] = _cities([city], "city")[0]
    data["licensing_modes"] = [str(m) for m in data["licensing_modes"]]
    publish = data.pop("publish")
    resource = domain.create_resource(actor=request.auth, owner=owner, industries=industries, visible_cities=cities,
                                      publish=publish, **data)
    return Status(201, queries.resource_detail(request.auth, resource.pk))


@router.get("/resources/availability", response={200: CalendarOut, **errors(400)}, **PUBLIC_OPERATION)
def availability_of_several(request, query: Query[CalendarQuery]):
    """Free, busy and closed blocks of several pieces of equipment, day by day from `start` to `end` (China
    time): never who booked, whoever asks. Ids of what the caller may not see, or of other kinds, are left out."""
    ids = list(dict.fromkeys(int(value) for value in query.ids.split(",")))
    if len(ids) > queries.MAX_CALENDAR_RESOURCES:
        raise ValidationError({"ids": _("Give at most %(n)d ids.") % {"n": queries.MAX_CALENDAR_RESOURCES}})
    queries.check_period(query.start, query.end, longest=queries.LONGEST_CALENDAR_PERIOD)
    resources = queries.calendar_resources(request.auth, ids)
    blocks = queries.calendar_blocks(request.auth, resources, query.start, query.end, details=False)
    local = timezone.localtime
    return {"start": query.start, "end": query.end, "resources": [
        {"id": r.pk, "title": r.title, "opening_hours": opening.format_opening_hours(r.opening_hours),
         "blocks": [{"start": local(b["start"]), "end": local(b["end"]), "state": b["state"],
                     "closure": b["closure"].kind if "closure" in b else None}
                    for day in blocks[r.pk].values() for b in day]}
        for r in resources]}


@router.get("/resources/figures", response={200: CityFiguresOut, **errors(400, 403)}, auth=SIGNED_IN)
def get_city_figures(request, query: Query[CityFiguresQuery]):
    """The month's figures per city (utilisation, also by week; no-show rate; pledged vs used hours; sample jobs;
    income by user class): every city for platform operators, a district operator's own cities, 403 for others."""
    return city_figures_out(request.auth, query.month)


@router.get("/resources/{resource_id}", response={200: ResourceDetailOut, **errors(404)}, **PUBLIC_OPERATION)
def get_resource(request, resource_id: int):
    return _resource(request, resource_id)


@router.patch("/resources/{resource_id}", response={200: ResourceDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def update_resource(request, resource_id: int, payload: ResourcePatch):
    resource = _resource(request, resource_id)
    changes = payload.dict(exclude_unset=True)
    industries = changes.pop("industries", None)
    cities = changes.pop("visible_cities", None)
    if "city" in changes:
        changes["city"] = _cities([changes["city"]], "city")[0] if changes["city"] else None
    if changes.get("licensing_modes") is not None:
        changes["licensing_modes"] = [str(m) for m in changes["licensing_modes"]]
    changes = {k: v for k, v in changes.items() if v is not None or k in NULLABLE | {"city"}}
    domain.update_resource(actor=request.auth, resource=resource, changes=changes,
                           industries=_industries(industries) if industries is not None else None,
                           visible_cities=_cities(cities, "visible_cities") if cities is not None else None)
    return queries.resource_detail(request.auth, resource.pk)


@router.post("/resources/{resource_id}/publish", response={200: ResourceDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def publish_resource(request, resource_id: int):
    resource = domain.publish_resource(actor=request.auth, resource=_resource(request, resource_id))
    return queries.resource_detail(request.auth, resource.pk)


@router.post("/resources/{resource_id}/unpublish", response={200: ResourceDetailOut, **errors(403, 404)}, auth=SIGNED_IN)
def unpublish_resource(request, resource_id: int):
    resource = domain.unpublish_resource(actor=request.auth, resource=_resource(request, resource_id))
    return queries.resource_detail(request.auth, resource.pk)


@router.get("/resources/{resource_id}/availability", response={200: AvailabilityOut, **errors(400, 404)}, **PUBLIC_OPERATION)
def availability(request, resource_id: int, query: Query[AvailabilityQuery]):
    """Busy periods (no names) and free slots of equipment, from `start` (today) for `days` days."""
    resource = _resource(request, resource_id)
    if not resource.is_bookable:
        raise ValidationError("Only equipment has availability.")
    first = query.start or timezone.localdate()
    queries.check_period(first, first, longest=1)
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    end = start + timedelta(days=query.days)
    bookings, closures = queries.busy_periods(resource, start, end)
    local = timezone.localtime
    busy = [{"start": local(b.start), "end": local(b.end), "kind": "booking"} for b in bookings]
    busy += [{"start": local(c.start), "end": local(c.end), "kind": c.kind} for c in closures]
    now, free = timezone.now(), []
    for offset in range(query.days):
        for s, e in opening.slots_for_day(resource.opening_hours, first + timedelta(days=offset), resource.slot_minutes or 60):
            if s > now and not any(b["start"] < e and b["end"] > s for b in busy):
                free.append({"start": s, "end": e})
    return {"resource": resource.pk, "opening_hours": opening.format_opening_hours(resource.opening_hours),
            "slot_minutes": resource.slot_minutes or 60, "busy": sorted(busy, key=lambda b: b["start"]), "free_slots": free}


# access requests ---------------------------------------------------------------------------

@router.post("/resources/{resource_id}/requests", response={201: AccessRequestDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def request_access(request, resource_id: int, payload: AccessRequestIn):
    """Ask for a resource for one of your organisations. Eligibility is checked at once; a 400 gives every reason."""
    resource = _resource(request, resource_id)
    organisation = _organisation(payload.organisation, "organisation")
    created = domain.request_access(user=request.auth, resource=resource, organisation=organisation, purpose=payload.purpose)
    return Status(201, queries.request_detail(request.auth, created.pk))


@router.get("/access-requests", response={200: AccessRequestPage, **errors()}, auth=SIGNED_IN)
def list_access_requests(request, filters: Query[RequestFilters]):
    """Requests of your organisations: as seeker, as owner, or both."""
    qs = {"seeker": queries.requests_as_seeker, "owner": queries.requests_as_owner}.get(filters.role, queries.visible_requests)(request.auth)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return {"count": qs.count(), "items": list(qs[filters.offset: filters.offset + filters.limit])}


@router.get("/access-requests/{request_id}", response={200: AccessRequestDetailOut, **errors(404)}, auth=SIGNED_IN)
def get_access_request(request, request_id: int):
    return _access_request(request, request_id)


def _answer(request, request_id: int):
    return queries.request_detail(request.auth, request_id)


@router.post("/access-requests/{request_id}/approve", response={200: AccessRequestDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def approve_access_request(request, request_id: int, payload: ApproveIn):
    domain.approve_access_request(actor=request.auth, access_request=_access_request(request, request_id), note=payload.note)
    return _answer(request, request_id)


@router.post("/access-requests/{request_id}/decline", response={200: AccessRequestDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def decline_access_request(request, request_id: int, payload: DeclineIn):
    domain.decline_access_request(actor=request.auth, access_request=_access_request(request, request_id),
                                  reason=str(payload.reason), text=payload.text)
    return _answer(request, request_id)


@router.post("/access-requests/{request_id}/questions", response={200: AccessRequestDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def ask_for_information(request, request_id: int, payload: QuestionIn):
    domain.ask_for_information(actor=request.auth, access_request=_access_request(request, request_id), question=payload.question)
    return _answer(request, request_id)


@router.post("/access-requests/{request_id}/answers", response={200: AccessRequestDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def answer_information_request(request, request_id: int, payload: AnswerIn):
    domain.answer_information_request(user=request.auth, access_request=_access_request(request, request_id), answer=payload.answer)
    return _answer(request, request_id)


@router.post("/access-requests/{request_id}/accept-terms", response={200: AccessRequestDetailOut, **errors(400, 403, 404)},
             auth=SIGNED_IN)
def accept_terms(request, request_id: int, payload: AcceptTermsIn):
    domain.accept_terms(user=request.auth, access_request=_access_request(request, request_id),
                        conditions_accepted=payload.conditions_accepted, nda_acknowledged=payload.nda_acknowledged)
    return _answer(request, request_id)


@router.post("/access-requests/{request_id}/withdraw", response={200: AccessRequestDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def withdraw_access_request(request, request_id: int):
    domain.withdraw_access_request(user=request.auth, access_request=_access_request(request, request_id))
    return _answer(request, request_id)


@router.post("/access-requests/{request_id}/outcome", response={200: OutcomeOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def report_outcome(request, request_id: int, payload: OutcomeIn):
    """File or correct the outcome (prototype, test result, product, patent filed, financing raised)."""
    return domain.report_outcome(user=request.auth, access_request=_access_request(request, request_id), **payload.dict())


# bookings and closures ---------------------------------------------------------------------

def _request_for_booking(request, resource: Resource, chosen: int | None) -> AccessRequest:
    mine = queries.requests_as_seeker(request.auth).filter(resource=resource)
    if chosen is not None:
        found = mine.filter(pk=chosen).first()
        if found is None:
            raise ValidationError({"access_request": "Not one of your organisations' requests for this resource."})
        return found
    active = list(mine.filter(status=AccessRequest.Status.ACTIVE)[:2])
    if len(active) == 1:
        return active[0]
    if len(active) > 1:
        raise ValidationError({"access_request": "Several of your organisations may book this equipment: say which request."})
    waiting = mine.filter(status=AccessRequest.Status.APPROVED).first()
    if waiting is not None:
        return waiting  # the domain explains that the terms must be accepted first
    raise PermissionDenied


@router.post("/resources/{resource_id}/bookings", response={201: BookingResultOut, 200: BookingResultOut, **errors(400, 403, 404, 409)},
             auth=SIGNED_IN)
def book_equipment(request, resource_id: int, payload: BookingIn):
    """Book slots; with repeat_weekly every week's date is tried: taken ones are listed in
    `conflicts`, the rest booked. 409 when nothing could be booked, naming the conflicting booking.
    With `voucher` and `idempotency_key` every booking made is paid with the voucher in the same step, all or nothing
    (a retry with the same key answers 200 with the bookings made the first time)."""
    resource = _resource(request, resource_id)
    access_request = _request_for_booking(request, resource, payload.access_request)
    if payload.voucher is not None:
        return _book_and_pay(request, access_request, payload)
    with conflicts_as_409():
        result = domain.book_equipment(actor=request.auth, access_request=access_request, start=payload.start, end=payload.end,
                                       repeat_weekly=payload.repeat_weekly, note=payload.note)
    ids = [b.pk for b in result.created]
    return Status(201, {"bookings": list(queries.visible_bookings(request.auth).filter(pk__in=ids)), "conflicts": result.conflicts})


def _book_and_pay(request, access_request: AccessRequest, payload: BookingIn):
    """Book and reserve the voucher's share of every booking in one transaction (domain/paid_bookings.py)."""
    if not payload.idempotency_key:
        raise ValidationError({"idempotency_key": _("Send an idempotency key of 1 to 80 characters.")})
    try:
        with conflicts_as_409():
            result = book_and_pay(actor=request.auth, access_request=access_request,
                                  runs=[(payload.start, payload.end)], repeat_weekly=payload.repeat_weekly,
                                  note=payload.note, payment=f"{VOUCHER_PAYER}:{payload.voucher}",
                                  key=payload.idempotency_key)
    except booking_payments.PaymentNotFound:
        raise Http404 from None
    except booking_payments.PaymentNotAllowed:
        raise PermissionDenied from None
    ids = [b.pk for b in result.created]
    return Status(200 if result.replayed else 201, {
        "bookings": list(queries.visible_bookings(request.auth).filter(pk__in=ids)), "conflicts": result.conflicts,
        "payments": result.paid})


@router.get("/bookings", response={200: list[BookingOut], **errors()}, auth=SIGNED_IN)
def list_bookings(request, filters: Query[BookingFilters]):
    """Bookings of your organisations and of their equipment, from 30 days ago."""
    return list(queries.my_bookings(request.auth)[filters.offset: filters.offset + filters.limit])


@router.get("/bookings/{booking_id}", response={200: BookingOut, **errors(404)}, auth=SIGNED_IN)
def get_booking(request, booking_id: int):
    return get_object_or_404(queries.visible_bookings(request.auth), pk=booking_id)


@router.post("/bookings/{booking_id}/cancel", response={200: BookingOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def cancel_booking(request, booking_id: int, payload: CancelIn):
    booking = get_object_or_404(queries.visible_bookings(request.auth), pk=booking_id)
    domain.cancel_booking(actor=request.auth, booking=booking, reason=payload.reason)
    return get_object_or_404(queries.visible_bookings(request.auth), pk=booking_id)


@router.get("/resources/{resource_id}/closures", response={200: list[ClosureOut], **errors(404)}, **PUBLIC_OPERATION)
def list_closures(request, resource_id: int):
    resource = _resource(request, resource_id)
    return list(Blackout.objects.filter(resource=resource, end__gte=timezone.now()).order_by("start")[:200])


@router.post("/resources/{resource_id}/closures", response={201: ClosureOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def add_closure(request, resource_id: int, payload: ClosureIn):
    """Close equipment for a period. Bookings in it give 409 unless cancel_overlapping."""
    resource = _resource(request, resource_id)
    with conflicts_as_409():
        closure, _cancelled = domain.add_closure(actor=request.auth, resource=resource, **payload.dict())
    return Status(201, closure)


@router.delete("/closures/{closure_id}", response={204: None, **errors(403, 404)}, auth=SIGNED_IN)
def remove_closure(request, closure_id: int):
    closure = get_object_or_404(Blackout.objects.filter(resource__in=queries.visible_resources(request.auth)).select_related("resource"),
                                pk=closure_id)
    domain.remove_closure(actor=request.auth, closure=closure)
    return Status(204, None)


# calendar feed, owner's view, import -------------------------------------------------------

def _feed_url(request, feed: CalendarFeed | None) -> str | None:
    return request.build_absolute_uri(reverse("resources:person_feed", kwargs={"token": feed.token})) if feed else None


@router.get("/me/calendar-feed", response={200: CalendarFeedOut, **errors()}, auth=SIGNED_IN)
def get_calendar_feed(request):
    """The secret URL of your bookings' iCalendar feed (null until made with POST)."""
    return {"url": _feed_url(request, CalendarFeed.objects.filter(user=request.auth).first())}


@router.post("/me/calendar-feed", response={200: CalendarFeedOut, **errors()}, auth=SIGNED_IN)
def rotate_calendar_feed(request):
    """Make your calendar feed URL, or replace it (the old one stops working)."""
    return {"url": _feed_url(request, domain.calendar_feed_for(user=request.auth, rotate=True))}


def _number(value) -> float | None:
    return float(value) if value is not None else None


REPORT_PAGE = 100


@router.get("/organisations/{slug}/resource-report", response={200: OwnerReportOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def owner_report(request, query: Query[ReportQuery], slug: str = SLUG):
    """Requests waiting, utilisation per equipment (hours booked / hours open, closures deducted) and outcomes;
    by default from 30 days ago to 14 days ahead (dates are whole local days, both included).
    Utilisation comes 100 equipment a page (`page`; `pages` and `equipment_count` tell how many)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not can(request.auth, "resources.view_owner_report", organisation):
        raise PermissionDenied
    today = timezone.localdate()
    last = query.end or today + timedelta(days=14)
    first = query.start or today - timedelta(days=30)
    queries.check_period(first, last, longest=366)
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), datetime.min.time()))
    report = queries.owner_report(organisation, start, end, page=query.page, per_page=REPORT_PAGE)
    pages = report["utilisation_page"]
    return {"organisation": organisation.slug, "start": start, "end": end, "waiting": report["waiting"],
            "page": pages.number, "pages": pages.paginator.num_pages, "equipment_count": report["totals"]["equipment"],
            "figures": {**report["figures"], "financing": _number(report["figures"]["financing"])},
            "utilisation": [{"resource": u["resource"].pk, "title": u["resource"].title, "booked_hours": u["booked"],
                             "open_hours": u["open"], "ratio": u["ratio"]} for u in report["utilisation"]]}


@router.post("/organisations/{slug}/resources/import", response={202: ImportJobOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def import_resources(request, file: File[UploadedFile], slug: str = SLUG):
    """Queue the import of an equipment list (CSV or XLSX; docs/import-formats.md): every row or none.
    202 with the job: poll its `url` (GET /imports/{job_id}) until done (the ids) or failed (every bad row).
    A retry with the same `Idempotency-Key` header returns the same job and imports nothing again.
    A file too large or of the wrong type is a 400 at once."""
    organisation = get_object_or_404(Organisation, slug=slug)
    try:
        job, _created = start_import(actor=request.auth, kind="equipment", upload=file, params={"owner": organisation.pk},
                                     idempotency_key=request.headers.get("Idempotency-Key", ""))
    except ImportRejected as exc:
        problems: dict[str, list[str]] = {}
        for e in exc.errors:
            problems.setdefault(f"line {e.line}: {e.column}" if e.column else f"line {e.line}", []).append(str(e.message))
        raise ValidationError(problems) from None
    return Status(202, job_out(request, job))


# prices ------------------------------------------------------------------------------------

def _prices_out(request, resource: Resource) -> dict:
    table = pricing.price_table(resource)
    return {"resource": resource.pk, "currency": "CNY",
            "prices": [{"user_class": c, "unit": u, "amount": str(a)} for (c, u), a in sorted(table.items())],
            "your_classes": [{"organisation": org.slug, "user_class": pricing.user_class_of(org, resource)}
                             for org in my_organisations(request.auth)]}


@router.get("/resources/{resource_id}/prices", response={200: PricesOut, **errors(404)}, **PUBLIC_OPERATION)
def get_prices(request, resource_id: int):
    """The price list by user class and unit (what is not listed is free), and the class each of your organisations pays in."""
    return _prices_out(request, _resource(request, resource_id))


@router.put("/resources/{resource_id}/prices", response={200: PricesOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def set_prices(request, resource_id: int, payload: PricesIn):
    """Replace the price list (owner's admins). Issued cost statements keep the prices they used."""
    resource = _resource(request, resource_id)
    given: dict[tuple[str, str], Decimal | None] = {}
    for price in payload.prices:
        key = (str(price.user_class), str(price.unit))
        if key in given:
            raise ValidationError({"prices": f"{key[0]}/{key[1]} is given twice."})
        given[key] = price.amount
    pricing.set_prices(actor=request.auth, resource=resource,
                       prices={(c, u): given.get((c, u)) for c in UserClass.values for u in PriceUnit.values})
    return _prices_out(request, resource)


# sharing pledges and cost statements -------------------------------------------------------

def _pledge_out(resource: Resource) -> dict:
    pledge = SharingPledge.objects.filter(resource=resource).first()
    return {"resource": resource.pk, "hours_per_quarter": pledge.hours_per_quarter if pledge else 0,
            "quarter": statements.quarter_start(timezone.now()), "remaining_hours": statements.pledge_remaining(resource) or 0}


@router.get("/resources/{resource_id}/pledge", response={200: PledgeOut, **errors(400, 404)}, **PUBLIC_OPERATION)
def get_pledge(request, resource_id: int):
    """The equipment's sharing pledge: free hours per quarter for other organisations, and how many are unused this quarter."""
    resource = _resource(request, resource_id)
    if not resource.is_bookable:
        raise ValidationError("Only equipment has a sharing pledge.")
    return _pledge_out(resource)


@router.put("/resources/{resource_id}/pledge", response={200: PledgeOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def set_pledge(request, resource_id: int, payload: PledgeIn):
    """Pledge free booking hours per calendar quarter (owner's admins); 0 ends the pledge."""
    resource = _resource(request, resource_id)
    statements.set_pledge(actor=request.auth, resource=resource, hours_per_quarter=payload.hours_per_quarter)
    return _pledge_out(resource)


@router.get("/bookings/{booking_id}/statement", response={200: list[StatementLineOut], **errors(404)}, auth=SIGNED_IN)
def get_booking_statement(request, booking_id: int):
    """The booking's cost statement: the line issued when it was made, and the credit line if it was cancelled."""
    booking = get_object_or_404(queries.visible_bookings(request.auth), pk=booking_id)
    return statement_queries.with_paid_by_voucher(list(booking.statement_lines.select_related("organisation").order_by("issued_at", "pk")))


def _statement_owner(request, slug: str) -> Organisation:
    owner = get_object_or_404(Organisation, slug=slug)
    if not can(request.auth, "resources.view_statements", owner):
        raise PermissionDenied
    return owner


def _payer(slug: str) -> Organisation | None:
    return _organisation(slug, "payer") if slug else None


@router.get("/organisations/{slug}/statements", response={200: StatementsOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def list_statements(request, query: Query[StatementQuery], slug: str = SLUG):
    """The owner's monthly cost statements, one per paying organisation, with every line (owner's admins)."""
    owner = _statement_owner(request, slug)
    month = statement_queries.parse_month(query.month)
    found = statement_queries.monthly_statements(owner, month, payer=_payer(query.payer))
    return {"owner": owner.slug, "month": f"{month:%Y-%m}",
            "statements": [{"organisation": s.organisation.slug, "total": str(s.total), "pledged_hours": s.pledged_hours,
                            "paid_by_voucher": str(s.paid_by_voucher), "firm_pays": str(s.firm_pays),
                            "charged_hours": str(s.charged_hours), "lines": s.lines} for s in found]}


@router.get("/organisations/{slug}/statements/export", response={200: None, **errors(400, 403, 404)}, auth=SIGNED_IN)
def export_statements(request, query: Query[ExportQuery], slug: str = SLUG):
    """The month's statements as a CSV or XLSX file (`format`), all organisations or one (`payer`)."""
    owner = _statement_owner(request, slug)
    month = statement_queries.parse_month(query.month)
    payer = _payer(query.payer)
    rows = statement_queries.export_rows(statement_queries.monthly_statements(owner, month, payer=payer))
    name = f"statements-{owner.slug}-{month:%Y-%m}" + (f"-{payer.slug}" if payer else "")
    content = (csv_bytes(statement_queries.HEADER, rows) if query.format == "csv"
               else xlsx_bytes(statement_queries.HEADER, rows, sheet=f"{month:%Y-%m}"))
    return download(content, filename=f"{name}.{query.format}", file_format=query.format)
