"""Background imports: take an upload, run it as a job, report progress and the outcome (ADR 0010)."""

from __future__ import annotations

import logging
import secrets
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.imports.models import ImportJob
from innobelt.imports.pipeline import Outcome, execute_import
from innobelt.imports.registry import importer_for
from innobelt.imports.tasks import task_run_import
from innobelt.tabular_import import ImportRejected, RowError, check_filename, check_size, max_bytes

if TYPE_CHECKING:
    import uuid

    from django.core.files.uploadedfile import UploadedFile

    from innobelt.accounts.models import User

log = logging.getLogger(__name__)
MAX_LISTED_ERRORS = 1000  # errors kept on a job; error_count has them all
MAX_KEY_LENGTH = 100


def import_dir() -> Path:
    """Where queued uploads wait on the embedded default (files under MEDIA_ROOT)."""
    return Path(settings.MEDIA_ROOT) / "imports"


def _stored_name(storage_name: str) -> str:
    """The queued upload's name in the default storage (a private object in the bucket in production, so
    that a worker on another machine reads it)."""
    return f"imports/{storage_name}"


def start_import(*, actor: User, kind: str, upload: UploadedFile, params: dict[str, Any] | None = None,
                 idempotency_key: str = "") -> tuple[ImportJob, bool]:
    """Queue an import of `upload` (a Django UploadedFile) by `actor`; return (job, created).

    The request does no more than this: check the permission, the name and the size, store the file
    privately and queue the job; `task_run_import` does the rest after commit. A second call by the
    same person with the same `idempotency_key` returns the first job (created False) and imports
    nothing. Raises PermissionDenied, ImportRejected (nothing stored) or ValidationError (a key used
    for another kind of import).
    Side effects: a file in the storage under imports/, an ImportJob, an audit entry, the task queued.
    """
    params = params or {}
    importer = importer_for(kind)
    importer.authorise(actor=actor, params=params)
    key = idempotency_key.strip()
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationError({"idempotency_key": _("The idempotency key is longer than %(n)d characters.") % {"n": MAX_KEY_LENGTH}})
    if key and (existing := _same_key(actor, key, kind)) is not None:
        return existing, False
    name = Path(upload.name or "upload.csv").name[:200]
    check_filename(name)
    check_size(upload.size)
    data = upload.read(max_bytes() + 1)
    check_size(len(data))
    storage_name = secrets.token_hex(20)
    storages["default"].save(_stored_name(storage_name), ContentFile(data))  # private: served by nothing
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(kind=kind, params=params, requested_by=actor, language=translation.get_language() or
                                           settings.LANGUAGE_CODE, idempotency_key=key, original_name=name,
                                           storage_name=storage_name, size=len(data))
            record_action(actor=actor, action="import.requested", target=job, data={"kind": kind, "file": name, "size": len(data)})
            if not settings.IMPORTS_RUN_INLINE:
                _enqueue(job.pk)
    except IntegrityError:
        storages["default"].delete(_stored_name(storage_name))
        existing = _same_key(actor, key, kind) if key else None
        if existing is None:
            raise
        return existing, False  # the same key sent twice at the same moment
    except BaseException:
        storages["default"].delete(_stored_name(storage_name))
        raise
    if settings.IMPORTS_RUN_INLINE:  # tests: the job runs now, after its row is written
        job = run_import(job_id=job.pk)
    return job, True


def _same_key(actor: User, key: str, kind: str) -> ImportJob | None:
    job = ImportJob.objects.filter(requested_by=actor, idempotency_key=key).first()
    if job is not None and job.kind != kind:
        raise ValidationError({"idempotency_key": _("This idempotency key was used for another import.")})
    return job


def _enqueue(job_id: uuid.UUID | str) -> None:
    """After commit: a Celery worker in production; on the embedded default (eager Celery) a daemon
    thread of this process, so the request never waits for the import."""
    def go() -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            threading.Thread(target=_run_in_thread, args=(str(job_id),), name=f"import-{job_id}", daemon=True).start()
        else:
            task_run_import.delay(str(job_id))

    transaction.on_commit(go)


def _run_in_thread(job_id: str) -> None:
    try:
        task_run_import(job_id)
    finally:
        connections.close_all()  # this thread's connections; nobody else closes them


def run_import(*, job_id: uuid.UUID | str) -> ImportJob:
    """Do a queued import: check every row (progress on the job), then write them all in one short
    transaction, or nothing. The outcome (done with the ids, or failed with every bad row) is on
    the job; the stored file is deleted either way.
    Side effects: the imported rows, audit entries, progress updates on the job.
    """
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.VALIDATING, started_at=timezone.now())
    job = ImportJob.objects.select_related("requested_by").get(pk=job_id)
    if not claimed:
        return job  # done by another worker, or not queued
    name = _stored_name(job.storage_name)
    with translation.override(job.language):
        try:
            importer = importer_for(job.kind)
            importer.authorise(actor=job.requested_by, params=job.params)  # rights may have changed since the upload
            execute_import(importer=importer, actor=job.requested_by, params=job.params, data=_read(name),
                           filename=job.original_name, progress=lambda phase, n, total: _progress(job, phase, n, total),
                           on_applied=lambda outcome: _done(job, outcome))
        except ImportRejected as exc:
            _fail(job, exc.errors)
        except (PermissionDenied, Http404):
            _fail(job, [RowError(0, "", _("You are no longer allowed to import this."))])
        except (IntegrityError, DatabaseError):
            log.warning("import %s: writing failed", job_id, exc_info=True)
            _fail(job, [RowError(0, "", _("Saving failed because the data changed meanwhile; nothing was imported. Please try again."))])
        except Exception:  # a job must never stay active
            log.exception("import %s failed", job_id)
            _fail(job, [RowError(0, "", _("The import failed unexpectedly; nothing was imported."))])
        finally:
            storages["default"].delete(name)
            ImportJob.objects.filter(pk=job.pk).update(storage_name="")
    job.refresh_from_db()
    return job


def _read(name: str) -> bytes:
    with storages["default"].open(name, "rb") as handle:
        data: bytes = handle.read()
    return data


def _progress(job: ImportJob, phase: str, checked: int, total: int | None) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=phase, checked_rows=checked, total_rows=total)


def _done(job: ImportJob, outcome: Outcome) -> None:
    ids = [obj.pk for obj in outcome.created]
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, imported_count=len(ids), result={"ids": ids}, apply_seconds=round(outcome.apply_seconds, 3),
        finished_at=timezone.now())


def _fail(job: ImportJob, errors: list[RowError]) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED, errors=[e.as_dict() for e in errors[:MAX_LISTED_ERRORS]], error_count=len(errors),
        finished_at=timezone.now())
