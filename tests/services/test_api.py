"""The API: asking with an attachment, the provider's moves, a 409 for an illegal one, the firm's rating."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.files.domain import save_upload
from tests.factories import OrganisationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_whole_way_through_the_api(scene):
    firm, provider = client_for(scene.founder), client_for(scene.consultant)
    plan = save_upload(actor=scene.founder, organisation=scene.firm, kind="document",
                       upload=SimpleUploadedFile("plan.pdf", PDF))
    response = firm.post("/api/v1/service-requests", content_type="application/json", data={
        "firm": scene.firm.slug, "category": "market_entry", "need": "Open an office.", "firm_city": "wuxi",
        "target_city": "putuo", "language": "en", "service": scene.service.pk, "attachments": [str(plan.pk)]})
    assert response.status_code == 201, response.content
    made = response.json()
    assert (made["provider"], made["cross_provincial"], made["status"]) == (scene.provider_org.slug, True, "new")
    url = f"/api/v1/service-requests/{made['id']}"
    assert [r["id"] for r in provider.get("/api/v1/service-requests?role=provider").json()["items"]] == [made["id"]]

    conflict = provider.post(f"{url}/status", content_type="application/json", data={"status": "resolved"},
                             headers={"accept-language": "en"})
    assert conflict.status_code == 409
    assert conflict.json()["error"]["message"] == "This request is new: it cannot become resolved."
    for status in ("accepted", "in_progress", "resolved"):
        answer = provider.post(f"{url}/status", content_type="application/json", data={"status": status})
        assert answer.status_code == 200 and answer.json()["status"] == status
    assert answer.json()["thread"] is not None
    assert provider.post(f"{url}/confirm", content_type="application/json", data={"rating": 5}).status_code == 403
    rated = firm.post(f"{url}/confirm", content_type="application/json", data={"rating": 4, "comment": "Fine."})
    assert rated.status_code == 200 and (rated.json()["status"], rated.json()["rating"]) == ("closed", 4)


def test_someone_elses_file_and_an_unknown_city_are_refused(scene):
    firm = client_for(scene.founder)
    other = OrganisationFactory()
    theirs = save_upload(actor=scene.consultant, organisation=other, kind="document",
                         upload=SimpleUploadedFile("x.pdf", PDF))
    body = {"firm": scene.firm.slug, "category": "market_entry", "need": "N", "firm_city": "wuxi",
            "target_city": "putuo", "attachments": [str(theirs.pk)]}
    assert firm.post("/api/v1/service-requests", content_type="application/json", data=body).status_code == 400
    body.update(attachments=[], target_city="atlantis")
    answer = firm.post("/api/v1/service-requests", content_type="application/json", data=body)
    assert answer.status_code == 400 and "target_city" in str(answer.json())


def test_a_passed_on_request_is_gone_for_the_provider_that_passed_it(scene):
    firm, provider = client_for(scene.founder), client_for(scene.consultant)
    made = firm.post("/api/v1/service-requests", content_type="application/json", data={
        "firm": scene.firm.slug, "category": "market_entry", "need": "N", "firm_city": "wuxi",
        "target_city": "putuo"}).json()
    url = f"/api/v1/service-requests/{made['id']}"
    answer = provider.post(f"{url}/pass-on", content_type="application/json", data={"reason": "Fully booked."})
    assert answer.status_code == 200 and answer.json() == {"id": made["id"], "passed_on": True}
    assert provider.get(url).status_code == 404
    assert firm.get(url).json()["provider"] is None  # no other provider in the city: the operators were told
