"""Starting threads, writing in them, reading them: rules, reuse, audit, notifications, attachments."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from innobelt.audit.models import AuditEntry
from innobelt.conversations import domain, queries
from innobelt.conversations.models import Message, Thread
from innobelt.files.domain import save_upload
from innobelt.notifications.models import Notification
from tests.factories import MembershipFactory, ResourceFactory, UserFactory
from tests.files.helpers import png_bytes

pytestmark = pytest.mark.django_db


def test_starting_a_thread_with_a_first_message_tells_the_other_organisations_active_members(scene):
    sleeper = MembershipFactory(organisation=scene.lab, user=UserFactory(is_active=False)).user
    thread, created = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab, subject=scene.resource,
                                          body="May we use it next week?")
    assert created
    assert (thread.starter, thread.recipient, thread.subject_app, thread.subject_model, thread.subject_pk) == (
        scene.firm, scene.lab, "resources", "resource", str(scene.resource.pk))
    assert [(m.author, m.author_organisation, m.body) for m in thread.messages.all()] == [
        (scene.firm_member, scene.firm, "May we use it next week?")]
    notified = {n.recipient: n for n in Notification.objects.filter(kind="conversation.message")}
    assert set(notified) == {scene.lab_admin, scene.lab_member}  # not the inactive one, not the writer's own organisation
    assert sleeper not in notified
    assert notified[scene.lab_admin].subject == f"来自{scene.firm.name_zh}的新消息"  # in the recipient's language
    assert notified[scene.lab_admin].link == f"/conversations/{thread.pk}/"
    assert "May we use it next week?" in notified[scene.lab_admin].body
    assert list(AuditEntry.objects.filter(target_id=str(thread.pk)).values_list("action", flat=True).order_by("pk")) == [
        "conversation.started", "conversation.message_posted"]


def test_without_a_body_nothing_is_posted_and_nobody_is_told(scene):
    thread, created = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab)
    assert created and thread.subject_title == "" and thread.subject_app == ""
    assert not Message.objects.exists() and not Notification.objects.exists()


def test_an_open_thread_on_the_same_subject_is_reused_whoever_starts(scene):
    first, _ = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab, subject=scene.resource)
    again, created = domain.start_thread(actor=scene.firm_admin, from_org=scene.firm, to_org=scene.lab, subject=scene.resource, body="Hello")
    reverse, reverse_created = domain.start_thread(actor=scene.lab_admin, from_org=scene.lab, to_org=scene.firm, subject=scene.resource)
    assert (again, created, reverse, reverse_created) == (first, False, first, False)
    other, other_created = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab,
                                               subject=ResourceFactory(owner=scene.lab))
    general, general_created = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab)
    assert other_created and general_created and len({first.pk, other.pk, general.pk}) == 3
    Thread.objects.filter(pk=first.pk).update(closed_at=first.created_at)
    fresh, fresh_created = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab, subject=scene.resource)
    assert fresh_created and fresh.pk != first.pk


def test_only_members_start_for_their_organisation_and_never_with_it(scene):
    with pytest.raises(PermissionDenied):
        domain.start_thread(actor=scene.outsider, from_org=scene.firm, to_org=scene.lab)
    with pytest.raises(ValidationError):
        domain.start_thread(actor=scene.lab_admin, from_org=scene.lab, to_org=scene.lab)
    scene.firm_member.is_active = False
    scene.firm_member.save()
    with pytest.raises(PermissionDenied):
        domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab)
    assert not Thread.objects.exists()


def test_only_the_two_organisations_active_members_write(scene):
    thread, _ = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab)
    platform = UserFactory(is_platform_operator=True, is_staff=True, is_superuser=True)
    for person in (scene.outsider, platform):
        with pytest.raises(PermissionDenied):
            domain.post_message(actor=person, thread=thread, body="Let me in")
        with pytest.raises(PermissionDenied):
            domain.mark_read(actor=person, thread=thread, up_to=None)
    reply = domain.post_message(actor=scene.lab_member, thread=thread, body="Yes, Tuesday.")
    assert reply.author_organisation == scene.lab
    assert {n.recipient for n in Notification.objects.all()} == {scene.firm_admin, scene.firm_member}
    scene.lab_member.is_active = False
    scene.lab_member.save()
    with pytest.raises(PermissionDenied):
        domain.post_message(actor=scene.lab_member, thread=thread, body="Still here?")


def test_a_message_needs_words_or_a_file_and_not_too_many_words(scene):
    thread, _ = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab)
    with pytest.raises(ValidationError):
        domain.post_message(actor=scene.firm_member, thread=thread, body="   ")
    with pytest.raises(ValidationError):
        domain.post_message(actor=scene.firm_member, thread=thread, body="x" * (domain.MAX_BODY + 1))
    assert not Message.objects.exists()


def test_attachments_are_files_of_the_writers_organisation(scene):
    thread, _ = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab)
    message = domain.post_message(actor=scene.firm_member, thread=thread, body="",
                                  upload=SimpleUploadedFile("plan.png", png_bytes(), content_type="image/png"))
    assert (message.attachment.organisation, message.attachment.kind, message.attachment.is_public) == (scene.firm, "photo", False)
    labs_file = save_upload(actor=scene.lab_admin, organisation=scene.lab, kind="photo",
                            upload=SimpleUploadedFile("lab.png", png_bytes(), content_type="image/png"))
    with pytest.raises(ValidationError):
        domain.post_message(actor=scene.firm_member, thread=thread, body="theirs", attachment=labs_file)
    with pytest.raises(ValidationError):  # checked by content, not by name
        domain.post_message(actor=scene.firm_member, thread=thread, body="",
                            upload=SimpleUploadedFile("run.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"))


def test_contact_finds_whom_to_write_to(scene):
    thread, created = domain.contact(actor=scene.firm_member, about=f"resource:{scene.resource.pk}")
    assert created and (thread.starter, thread.recipient, thread.subject_pk) == (scene.firm, scene.lab, str(scene.resource.pk))
    assert thread.subject_title == "电子显微镜 / Electron microscope"
    org_thread, _ = domain.contact(actor=scene.firm_member, about=f"organisation:{scene.lab.pk}")
    assert (org_thread.recipient, org_thread.subject_app) == (scene.lab, "")
    draft = ResourceFactory(owner=scene.lab, status="draft", published_at=None)
    for about in (f"resource:{draft.pk}", "resource:999999", "resource:x", "nothing:1", "organisation:999999"):
        with pytest.raises(domain.NotFound):
            domain.contact(actor=scene.firm_member, about=about)
    with pytest.raises(ValidationError, match="不能与本机构"):
        domain.contact(actor=scene.lab_member, about=f"resource:{scene.resource.pk}")
    with pytest.raises(ValidationError, match="加入或登记"):
        domain.contact(actor=UserFactory(), about=f"resource:{scene.resource.pk}")


def test_the_list_puts_unread_threads_first_and_counts_them(scene):
    quiet, _ = domain.start_thread(actor=scene.lab_admin, from_org=scene.lab, to_org=scene.firm, body="Read this one")
    busy, _ = domain.start_thread(actor=scene.lab_admin, from_org=scene.lab, to_org=scene.firm, subject=scene.resource, body="One")
    domain.post_message(actor=scene.lab_member, thread=busy, body="Two")
    domain.post_message(actor=scene.firm_member, thread=quiet, body="Answered")
    empty, _ = domain.start_thread(actor=scene.lab_admin, from_org=scene.lab, to_org=scene.firm, subject=ResourceFactory(owner=scene.lab))
    listed = list(queries.threads_for(scene.firm_admin))
    assert [(t.pk, t.unread) for t in listed] == [(quiet.pk, 2), (busy.pk, 2)]  # the empty one the lab started is not shown to the firm
    domain.mark_read(actor=scene.firm_admin, thread=quiet, up_to=quiet.messages.last())
    assert [(t.pk, t.unread) for t in queries.threads_for(scene.firm_admin)] == [(busy.pk, 2), (quiet.pk, 0)]
    assert [(t.pk, t.unread) for t in queries.threads_for(scene.firm_member)] == [(busy.pk, 2), (quiet.pk, 0)]  # replying reads what came before
    assert queries.unread_thread_count(scene.firm_member) == 1
    assert {t.pk for t in queries.threads_for(scene.lab_admin)} == {quiet.pk, busy.pk, empty.pk}
    assert list(queries.threads_for(scene.outsider)) == []
