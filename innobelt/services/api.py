"""The API of the service zone's catalogue and requests under /api/v1/.

Endpoints only translate: look the object up among those the caller may see (404 otherwise), call the
domain, answer in the kit's error shape (an illegal status change is a 409 saying the current status).
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from innobelt.belt.models import City
from innobelt.files.domain import file_response
from innobelt.files.models import StoredFile
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import errors
from innobelt.organisations.models import Organisation
from innobelt.permissions import require
from innobelt.services import domain, queries
from innobelt.services.calendar import YearSchedule, year_schedule
from innobelt.services.domain.holidays import FIRST_YEAR, LAST_YEAR, DayRange, enter_holiday_schedule
from innobelt.services.domain.vouchers import choose_voucher as choose_voucher_for
from innobelt.services.models import Service
from innobelt.services.schemas import (
    ServicesAttachIn,
    ServicesCatalogueFilters,
    ServicesCataloguePage,
    ServicesConfirmIn,
    ServicesHolidayScheduleIn,
    ServicesHolidayScheduleOut,
    ServicesMineFilters,
    ServicesPassedOnOut,
    ServicesPassOnIn,
    ServicesReassignIn,
    ServicesRequestDetailOut,
    ServicesRequestFilters,
    ServicesRequestIn,
    ServicesRequestOut,
    ServicesRequestPage,
    ServicesServiceIn,
    ServicesServiceOut,
    ServicesServicePatch,
    ServicesStatusIn,
    ServicesVoucherIn,
    ServicesVoucherOut,
)
from innobelt.vouchers.queries import vouchers

router = Router(tags=["services"])


def _city(slug: str, field: str) -> City:
    found = City.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: "Unknown city."})
    return found


@router.get("/services", response={200: ServicesCataloguePage, **errors(400)}, **PUBLIC_OPERATION)
def list_services(request, filters: Query[ServicesCatalogueFilters]):
    """The catalogue, searched in both languages, by category and by a city served."""
    qs = queries.catalogue(query=filters.q, category=filters.category, city=filters.city)
    return {"count": qs.count(), "items": list(qs[filters.offset: filters.offset + filters.limit])}


@router.get("/services/mine", response={200: ServicesCataloguePage, **errors(400)}, auth=SIGNED_IN)
def my_services(request, filters: Query[ServicesMineFilters]):
    """The services of the organisations the caller is an admin of, retired ones included."""
    qs = queries.my_services(request.auth)
    return {"count": qs.count(), "items": list(qs[filters.offset: filters.offset + filters.limit])}


def _schedule_out(current: YearSchedule, moved: list[int] | None = None) -> dict:
    def days(rows):
        return [{"day": day, "name_zh": name_zh, "name_en": name_en} for day, name_zh, name_en in rows]
    return {"year": current.year, "source": current.source, "library_covers": current.library_covers,
            "entered_at": current.schedule.entered_at if current.schedule else None,
            "holidays": days(current.holidays), "makeup_workdays": days(current.makeup_workdays),
            "requests_moved": moved or []}


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


@router.get("/services/calendar/{year}", response={200: ServicesHolidayScheduleOut, **errors(403, 404)},
            auth=SIGNED_IN)
def get_holiday_schedule(request, year: int):
    """The public holidays and make-up working days the clocks count `year` by, and where they come from
    (platform and district operators)."""
    require(request.auth, "services.view_holiday_schedule")
    return _schedule_out(year_schedule(_year(year)))


@router.put("/services/calendar/{year}", response={200: ServicesHolidayScheduleOut, **errors(400, 403, 404)},
            auth=SIGNED_IN)
def enter_schedule(request, year: int, payload: ServicesHolidayScheduleIn):
    """Platform operators enter the official schedule of `year` (its whole schedule: it replaces what was entered
    before and what the chinese-calendar library says). A day both a holiday and a make-up working day, or a
    range outside the year, is a 400 with nothing stored. The due days of open requests counted through the
    year move; `requests_moved` lists them."""
    require(request.auth, "services.enter_holiday_schedule")

    def ranges(rows):
        return [DayRange(row.start, row.end or row.start, row.name_zh.strip(), row.name_en.strip()) for row in rows]
    _schedule, moved = enter_holiday_schedule(actor=request.auth, year=_year(year), holidays=ranges(payload.holidays),
                                              makeup_workdays=ranges(payload.makeup_workdays))
    return _schedule_out(year_schedule(year), moved)


@router.get("/services/{service_id}", response={200: ServicesServiceOut, **errors(404)}, **PUBLIC_OPERATION)
def get_service(request, service_id: int):
    return queries.service_or_404(service_id)


def _cities(slugs: list[str]) -> list[City]:
    found = list(City.objects.filter(slug__in=set(slugs)))
    if len(found) != len(set(slugs)):
        raise ValidationError({"cities": _("Unknown city.")})
    return found


def _managed(user, service_id: int) -> Service:
    """A service (retired ones too) whose provider the caller manages: 404 when there is none, 403 otherwise."""
    return queries.managed_service_or_404(user, service_id)


def _answer(service_id: int) -> Service:
    return Service.objects.select_related("provider__organisation").prefetch_related("cities").get(pk=service_id)


@router.post("/services", response={201: ServicesServiceOut, **errors(400, 403)}, auth=SIGNED_IN)
def add_service(request, payload: ServicesServiceIn):
    """Offer a service for `provider` (made a provider if it is not one yet): its admins, the district operators
    of its city and platform operators may. The same checks as the page: at least one title and one city, the
    resolution target never shorter than the response target."""
    organisation = Organisation.objects.filter(slug=payload.provider).first()
    if organisation is None:
        raise ValidationError({"provider": _("Unknown organisation.")})
    fields = payload.dict(exclude={"provider", "cities"})
    service = domain.add_service(actor=request.auth, organisation=organisation, cities=_cities(payload.cities),
                                 **fields)
    return Status(201, _answer(service.pk))


@router.patch("/services/{service_id}", response={200: ServicesServiceOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def edit_service(request, service_id: int, payload: ServicesServicePatch):
    """Change a service; fields left out stay. `is_active: true` offers a retired service again (checked anew).
    Requests already routed keep their due days."""
    service = _managed(request.auth, service_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    slugs = changes.pop("cities", None)
    cities = _cities(slugs) if slugs is not None else list(service.cities.all())
    domain.edit_service(actor=request.auth, service=service, cities=cities, **changes)
    return _answer(service.pk)


@router.post("/services/{service_id}/retire", response={200: ServicesServiceOut, **errors(403, 404)}, auth=SIGNED_IN)
def retire_service(request, service_id: int):
    """Take a service off the catalogue: no new request is routed to it; requests already routed stay."""
    service = _managed(request.auth, service_id)
    domain.retire_service(actor=request.auth, service=service)
    return _answer(service.pk)


@router.post("/services/{service_id}/offer", response={200: ServicesServiceOut, **errors(400, 403, 404)},
             auth=SIGNED_IN)
def offer_service(request, service_id: int):
    """Offer a retired service again (checked as when it is edited)."""
    service = _managed(request.auth, service_id)
    domain.edit_service(actor=request.auth, service=service, cities=list(service.cities.all()), is_active=True)
    return _answer(service.pk)


@router.get("/service-requests", response={200: ServicesRequestPage, **errors(400)}, auth=SIGNED_IN)
def list_requests(request, filters: Query[ServicesRequestFilters]):
    """The requests the caller's organisations made, or (role=provider) the open ones routed to them."""
    qs = queries.provider_queue(request.auth) if filters.role == "provider" else queries.my_requests(request.auth)
    return {"count": qs.count(), "items": list(qs[filters.offset: filters.offset + filters.limit])}


