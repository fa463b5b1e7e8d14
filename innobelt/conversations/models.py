"""Message threads between two organisations, about something or about nothing in particular.

A thread's subject is a generic reference (app label, model, primary key) with the title it had
when the thread started, so a thread reads without importing the subject's app.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Thread(models.Model):
    starter = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="started_threads",
                                verbose_name=_("started by organisation"))
    recipient = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="received_threads",
                                  verbose_name=_("with organisation"))
    subject_app = models.CharField(max_length=50, blank=True)
    subject_model = models.CharField(max_length=50, blank=True)
    subject_pk = models.CharField(max_length=64, blank=True)
    subject_title = models.CharField(_("about"), max_length=300, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-created_at"]
        indexes = [models.Index(fields=["subject_app", "subject_model", "subject_pk"], name="thread_subject")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(starter=models.F("recipient")), name="thread_two_organisations"),
            # One open thread per pair of organisations (whichever started it) and subject: start_thread relies on it.
            models.UniqueConstraint(Least("starter", "recipient"), Greatest("starter", "recipient"), "subject_app",
                                    "subject_model", "subject_pk", condition=models.Q(closed_at__isnull=True),
                                    name="one_open_thread_per_pair"),
        ]

    def __str__(self) -> str:
        return self.subject_title or f"{self.starter} – {self.recipient}"

    def get_absolute_url(self) -> str:
        return reverse("conversations:thread", kwargs={"thread_id": self.pk})

    def other_party(self, organisation_id: int):
        return self.recipient if organisation_id == self.starter_id else self.starter


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"))
    attachment = models.ForeignKey("files.StoredFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("attachment"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class ReadMarker(models.Model):
    """How far one person has read a thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_markers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="one_read_marker_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id} at {self.last_read_at:%Y-%m-%d %H:%M}"
