from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """One run of an entry of the periodic schedule (settings.CELERY_BEAT_SCHEDULE), wherever it ran: on a
    Celery worker sent by beat, or in-process by `innobelt periodic`."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    task = models.CharField(max_length=200)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RUNNING)
    result = models.CharField(max_length=500, blank=True)  # the task's return value as text, or the error's class

    class Meta:
        indexes = [models.Index(fields=["task", "-started_at"])]
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task} {self.started_at:%Y-%m-%d %H:%M} {self.status}"
