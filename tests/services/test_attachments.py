"""Attachments of a request: the firm attaches files when it asks (page and API) and in the messages with the
provider; the firm's and the current provider's people read them, nobody else (operators included), and a
file is served only through the request it is attached to."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.conversations.models import Message
from innobelt.files.domain import save_upload
from innobelt.files.models import StoredFile
from innobelt.services.domain import change_status
from innobelt.services.models import ServiceRequest
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def pdf(text: str) -> bytes:
    return f"%PDF-1.4\n% {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ask_on_the_page(scene, *files):
    return client_for(scene.founder).post(f"/en/services/{scene.service.pk}/request/", {
        "firm": scene.firm.pk, "category": "market_entry", "need": "Open an office in Putuo.",
        "firm_city": scene.wuxi.pk, "target_city": scene.putuo.pk, "language": "en", "attachments": list(files)})


def test_the_firm_attaches_files_on_the_page_and_only_the_firm_and_the_provider_read_them(scene):
    response = _ask_on_the_page(scene, SimpleUploadedFile("plan.pdf", pdf("PLAN-2231")),
                                SimpleUploadedFile("licence.pdf", pdf("LICENCE-7781")))
    assert response.status_code == 302, response.content.decode()[:2000]
    made = ServiceRequest.objects.get()
    files = {f.original_name: f for f in made.attachments.all()}
    assert set(files) == {"plan.pdf", "licence.pdf"} and all(f.organisation == scene.firm for f in files.values())
    url = f"/en/services/requests/{made.pk}/attachments/{files['plan.pdf'].pk}/"
    for user in (scene.founder, scene.consultant, MembershipFactory(organisation=scene.firm).user):
        download = client_for(user).get(url)
        assert download.status_code == 200 and b"PLAN-2231" in b"".join(download.streaming_content)
    assert url in client_for(scene.consultant).get(made.get_absolute_url()).content.decode()
    # operators see the request but not its files; an outsider sees neither
    platform = UserFactory(is_platform_operator=True)
    for user in (scene.putuo_operator, scene.wuxi_operator, platform,
                 MembershipFactory(organisation=OrganisationFactory(city=scene.putuo)).user):
        assert client_for(user).get(url).status_code == 404
    page = client_for(scene.putuo_operator).get(made.get_absolute_url()).content.decode()
    assert "plan.pdf" not in page and "/attachments/" not in page
    # the owner's own file store does not open it to the provider either
    assert client_for(scene.consultant).get(f"/files/{files['plan.pdf'].pk}/").status_code == 404


def test_a_file_is_served_only_through_the_request_it_is_attached_to(scene):
    _ask_on_the_page(scene, SimpleUploadedFile("plan.pdf", pdf("PLAN")))
    made = ServiceRequest.objects.get()
    other = save_upload(actor=scene.founder, organisation=scene.firm, kind="document",
                        upload=SimpleUploadedFile("other.pdf", pdf("NOT-ATTACHED-5512")))
    for user in (scene.consultant, scene.founder):
        assert client_for(user).get(f"/services/requests/{made.pk}/attachments/{other.pk}/").status_code == 404
        assert client_for(user).get(f"/api/v1/service-requests/{made.pk}/attachments/{other.pk}").status_code == 404


def test_a_refused_file_stores_nothing(scene):
    page = _ask_on_the_page(scene, SimpleUploadedFile("plan.pdf", pdf("OK")),
                            SimpleUploadedFile("run.pdf", b"MZ\x90\x00 not a pdf at all"))
    assert page.status_code == 200 and "its content was checked" in page.content.decode()
    assert not ServiceRequest.objects.exists() and not StoredFile.objects.exists()
    many = [SimpleUploadedFile(f"p{n}.pdf", pdf(str(n))) for n in range(6)]
    page = _ask_on_the_page(scene, *many)
    assert "Attach at most 5 files." in page.content.decode()
    assert not ServiceRequest.objects.exists() and not StoredFile.objects.exists()


def test_files_in_the_request_thread_are_read_by_both_sides_only(scene):
    _ask_on_the_page(scene)
    made = change_status(actor=scene.consultant, request=ServiceRequest.objects.get(), to="accepted")
    thread_url = f"/en/conversations/{made.thread_id}/"
    assert f'href="{thread_url}"' in client_for(scene.founder).get(made.get_absolute_url()).content.decode()
    client_for(scene.founder).post(thread_url, {"body": "Our articles.",
                                                "attachment": SimpleUploadedFile("articles.pdf", pdf("ARTICLES"))})
    client_for(scene.consultant).post(thread_url, {"body": "Filled in.",
                                                   "attachment": SimpleUploadedFile("form.pdf", pdf("FORM"))})
    for message in Message.objects.filter(thread=made.thread_id, attachment__isnull=False):
        url = f"/conversations/{made.thread_id}/attachments/{message.pk}/"
        assert client_for(scene.founder).get(url).status_code == 200
        assert client_for(scene.consultant).get(url).status_code == 200
        assert client_for(scene.putuo_operator).get(url).status_code == 404
        assert client_for(MembershipFactory(organisation=OrganisationFactory()).user).get(url).status_code == 404
    assert Message.objects.filter(thread=made.thread_id, attachment__isnull=False).count() == 2


def test_the_api_lists_and_serves_attachments_to_the_firm_and_the_provider_only(scene):
    plan = save_upload(actor=scene.founder, organisation=scene.firm, kind="document",
                       upload=SimpleUploadedFile("plan.pdf", pdf("API-PLAN")))
    made = client_for(scene.founder).post("/api/v1/service-requests", content_type="application/json", data={
        "firm": scene.firm.slug, "category": "market_entry", "need": "Open an office.", "firm_city": "wuxi",
        "target_city": "putuo", "attachments": [str(plan.pk)]}).json()
    assert [a["original_name"] for a in made["attachments"]] == ["plan.pdf"]
    url = made["attachments"][0]["url"]
    assert url == f"/api/v1/service-requests/{made['id']}/attachments/{plan.pk}"
    for user in (scene.founder, scene.consultant):
        answer = client_for(user).get(f"/api/v1/service-requests/{made['id']}").json()
        assert [a["id"] for a in answer["attachments"]] == [str(plan.pk)]
        download = client_for(user).get(url)
        assert download.status_code == 200 and b"API-PLAN" in b"".join(download.streaming_content)
    answer = client_for(scene.putuo_operator).get(f"/api/v1/service-requests/{made['id']}").json()
    assert answer["attachments"] == []
    assert client_for(scene.putuo_operator).get(url).status_code == 404
    assert client_for(UserFactory()).get(url).status_code == 404
