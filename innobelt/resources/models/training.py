"""Who is trained on which instrument, and requests for training (thin; domain/training.py makes them).

A resource with `training_required` refuses bookings by people without a valid training record
(docs/adr/0303-training-check-in-no-shows.md).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TrainingRecord(models.Model):
    """One person trained on one instrument: by whom, when, until when (blank: no expiry)."""

    resource = models.ForeignKey("resources.Resource", on_delete=models.CASCADE, related_name="training_records", verbose_name=_("equipment"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_trainings", verbose_name=_("trained person")
    )
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("trained by")
    )
    trained_on = models.DateField(_("trained on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Blank: the training does not expire."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["resource", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "person"], name="one_training_record_per_person_and_resource"),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=models.F("trained_on")),
                name="training_expires_after_it_was_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.resource_id}"

    def is_valid_on(self, day) -> bool:
        return self.trained_on <= day and (self.expires_on is None or day <= self.expires_on)


class TrainingRequest(models.Model):
    """A person asks to be trained; the owner schedules the session as a booking of its own, then records the training."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        SCHEDULED = "scheduled", _("session scheduled")
        TRAINED = "trained", _("trained")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    OPEN = (Status.REQUESTED, Status.SCHEDULED)

    resource = models.ForeignKey("resources.Resource", on_delete=models.CASCADE, related_name="training_requests", verbose_name=_("equipment"))
    access_request = models.ForeignKey(
        "resources.AccessRequest", on_delete=models.CASCADE, related_name="training_requests", verbose_name=_("access request")
    )
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_training_requests", verbose_name=_("person to train")
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    session = models.OneToOneField(
        "resources.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="training_request", verbose_name=_("training session")
    )
    answer = models.CharField(_("owner's answer"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("training request")
        verbose_name_plural = _("training requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "person"], condition=models.Q(status__in=["requested", "scheduled"]), name="one_open_training_request_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.resource_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("resources:training", kwargs={"pk": self.resource_id})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN
