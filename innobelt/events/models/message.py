"""A message an event's organiser wrote to its registrants (all of them, or a group)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventMessage(models.Model):
    class Audience(models.TextChoices):
        ACTIVE = "active", _("everyone registered, waiting or awaiting approval")
        CONFIRMED = "confirmed", _("people with a place")
        WAITLISTED = "waitlisted", _("people on the waiting list")
        PENDING = "pending", _("people awaiting approval")
        CHECKED_IN = "checked_in", _("people who were checked in")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="organiser_messages",
                              verbose_name=_("event"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("sent by"))
    audience = models.CharField(pgettext_lazy("message", "to"), max_length=12, choices=Audience.choices)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    #: the people it went to, fixed when it was sent (user ids)
    recipient_ids = models.JSONField(default=list, blank=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["event", "created_at"])]

    def __str__(self) -> str:
        return self.subject
