"""The pages: the catalogue and search, asking for a service, the request worked through, the queues."""

from datetime import date

from django.test import Client

from innobelt.services.domain import escalate_overdue_requests
from innobelt.services.models import ServiceRequest


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_catalogue_finds_a_service_in_either_language(scene, client):
    for query in ("上海市场准入", "market entry", "普陀"):
        page = client.get("/services/", {"q": query}).content.decode()
        assert "Shanghai market entry" in page or "上海市场准入" in page, query
    assert "上海市场准入" not in client.get("/services/", {"q": "customs"}).content.decode()
    page = client.get(f"/en/services/{scene.service.pk}/").content.decode()
    assert "Shanghai market entry" in page and "5000.00" in page.replace(",", "")


def test_a_wuxi_firm_requests_and_the_provider_works_it_through(scene):
    firm, provider = client_for(scene.founder), client_for(scene.consultant)
    response = firm.post(f"/services/{scene.service.pk}/request/", {
        "firm": scene.firm.pk, "category": "market_entry", "need": "Open a sales office in Putuo.",
        "firm_city": scene.wuxi.pk, "target_city": scene.putuo.pk, "language": "en"})
    request = ServiceRequest.objects.get()
    assert response.status_code == 302 and response.url == f"/services/requests/{request.pk}/"
    assert request.cross_provincial and request.provider.organisation == scene.provider_org
    assert f"#{request.pk}" in provider.get("/services/queue/").content.decode()
    for to in ("accepted", "in_progress", "resolved"):
        assert provider.post(f"/services/requests/{request.pk}/status/", {"to": to}).status_code == 302
    # twice is refused with the reason, not an error page
    response = provider.post(f"/services/requests/{request.pk}/status/", {"to": "accepted"}, follow=True)
    assert response.status_code == 200
    assert firm.post(f"/services/requests/{request.pk}/confirm/", {"rating": 4, "comment": "Good"}).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.rating) == ("closed", 4)
    assert firm.get(f"/services/requests/{request.pk}/").status_code == 200


def test_the_putuo_operator_sees_the_overdue_request_and_the_wuxi_operator_does_not(scene):
    firm = client_for(scene.founder)
    firm.post("/services/request/", {"firm": scene.firm.pk, "category": "market_entry", "need": "N",
                                     "firm_city": scene.wuxi.pk, "target_city": scene.putuo.pk, "language": "zh"})
    request = ServiceRequest.objects.get()
    escalate_overdue_requests(today=date(2099, 1, 1))
    assert f"#{request.pk}" in client_for(scene.putuo_operator).get("/services/operators/").content.decode()
    wuxi = client_for(scene.wuxi_operator)
    assert f"#{request.pk}" not in wuxi.get("/services/operators/").content.decode()
    # the firm's city operator may still open the request itself
    assert wuxi.get(f"/services/requests/{request.pk}/").status_code == 200