@router.post("/service-requests", response={201: ServicesRequestDetailOut, **errors(400, 403)}, auth=SIGNED_IN)
def make_request(request, payload: ServicesRequestIn):
    """Ask for a service for one of the caller's organisations; it is routed at once (`provider` is null when
    no provider can take it: the district operators are told)."""
    firm = queries.requesting_organisations(request.auth).filter(slug=payload.firm).first()
    if firm is None:
        if Organisation.objects.filter(slug=payload.firm).exists():
            raise PermissionDenied
        raise ValidationError({"firm": "Unknown organisation."})
    service = queries.catalogue().filter(pk=payload.service).first() if payload.service else None
    if payload.service and service is None:
        raise ValidationError({"service": "Unknown service."})
    files = _firm_files(firm, payload.attachments)
    made = domain.request_service(actor=request.auth, firm=firm, category=payload.category, need=payload.need,
                                  firm_city=_city(payload.firm_city, "firm_city"),
                                  target_city=_city(payload.target_city, "target_city"), language=payload.language,
                                  wanted_service=service, attachments=files)
    return Status(201, queries.request_or_404(request.auth, made.pk))


def _firm_files(firm: Organisation, ids: list[str]) -> list[StoredFile]:
    """The firm's files named by `ids` (a 400 naming the field when one is not a file of the firm)."""
    if not ids:
        return []
    try:
        files = list(StoredFile.objects.filter(pk__in=set(ids), organisation=firm))
    except ValidationError:  # not a file id at all
        files = []
    if len(files) != len(set(ids)):
        raise ValidationError({"attachments": _("Attach files of your own organisation.")})
    return files


