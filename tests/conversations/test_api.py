"""API flows: starting (201, then 200 for the open thread), reading marks read, writing with a file, errors, match contact."""

import pytest
from django.test import Client

from innobelt.conversations import domain
from innobelt.conversations.models import Thread
from innobelt.matching.models import MatchFeedback
from tests.factories import UserFactory
from tests.files.helpers import png_bytes

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def test_start_read_and_write_a_thread(scene):
    firm, lab = client_for(scene.firm_member), client_for(scene.lab_admin)
    about = f"resource:{scene.resource.pk}"
    started = firm.post("/api/v1/conversations", {"about": about, "body": "Is it free in May?"}, content_type="application/json")
    assert started.status_code == 201, started.content
    thread = started.json()
    assert (thread["starter"]["slug"], thread["recipient"]["slug"], thread["subject"], thread["url"]) == (
        scene.firm.slug, scene.lab.slug,
        {"app": "resources", "model": "resource", "id": str(scene.resource.pk), "title": "电子显微镜 / Electron microscope"},
        f"/en/conversations/{thread['id']}/")  # links in the language asked for
    again = firm.post("/api/v1/conversations", {"about": about}, content_type="application/json")
    assert (again.status_code, again.json()["id"]) == (200, thread["id"])
    assert [(t["id"], t["unread"]) for t in lab.get("/api/v1/conversations").json()] == [(thread["id"], 1)]
    detail = lab.get(f"/api/v1/conversations/{thread['id']}").json()
    assert [(m["author_organisation"]["slug"], m["body"]) for m in detail["messages"]] == [(scene.firm.slug, "Is it free in May?")]
    assert [(t["id"], t["unread"]) for t in lab.get("/api/v1/conversations").json()] == [(thread["id"], 0)]  # read now
    upload = lab.post("/api/v1/files", {"organisation": scene.lab.slug, "kind": "photo",
                                        "file": _png_file()})
    assert upload.status_code == 201, upload.content
    reply = lab.post(f"/api/v1/conversations/{thread['id']}/messages", {"body": "Yes; see the calendar.", "attachment": upload.json()["id"]},
                     content_type="application/json")
    assert reply.status_code == 201, reply.content
    body = reply.json()
    assert (body["author_organisation"]["slug"], body["attachment"]["original_name"]) == (scene.lab.slug, "calendar.png")
    download = firm.get(body["attachment"]["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == png_bytes()


def _png_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("calendar.png", png_bytes(), content_type="image/png")


def test_errors_have_the_one_shape(scene):
    thread, _ = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab, body="Hi")
    outsider = client_for(scene.outsider)
    for response in (outsider.get(f"/api/v1/conversations/{thread.pk}"),
                     outsider.post(f"/api/v1/conversations/{thread.pk}/messages", {"body": "in"}, content_type="application/json"),
                     client_for(scene.firm_member).post("/api/v1/conversations", {"about": "resource:999999"}, content_type="application/json")):
        assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")
    lab = client_for(scene.lab_member)
    own = lab.post("/api/v1/conversations", {"about": f"resource:{scene.resource.pk}"}, content_type="application/json")
    assert own.status_code == 400 and own.json()["error"]["fields"] == [
        {"field": "organisation", "message": "You cannot start a conversation with your own organisation."}]
    empty = lab.post(f"/api/v1/conversations/{thread.pk}/messages", {"body": " "}, content_type="application/json")
    assert empty.status_code == 400 and empty.json()["error"]["fields"][0]["field"] == "body"
    bad = lab.post("/api/v1/conversations", {"about": "resource"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "about"
    not_mine = lab.post("/api/v1/conversations", {"about": f"organisation:{scene.firm.pk}", "organisation": scene.third.slug},
                        content_type="application/json")
    assert not_mine.status_code == 400
    # a file of another organisation (or one you may not see) cannot be attached
    firms_file = client_for(scene.firm_admin).post("/api/v1/files", {"organisation": scene.firm.slug, "kind": "photo", "file": _png_file()})
    theirs = lab.post(f"/api/v1/conversations/{thread.pk}/messages", {"body": "x", "attachment": firms_file.json()["id"]},
                      content_type="application/json")
    assert theirs.status_code == 400 and theirs.json()["error"]["fields"][0]["field"] == "attachment"
    assert thread.messages.count() == 1


def test_contact_through_the_matching_api_returns_the_thread(scene):
    firm = client_for(scene.firm_member)
    response = firm.post("/api/v1/matches/feedback", {"target": f"resource:{scene.resource.pk}", "action": "contact", "rank": 2},
                         content_type="application/json")
    assert response.status_code == 200, response.content
    thread = Thread.objects.get()
    assert response.json()["thread_id"] == thread.pk and thread.recipient == scene.lab
    saved = firm.post("/api/v1/matches/feedback", {"target": f"resource:{scene.resource.pk}", "action": "save"},
                      content_type="application/json")
    assert saved.json()["thread_id"] is None
    assert MatchFeedback.objects.filter(action="contact", rank=2).count() == 1
    loner = client_for(UserFactory()).post("/api/v1/matches/feedback", {"target": f"resource:{scene.resource.pk}", "action": "contact"},
                                           content_type="application/json")
    assert loner.status_code == 400 and loner.json()["error"]["fields"][0]["field"] == "organisation"
