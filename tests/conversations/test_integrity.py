"""Review gaps: reading marks only what was shown; a failed message leaves no file behind; one open thread
per pair and subject is a constraint of the database (and the migration closes older duplicates first)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models.signals import pre_save
from django.test import Client
from django.utils import timezone

from innobelt.conversations import domain, queries
from innobelt.conversations.models import Message, ReadMarker, Thread
from innobelt.files.domain import storage_root
from innobelt.files.models import StoredFile
from tests.factories import OrganisationFactory
from tests.files.helpers import png_bytes


def unread(person, thread) -> int:
    return next(t.unread for t in queries.threads_for(person) if t.pk == thread.pk)


@pytest.mark.django_db
def test_reading_marks_up_to_the_message_shown_not_one_written_meanwhile(scene):
    thread, _ = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab, body="First")
    shown = list(queries.messages_of(thread))  # the lab's page is made with "First" ...
    domain.post_message(actor=scene.firm_admin, thread=thread, body="Second")  # ... while the firm writes again
    domain.mark_read(actor=scene.lab_admin, thread=thread, up_to=shown[-1])
    assert unread(scene.lab_admin, thread) == 1  # "Second" was never shown: still unread
    domain.mark_read(actor=scene.lab_admin, thread=thread, up_to=thread.messages.last())
    assert unread(scene.lab_admin, thread) == 0
    domain.mark_read(actor=scene.lab_admin, thread=thread, up_to=shown[-1])  # an older page opened later
    assert unread(scene.lab_admin, thread) == 0  # the marker never moves back
    other, _ = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab, subject=scene.resource,
                                   body="Elsewhere")
    with pytest.raises(ValidationError):
        domain.mark_read(actor=scene.lab_admin, thread=thread, up_to=other.messages.get())
    before = ReadMarker.objects.filter(user=scene.lab_admin).count()
    domain.mark_read(actor=scene.lab_admin, thread=other, up_to=None)  # nothing shown, nothing read
    assert ReadMarker.objects.filter(user=scene.lab_admin).count() == before and unread(scene.lab_admin, other) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/conversations/{pk}/", "/api/v1/conversations/{pk}"])
def test_the_page_and_the_api_read_up_to_the_last_message_they_answer(scene, path):
    thread, _ = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab, body="First")
    client = Client()
    client.force_login(scene.lab_admin)
    assert client.get(path.format(pk=thread.pk)).status_code == 200
    marker = ReadMarker.objects.get(user=scene.lab_admin, thread=thread)
    assert marker.last_read_at == thread.messages.get().created_at  # the last message shown, not the clock


def _fail_on_message_save(sender, **kwargs):
    raise IntegrityError("the database refused the message")


def stored_bytes() -> set:
    root = storage_root()
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.mark.django_db
def test_a_message_that_fails_after_its_file_was_stored_leaves_no_bytes_behind(scene):
    thread, _ = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab)
    before = stored_bytes()
    pre_save.connect(_fail_on_message_save, sender=Message)  # a failure after save_upload, inside the transaction
    try:
        with pytest.raises(IntegrityError):
            domain.post_message(actor=scene.firm_member, thread=thread, body="Plan attached",
                                upload=SimpleUploadedFile("plan.png", png_bytes(), content_type="image/png"))
    finally:
        pre_save.disconnect(_fail_on_message_save, sender=Message)
    assert not StoredFile.objects.exists() and not Message.objects.exists()
    assert stored_bytes() == before
    message = domain.post_message(actor=scene.firm_member, thread=thread, body="Plan attached",
                                  upload=SimpleUploadedFile("plan.png", png_bytes(), content_type="image/png"))
    assert len(stored_bytes() - before) == 1 and message.attachment is not None  # the working path still stores it


@pytest.mark.django_db
def test_one_open_thread_per_pair_and_subject_is_a_database_constraint(scene):
    Thread.objects.create(starter=scene.firm, recipient=scene.lab)
    for starter, recipient in ((scene.firm, scene.lab), (scene.lab, scene.firm)):  # whichever started it
        with pytest.raises(IntegrityError), transaction.atomic():
            Thread.objects.create(starter=starter, recipient=recipient)
    Thread.objects.create(starter=scene.lab, recipient=scene.firm, subject_app="resources", subject_model="resource",
                          subject_pk=str(scene.resource.pk))  # another subject
    Thread.objects.create(starter=scene.firm, recipient=scene.third)  # another pair
    Thread.objects.filter(starter=scene.firm, recipient=scene.lab).update(closed_at=timezone.now())
    Thread.objects.create(starter=scene.lab, recipient=scene.firm)  # once closed, a new one may open
    thread, created = domain.start_thread(actor=scene.firm_member, from_org=scene.firm, to_org=scene.lab)
    assert not created and thread.starter == scene.lab and thread.closed_at is None


@pytest.mark.django_db(transaction=True)
def test_the_migration_closes_duplicate_open_threads_before_adding_the_constraint():
    executor = MigrationExecutor(connection)
    executor.migrate([("conversations", "0001_initial")])
    try:
        old = MigrationExecutor(connection).loader.project_state(("conversations", "0001_initial")).apps
        OldThread = old.get_model("conversations", "Thread")
        a, b, c = (OrganisationFactory() for _ in range(3))
        first = OldThread.objects.create(starter_id=a.pk, recipient_id=b.pk)
        twin = OldThread.objects.create(starter_id=b.pk, recipient_id=a.pk)  # the same pair, started the other way
        other = OldThread.objects.create(starter_id=a.pk, recipient_id=c.pk)
        subject = OldThread.objects.create(starter_id=a.pk, recipient_id=b.pk, subject_app="resources",
                                           subject_model="resource", subject_pk="5")
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    closed = dict(Thread.objects.values_list("pk", "closed_at"))
    assert closed[first.pk] is None and closed[other.pk] is None and closed[subject.pk] is None
    assert closed[twin.pk] is not None  # the younger duplicate is closed, not deleted
