"""Service requests and voucher redemptions written straight to the database, for the showcase's tests of the
trail and the evidence (the services and vouchers apps test how they come about)."""

from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from innobelt.resources.models import AccessRequest
from innobelt.services.models import ServiceRequest
from innobelt.vouchers.models import Programme, Reservation, Use, Voucher
from tests.factories import AccessRequestFactory, BookingFactory, CityFactory, ResourceFactory, UserFactory
from tests.services.factories import service_of

_keys = count(1)


def service_request(firm, provider_org, *, status=ServiceRequest.Status.RESOLVED, title_en="Market entry service"):
    city = firm.city or CityFactory()
    service = service_of(provider_org, cities=[city], title_en=title_en)
    return ServiceRequest.objects.create(
        firm=firm,
        category=service.category,
        need="PRIVATE-NEED of the firm",
        firm_city=city,
        target_city=city,
        service=service,
        provider=service.provider,
        status=status,
    )


def voucher_of(firm, *, name_zh="创新券", name_en="Innovation vouchers"):
    programme = Programme.objects.create(
        authority=firm.city or CityFactory(),
        name_zh=name_zh,
        name_en=name_en,
        budget_fen=10_000_000,
        per_firm_cap_fen=1_000_000,
        opens_on=date(2020, 1, 1),
        closes_on=date(2030, 12, 31),
        uses=[Use.INSTRUMENT_TIME],
    )
    return Voucher.objects.create(
        programme=programme, organisation=firm, issued_fen=1_000_000, available_fen=1_000_000, expires_on=date(2030, 12, 31)
    )


def redemption(voucher, provider_org, *, days_ago=10, status=Reservation.Status.REDEEMED, resource=None):
    """A share of a booking of `provider_org`'s instrument paid with `voucher`, settled `days_ago` days ago."""
    resource = resource or ResourceFactory(owner=provider_org)
    access = AccessRequest.objects.filter(resource=resource, organisation=voucher.organisation).first()
    access = access or AccessRequestFactory(resource=resource, organisation=voucher.organisation)
    start = timezone.now() - timedelta(days=days_ago, hours=3)
    booking = BookingFactory(access_request=access, start=start, end=start + timedelta(hours=1))
    return Reservation.objects.create(
        voucher=voucher,
        booking=booking,
        provider=provider_org,
        use=Use.INSTRUMENT_TIME,
        idempotency_key=f"test-{next(_keys)}",
        total_fen=50_000,
        amount_fen=35_000,
        co_payment_fen=15_000,
        status=status,
        created_by=UserFactory(),
        settled_at=None if status == Reservation.Status.RESERVED else start + timedelta(hours=2),
    )
