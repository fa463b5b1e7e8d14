import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.kit.background_runs import BackgroundRun


class ImportJob(BackgroundRun, models.Model):
    """One upload being imported in the background: all of its rows or none (ADR 0010).

    The uploaded file waits under MEDIA_ROOT/imports/ (never served) until the job ends.
    `kind` names an importer in innobelt.imports.registry; `params` are what it needs
    (the owner organisation's id for equipment). Errors are stored as shown: line, column and
    message in the language of the person who uploaded the file.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        VALIDATING = "validating", _("checking rows")
        STAGING = "staging", _("preparing rows")
        APPLYING = "applying", _("saving")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    ACTIVE = (Status.QUEUED, Status.VALIDATING, Status.STAGING, Status.APPLYING)
    FINISHED = (Status.DONE,)
    LAST_STEP = (Status.STAGING, Status.APPLYING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("requested by"))
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    idempotency_key = models.CharField(max_length=100, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    storage_name = models.CharField(max_length=80, blank=True)  # under MEDIA_ROOT/imports/; empty once the job ended
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)  # an estimate until every row was read
    checked_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    imported_count = models.PositiveIntegerField(_("imported"), default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"line", "column", "message"}], at most MAX_LISTED_ERRORS
    error_count = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)  # {"ids": [...]} when done
    apply_seconds = models.FloatField(null=True, blank=True)  # how long the writing transaction took
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["requested_by", "idempotency_key"], condition=~Q(idempotency_key=""),
                                    name="import_job_idempotency_key_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("imports:job", kwargs={"job_id": self.pk})

    def progress(self) -> tuple[str, int, int | None]:
        """For the bar (kit.background_runs): checking the rows is the first 80 %, saving them the rest."""
        return self.status, self.checked_rows, self.total_rows
