"""A person's registration for an event, and the answers to the organiser's questions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.bilingual import pick


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        CONFIRMED = "confirmed", _("registered")
        WAITLISTED = "waitlisted", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")
        REJECTED = "rejected", _("not accepted")

    #: a person has at most one registration per event in these states
    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations",
                             verbose_name=_("person"))
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="event_registrations",
        verbose_name=_("for the organisation"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, db_index=True)
    #: typed at the door when the QR code cannot be scanned; unique per event
    code = models.CharField(_("check-in code"), max_length=8)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    waitlisted_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["event", "status", "waitlisted_at"])]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="one_check_in_code_per_event"),
            models.UniqueConstraint(fields=["event", "user"], condition=models.Q(status__in=["pending", "confirmed", "waitlisted"]),
                                    name="one_active_registration_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("events:registration", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class Answer(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers", verbose_name=_("registration"))
    question = models.ForeignKey("events.Question", on_delete=models.CASCADE, related_name="answers", verbose_name=_("question"))
    value = models.TextField(_("answer"), blank=True)
    #: for a choice question: the position of the chosen option (value keeps its text as shown then)
    option = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__position", "question_id"]
        constraints = [models.UniqueConstraint(fields=["registration", "question"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The answer in the active language where the question still has that option."""
        options = self.question.options
        if self.option is not None and self.option < len(options):
            return pick(options[self.option].get("zh", ""), options[self.option].get("en", ""))
        return self.value
