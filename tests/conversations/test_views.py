"""The pages: the list, a thread (reply with and without HTMX, attachments), "Contact" on a resource and a match."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from innobelt.conversations import domain
from innobelt.conversations.models import Message, Thread
from innobelt.matching.models import MatchFeedback
from innobelt.notifications.models import Notification
from tests.factories import UserFactory
from tests.files.helpers import png_bytes

pytestmark = pytest.mark.django_db


def client_for(user, **headers):
    client = Client(headers={"Accept-Language": "en", **headers})
    client.force_login(user)
    return client


def test_contact_the_owner_on_a_resource_page_opens_a_thread_once(scene):
    firm = client_for(scene.firm_member)
    page = BeautifulSoup(firm.get(f"/en/resources/{scene.resource.pk}/").content, "html.parser")
    form = page.find(id="contact-owner").find_parent("form")
    data = {i["name"]: i.get("value", "") for i in form.find_all("input")}
    assert data["about"] == f"resource:{scene.resource.pk}"
    response = firm.post(form["action"], data)
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/conversations/{thread.pk}/"
    assert (thread.starter, thread.recipient, thread.subject_title) == (scene.firm, scene.lab, "电子显微镜 / Electron microscope")
    assert firm.post(form["action"], data)["Location"] == f"/en/conversations/{thread.pk}/"  # the same thread again
    assert Thread.objects.count() == 1
    # the owner's own admin sees no button; a member of the owner is sent back with the reason
    owner_page = BeautifulSoup(client_for(scene.lab_admin).get(f"/en/resources/{scene.resource.pk}/").content, "html.parser")
    assert owner_page.find(id="contact-owner") is None
    lab = client_for(scene.lab_member)
    back = lab.post("/en/conversations/new/", data, follow=True)
    assert "You cannot start a conversation with your own organisation." in back.content.decode()
    assert back.redirect_chain[0][0] == f"/en/resources/{scene.resource.pk}/"


def test_contact_on_something_you_may_not_see_is_404(scene):
    from tests.factories import ResourceFactory

    draft = ResourceFactory(owner=scene.lab, status="draft", published_at=None)
    firm = client_for(scene.firm_member)
    assert firm.post("/conversations/new/", {"about": f"resource:{draft.pk}"}).status_code == 404
    assert firm.post("/conversations/new/", {"about": "not a reference"}).status_code == 404
    assert firm.post("/conversations/new/", {"about": f"organisation:{scene.lab.pk}", "organisation": scene.third.pk}).status_code == 404
    assert not Thread.objects.exists()


def test_reading_and_replying_without_javascript(scene):
    thread, _ = domain.contact(actor=scene.firm_member, about=f"resource:{scene.resource.pk}", body="May we use it next week?")
    lab = client_for(scene.lab_admin)
    listing = BeautifulSoup(lab.get("/en/conversations/").content, "html.parser")
    assert listing.find(id="unread-count").get_text(strip=True) == "1 conversation with unread messages"
    assert [r.find("a").get_text(strip=True) for r in listing.select("tr.thread-row")] == [scene.firm.name_en]
    page = lab.get(f"/en/conversations/{thread.pk}/")
    assert "May we use it next week?" in page.content.decode()
    assert "About: 电子显微镜 / Electron microscope" in page.content.decode()  # the title kept, in both languages
    listing = BeautifulSoup(lab.get("/en/conversations/").content, "html.parser")
    assert listing.find(id="unread-count").get_text(strip=True) == "0 conversations with unread messages"  # reading marked it read
    response = lab.post(f"/en/conversations/{thread.pk}/", {"body": "Tuesday at ten."})
    assert response.status_code == 302 and response["Location"] == f"/en/conversations/{thread.pk}/"
    assert [m.body for m in thread.messages.all()] == ["May we use it next week?", "Tuesday at ten."]
    assert {n.recipient for n in Notification.objects.filter(link=f"/conversations/{thread.pk}/")} >= {scene.firm_member, scene.firm_admin}
    empty = lab.post(f"/en/conversations/{thread.pk}/", {"body": ""})
    assert empty.status_code == 400 and "Write a message." in empty.content.decode()


def test_replying_with_htmx_swaps_the_conversation_and_attaches_a_file(scene):
    thread, _ = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab, body="Hello")
    lab = client_for(scene.lab_admin, **{"HX-Request": "true"})
    response = lab.post(f"/en/conversations/{thread.pk}/", {"body": "Our price list",
                                                           "attachment": SimpleUploadedFile("list.png", png_bytes(), content_type="image/png")})
    assert response.status_code == 200
    fragment = BeautifulSoup(response.content, "html.parser")
    assert fragment.find(id="conversation") is not None and fragment.find("html") is None
    message = Message.objects.get(body="Our price list")
    link = fragment.find("a", string="list.png")
    assert link["href"] == f"/en/conversations/{thread.pk}/attachments/{message.pk}/"
    # the firm reads the lab's file through the thread, though the file stays private to the lab
    firm = client_for(scene.firm_member)
    download = firm.get(link["href"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == png_bytes()
    assert firm.get(f"/files/{message.attachment_id}/").status_code in (403, 404)
    assert client_for(scene.outsider).get(link["href"]).status_code == 404
    bad = lab.post(f"/en/conversations/{thread.pk}/", {"body": "", "attachment": SimpleUploadedFile("x.pdf", b"MZ not a pdf")})
    assert bad.status_code == 200 and "content was checked" in bad.content.decode()


def test_outsiders_and_platform_operators_get_404(scene):
    thread, _ = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab, body="Private")
    for person in (scene.outsider, UserFactory(is_platform_operator=True, is_staff=True, is_superuser=True)):
        client = client_for(person)
        assert client.get(f"/conversations/{thread.pk}/").status_code == 404
        assert client.post(f"/conversations/{thread.pk}/", {"body": "in"}).status_code == 404
        assert "Private" not in client.get("/en/conversations/").content.decode()
    assert Message.objects.count() == 1


def test_contact_on_a_match_card_keeps_the_feedback_and_opens_the_thread(scene):
    firm = client_for(scene.firm_member)
    target = f"resource:{scene.resource.pk}"
    response = firm.post("/matching/feedback/", {"target": target, "action": "contact", "query": "microscope"})
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/conversations/{thread.pk}/"
    assert (thread.recipient, thread.subject_pk) == (scene.lab, str(scene.resource.pk))
    assert list(MatchFeedback.objects.values_list("user", "target", "action", "query")) == [
        (scene.firm_member.pk, target, "contact", "microscope")]
    htmx = client_for(scene.firm_member, **{"HX-Request": "true"}).post(
        "/matching/feedback/", {"target": f"organisation:{scene.lab.pk}", "action": "contact"})
    org_thread = Thread.objects.get(subject_app="")
    assert htmx.status_code == 200 and htmx["HX-Redirect"] == f"/conversations/{org_thread.pk}/"
    assert MatchFeedback.objects.count() == 2
    # no organisation to write for: the feedback is kept and the reason shown instead of "Noted."
    loner = client_for(UserFactory(), **{"HX-Request": "true"})
    answer = loner.post("/en/matching/feedback/", {"target": target, "action": "contact"})
    assert answer.status_code == 200 and "Join or register an organisation" in answer.content.decode()
    assert MatchFeedback.objects.count() == 3 and Thread.objects.count() == 2
