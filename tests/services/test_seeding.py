"""The demo service zone: loaded through the domain, idempotent, with the Must-show situations in it."""

from innobelt.accounts.models import User
from innobelt.belt.seeding import load_belt
from innobelt.services.models import Service, ServiceRequest
from innobelt.services.queries import operator_queue
from innobelt.services.seeding import load_services_demo


def test_the_demo_has_providers_on_both_sides_and_an_overdue_request_for_putuo(db):
    load_belt()
    load_services_demo(password="x-demo-password")
    services, requests = Service.objects.count(), ServiceRequest.objects.count()
    load_services_demo(password="x-demo-password")
    assert (Service.objects.count(), ServiceRequest.objects.count()) == (services, requests)
    provinces = {c.province_en for s in Service.objects.prefetch_related("cities") for c in s.cities.all()}
    assert provinces == {"Shanghai", "Jiangsu"}
    rated = ServiceRequest.objects.get(status="closed")
    assert rated.cross_provincial and rated.rating == 5 and rated.provider.organisation.city.slug == "putuo"
    putuo = User.objects.get(email="putuo@innobelt.local")
    assert [r.category for r in operator_queue(putuo)] == ["government"]