@router.post("/service-requests/{request_id}/attachments",
             response={200: ServicesRequestDetailOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def add_attachments(request, request_id: int, payload: ServicesAttachIn):
    """The firm adds its files (uploaded with POST /api/v1/files) to its request while no provider has accepted
    it yet; a request holds five at most (400 beyond). Once accepted, a 409: further files go in the messages
    with the provider. The current provider sees them; operators do not."""
    found = queries.request_or_404(request.auth, request_id, perm="services.attach_files")
    domain.attach_files(actor=request.auth, request=found, files=_firm_files(found.firm, payload.attachments))
    return queries.request_or_404(request.auth, request_id)


@router.get("/service-requests/{request_id}", response={200: ServicesRequestDetailOut, **errors(404)}, auth=SIGNED_IN)
def get_request(request, request_id: int):
    """A request; its attachments are listed to the firm's and the current provider's people only."""
    return queries.request_or_404(request.auth, request_id)


@router.get("/service-requests/{request_id}/attachments/{file_id}", response={200: None, **errors(404)},
            auth=SIGNED_IN, url_name="services_request_attachment")
def get_attachment(request, request_id: int, file_id: UUID):
    """The bytes of a file attached to the request: the firm's and the current provider's people; 404 for anyone
    else and for a file not attached to this request."""
    return file_response(queries.request_attachment_or_404(request.auth, request_id, file_id))


@router.post("/service-requests/{request_id}/status", response={200: ServicesRequestOut, **errors(400, 403, 404, 409)},
             auth=SIGNED_IN)
def change_status(request, request_id: int, payload: ServicesStatusIn):
    """The provider moves the request on (accepted, in_progress, waiting, resolved, or rejected with a reason).
    A move the current status does not allow is a 409."""
    found = queries.request_or_404(request.auth, request_id, perm="services.handle_request")
    domain.change_status(actor=request.auth, request=found, to=payload.status, reason=payload.reason)
    return queries.request_or_404(request.auth, request_id)


@router.post("/service-requests/{request_id}/pass-on",
             response={200: ServicesPassedOnOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def pass_on(request, request_id: int, payload: ServicesPassOnIn):
    """The provider hands a new request on with a reason. The answer says only that it went: whom it went to
    is not the former provider's business (the request is 404 to them afterwards)."""
    found = queries.request_or_404(request.auth, request_id, perm="services.handle_request")
    domain.pass_on_request(actor=request.auth, request=found, reason=payload.reason)
    return {"id": request_id, "passed_on": True}


@router.post("/service-requests/{request_id}/confirm",
             response={200: ServicesRequestOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def confirm(request, request_id: int, payload: ServicesConfirmIn):
    """The firm confirms a resolved request and rates it (1 to 5, with a comment); it is closed."""
    found = queries.request_or_404(request.auth, request_id, perm="services.confirm_request")
    domain.confirm_request(actor=request.auth, request=found, rating=payload.rating, comment=payload.comment)
    return queries.request_or_404(request.auth, request_id)


@router.put("/service-requests/{request_id}/voucher",
            response={200: ServicesVoucherOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def choose_voucher(request, request_id: int, payload: ServicesVoucherIn):
    """The firm pays its share of a new request with one of its innovation vouchers (null: with none). The answer
    is the bill, the voucher's share (reserved when the provider accepts) and the firm's co-payment. A voucher
    that cannot pay (programme, city, balance) is a 400 or a 409 saying why; after the acceptance, a 409."""
    found = queries.request_or_404(request.auth, request_id, perm="services.confirm_request")
    voucher = vouchers(request.auth).filter(pk=payload.voucher).first() if payload.voucher is not None else None
    if payload.voucher is not None and voucher is None:
        raise ValidationError({"voucher": _("Unknown voucher.")})
    bill = choose_voucher_for(actor=request.auth, request=found, voucher=voucher)
    return {"request": found.pk, "voucher": voucher.pk if voucher else None, "total_fen": bill.total_fen if bill else 0,
            "share_fen": bill.share_fen if bill else 0, "co_payment_fen": bill.co_payment_fen if bill else 0}


@router.post("/service-requests/{request_id}/reassign",
             response={200: ServicesRequestOut, **errors(400, 403, 404, 409)}, auth=SIGNED_IN)
def reassign(request, request_id: int, payload: ServicesReassignIn):
    """An operator of the request's cities (or the platform) hands an open request to another provider: the
    provider of `service`, which must be of the request's category and offered in its target city. The request
    is new again with its clocks counted from today; a request no longer open is a 409."""
    found = queries.request_or_404(request.auth, request_id, perm="services.reassign_request")
    service = Service.objects.filter(pk=payload.service).first()
    if service is None:
        raise ValidationError({"service": "Unknown service."})
    # answered as reassigned even when the operator no longer sees it (the new provider is of another district)
    return domain.reassign_request(actor=request.auth, request=found, service=service, reason=payload.reason)
