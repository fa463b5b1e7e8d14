"""Permission rows of the conversations app (loaded by tests/test_permission_matrix.py and test_id_guessing.py).

The world: org B's admin opened a thread with org A (no subject) and wrote in it with a PNG attached.
Only the two organisations' members read or write it (member, admin_a, admin_b); operators, even
platform operators, get 404 like anyone guessing ids. Starting a thread about org A's published
resource (`resource:<pub>`) is for members of another organisation: org A's own people and operators
without an organisation are refused (400).
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from innobelt.conversations import domain
from innobelt.conversations.models import Message
from tests.files.helpers import png_bytes

L = "login"
ROLES = ["anonymous", "member", "admin_a", "admin_b", "operator_w", "operator_x", "platform"]


def row(*outcomes):
    return dict(zip(ROLES, outcomes, strict=True))


def signed_in(status, anonymous=L):
    return row(anonymous, *[status] * 6)


def extend_world(world):
    thread, _ = domain.start_thread(actor=world.users["admin_b"], from_org=world.org_b, to_org=world.org_a, body="Hello from B")
    message = domain.post_message(actor=world.users["admin_b"], thread=thread, body="The plan",
                                  upload=SimpleUploadedFile("plan.png", png_bytes(), content_type="image/png"))
    world.extra.update(thread=thread, thread_message=message)


def _t(world):
    return world.extra["thread"].pk


PARTIES = row(L, 200, 200, 200, 404, 404, 404)

PAGES = {
    "conversations:list": ("get", lambda w: "/conversations/", None, signed_in(200)),
    "conversations:thread": ("get", lambda w: f"/conversations/{_t(w)}/", None, PARTIES),
    "conversations:attachment": ("get", lambda w: f"/conversations/{_t(w)}/attachments/{w.extra['thread_message'].pk}/", None, PARTIES),
    # every signed-in person is sent on: to the thread, or back with the reason (own organisation, no organisation)
    "conversations:start": ("post", lambda w: "/conversations/new/", lambda w: {"about": f"resource:{w.extra['pub'].pk}"}, signed_in(302)),
}

API = {
    "GET /api/v1/conversations": (None, signed_in(200, 401)),
    "GET /api/v1/conversations/{thread_id}": (lambda w: (f"/api/v1/conversations/{_t(w)}", None), row(401, 200, 200, 200, 404, 404, 404)),
    "POST /api/v1/conversations/{thread_id}/messages": (lambda w: (f"/api/v1/conversations/{_t(w)}/messages", {"body": "Noted"}),
                                                        row(401, 201, 201, 201, 404, 404, 404)),
    "POST /api/v1/conversations": (lambda w: ("/api/v1/conversations", {"about": f"resource:{w.extra['pub'].pk}", "body": "Hi"}),
                                   row(401, 400, 400, 201, 400, 400, 400)),
}


def _secret_thread(world):
    """A thread between org A and a third organisation: org B's admin (the outsider) guesses its ids."""
    from tests.factories import OrganisationFactory

    third = OrganisationFactory(slug="org-third")
    thread, _ = domain.start_thread(actor=world.users["admin_a"], from_org=world.org_a, to_org=third, body="SECRET-BODY-4471")
    message = domain.post_message(actor=world.users["admin_a"], thread=thread, body="SECRET-BODY-4471 again",
                                  upload=SimpleUploadedFile("secret.png", png_bytes(), content_type="image/png"))
    return thread, message


def secret_thread(world):
    thread, message = _secret_thread(world)
    return [("get", f"/conversations/{thread.pk}/"), ("post", f"/conversations/{thread.pk}/"), ("get", "/conversations/"),
            ("get", f"/conversations/{thread.pk}/attachments/{message.pk}/"),
            ("get", f"/api/v1/conversations/{thread.pk}"), ("get", "/api/v1/conversations"),
            ("post", f"/api/v1/conversations/{thread.pk}/messages", {"body": "let me in"})], "SECRET-BODY-4471"


def secret_message(world):
    thread, message = _secret_thread(world)
    assert Message.objects.filter(pk=message.pk).exists()
    return [("get", f"/conversations/{thread.pk}/attachments/{message.pk}/"), ("get", f"/api/v1/conversations/{thread.pk}"),
            ("get", f"/files/{message.attachment_id}/"), ("get", f"/api/v1/files/{message.attachment_id}")], message.attachment.sha256


PRIVATE_PROBES = {
    "conversations.thread": secret_thread,
    "conversations.message": secret_message,
}
NOT_EXPOSED = {
    "conversations.readmarker": "never addressed by id; only counted into the caller's own unread figures",
}
