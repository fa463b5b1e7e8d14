"""Attachments of a request: the firm attaches files when it asks (page and API) and in the messages with the
provider; the firm's and the current provider's people read them, nobody else (operators included), and a
file is served only through the request it is attached to."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.conversations.models import Message
from innobelt.files.domain import save_upload
from innobelt.files.models import StoredFile
from innobelt.notifications.models import Notification
from innobelt.services.domain import change_status, request_service
from innobelt.services.models import ServiceRequest
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.services.factories import service_of


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


# --- files added while the request waits for a provider (ADR 0901, "Files while waiting") -----------------------

def _made(scene, *files):
    _ask_on_the_page(scene, *files)
    return ServiceRequest.objects.get()


def _add_on_the_page(user, made, *files):
    return client_for(user).post(f"/en/services/requests/{made.pk}/attachments/", {"attachments": list(files)},
                                 follow=True)


def test_the_firm_adds_files_on_the_page_while_it_waits_and_the_provider_reads_them(scene):
    made = _made(scene, SimpleUploadedFile("plan.pdf", pdf("PLAN")))
    page = client_for(scene.founder).get(made.get_absolute_url()).content.decode()
    assert 'id="attach-form"' in page
    assert 'id="attach-form"' not in client_for(scene.consultant).get(made.get_absolute_url()).content.decode()
    answer = _add_on_the_page(scene.founder, made, SimpleUploadedFile("licence.pdf", pdf("LICENCE-3390")))
    assert "The files were added to the request." in answer.content.decode()
    added = made.attachments.get(original_name="licence.pdf")
    assert added.organisation == scene.firm
    url = f"/en/services/requests/{made.pk}/attachments/{added.pk}/"
    download = client_for(scene.consultant).get(url)
    assert download.status_code == 200 and b"LICENCE-3390" in b"".join(download.streaming_content)
    assert url in client_for(scene.consultant).get(made.get_absolute_url()).content.decode()
    assert client_for(scene.putuo_operator).get(url).status_code == 404
    told = Notification.objects.get(recipient=scene.consultant, body__contains="licence.pdf")
    assert told.kind == "services.request_routed" and told.link.endswith(f"/services/requests/{made.pk}/")


def test_a_request_holds_five_files_at_most_and_a_refused_file_stores_nothing(scene):
    made = _made(scene, *[SimpleUploadedFile(f"p{n}.pdf", pdf(str(n))) for n in range(3)])
    stored = StoredFile.objects.count()
    answer = _add_on_the_page(scene.founder, made, *[SimpleUploadedFile(f"q{n}.pdf", pdf(str(n))) for n in range(3)])
    assert "A request holds at most 5 files: this one has 3." in answer.content.decode()
    answer = _add_on_the_page(scene.founder, made, SimpleUploadedFile("ok.pdf", pdf("OK")),
                              SimpleUploadedFile("run.pdf", b"MZ\x90\x00 not a pdf at all"))
    assert "its content was checked" in answer.content.decode()
    answer = _add_on_the_page(scene.founder, made)
    assert "Choose a file to add." in answer.content.decode() or "This field is required." in answer.content.decode()
    assert made.attachments.count() == 3 and StoredFile.objects.count() == stored
    _add_on_the_page(scene.founder, made, SimpleUploadedFile("q1.pdf", pdf("1")), SimpleUploadedFile("q2.pdf", pdf("2")))
    assert made.attachments.count() == 5


def test_once_accepted_files_go_in_the_messages(scene):
    made = change_status(actor=scene.consultant, request=_made(scene), to="accepted")
    assert 'id="attach-form"' not in client_for(scene.founder).get(made.get_absolute_url()).content.decode()
    stored = StoredFile.objects.count()
    answer = _add_on_the_page(scene.founder, made, SimpleUploadedFile("late.pdf", pdf("LATE")))
    assert "send further files in the messages with the provider" in answer.content.decode()
    assert made.attachments.count() == 0 and StoredFile.objects.count() == stored
    late = save_upload(actor=scene.founder, organisation=scene.firm, kind="document",
                       upload=SimpleUploadedFile("late.pdf", pdf("LATE")))
    response = client_for(scene.founder).post(f"/api/v1/service-requests/{made.pk}/attachments",
                                              content_type="application/json", data={"attachments": [str(late.pk)]},
                                              headers={"accept-language": "en"})
    assert response.status_code == 409 and "send further files in the messages" in response.json()["error"]["message"]
    assert made.attachments.count() == 0


def test_the_api_adds_the_firms_files_and_refuses_others(scene):
    made = _made(scene)
    mine = save_upload(actor=scene.founder, organisation=scene.firm, kind="document",
                       upload=SimpleUploadedFile("plan.pdf", pdf("API-ADDED-PLAN")))
    outsider_org = OrganisationFactory(city=scene.wuxi)
    theirs = save_upload(actor=MembershipFactory(organisation=outsider_org).user, organisation=outsider_org,
                         kind="document", upload=SimpleUploadedFile("theirs.pdf", pdf("THEIR-SECRET-8812")))
    url = f"/api/v1/service-requests/{made.pk}/attachments"
    founder = client_for(scene.founder)
    for ids in ([str(theirs.pk)], [str(mine.pk), str(theirs.pk)], ["not-a-file-id"], []):
        response = founder.post(url, content_type="application/json", data={"attachments": ids})
        assert response.status_code == (422 if not ids else 400), ids  # an empty list fails the schema
        assert "THEIR-SECRET-8812" not in response.content.decode() and "theirs.pdf" not in response.content.decode()
    assert made.attachments.count() == 0
    answer = founder.post(url, content_type="application/json", data={"attachments": [str(mine.pk)]})
    assert answer.status_code == 200
    assert [a["original_name"] for a in answer.json()["attachments"]] == ["plan.pdf"]
    again = founder.post(url, content_type="application/json", data={"attachments": [str(mine.pk)]})
    assert again.status_code == 400 and made.attachments.count() == 1  # already attached: nothing to add
    listed = client_for(scene.consultant).get(f"/api/v1/service-requests/{made.pk}").json()["attachments"]
    assert [a["id"] for a in listed] == [str(mine.pk)]
    five = [save_upload(actor=scene.founder, organisation=scene.firm, kind="document",
                        upload=SimpleUploadedFile(f"f{n}.pdf", pdf(str(n)))) for n in range(5)]
    over = founder.post(url, content_type="application/json", data={"attachments": [str(f.pk) for f in five]},
                        headers={"accept-language": "en"})
    assert over.status_code == 400 and "at most 5 files" in over.content.decode()
    assert made.attachments.count() == 1


def test_only_the_firm_adds_files_and_outsiders_learn_nothing(scene):
    made = _made(scene)
    url = f"/api/v1/service-requests/{made.pk}/attachments"
    page_url = f"/services/requests/{made.pk}/attachments/"
    other_provider = OrganisationFactory(city=scene.putuo)
    service_of(other_provider, cities=[scene.putuo], title_en="Another market entry")
    outsiders = [MembershipFactory(organisation=OrganisationFactory(city=scene.wuxi)).user,  # another firm
                 MembershipFactory(organisation=other_provider).user]  # another provider
    for user in outsiders:
        own = save_upload(actor=user, organisation=user.memberships.get().organisation, kind="document",
                          upload=SimpleUploadedFile("x.pdf", pdf("X")))
        assert client_for(user).post(url, content_type="application/json",
                                     data={"attachments": [str(own.pk)]}).status_code == 404
        assert client_for(user).post(page_url, {"attachments": [SimpleUploadedFile("x.pdf", pdf("X"))]}).status_code == 404
    # the provider and the operators see the request but do not add the firm's files
    for user in (scene.consultant, scene.putuo_operator, scene.wuxi_operator, UserFactory(is_platform_operator=True)):
        assert client_for(user).post(url, content_type="application/json", data={"attachments": ["x"]}).status_code == 403
        assert client_for(user).post(page_url, {"attachments": [SimpleUploadedFile("x.pdf", pdf("X"))]}).status_code == 403
    assert Client().post(url, content_type="application/json", data={"attachments": ["x"]}).status_code == 401
    assert Client().post(page_url).status_code == 302
    assert client_for(UserFactory()).post(f"/api/v1/service-requests/{made.pk + 999}/attachments",
                                          content_type="application/json", data={"attachments": ["x"]}).status_code == 404
    assert made.attachments.count() == 0


def test_files_added_to_an_unrouted_request_reach_the_provider_it_is_reassigned_to(scene):
    from innobelt.services.domain import reassign_request
    scene.service.is_active = False
    scene.service.save(update_fields=["is_active"])
    made = request_service(actor=scene.founder, firm=scene.firm, category="market_entry", need="Open an office.",
                           firm_city=scene.wuxi, target_city=scene.putuo)
    assert made.provider is None
    _add_on_the_page(scene.founder, made, SimpleUploadedFile("plan.pdf", pdf("WAITING-PLAN")))
    scene.service.is_active = True
    scene.service.save(update_fields=["is_active"])
    reassign_request(actor=scene.putuo_operator, request=made, service=scene.service, reason="Back in business.")
    added = made.attachments.get()
    download = client_for(scene.consultant).get(f"/services/requests/{made.pk}/attachments/{added.pk}/")
    assert download.status_code == 200 and b"WAITING-PLAN" in b"".join(download.streaming_content)
