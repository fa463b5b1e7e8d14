"""The booking waitlist and slots released by no-shows (thin; domain/checkin.py makes them).

A confirmed booking not checked in within the grace period becomes a no-show; what is left of its
period is a ReleasedSlot offered to the waitlist of the instrument, and the first waiting person to
accept takes it as a booking of their own (docs/adr/0303-training-check-in-no-shows.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.kit.local_time import span


class WaitlistEntry(models.Model):
    """A person waits for a period of an instrument that is taken, to be offered it if it is released."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        SERVED = "served", _("took a released slot")
        WITHDRAWN = "withdrawn", _("withdrawn")

    resource = models.ForeignKey("resources.Resource", on_delete=models.CASCADE, related_name="waitlist", verbose_name=_("equipment"))
    access_request = models.ForeignKey("resources.AccessRequest", on_delete=models.CASCADE, related_name="waitlist_entries",
                                       verbose_name=_("access request"))
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisation"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_waitlist",
                               verbose_name=_("person"))
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True)
    created_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["resource", "status", "start"])]
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="waitlist_ends_after_it_starts")]

    def __str__(self) -> str:
        return f"{self.person} {span(self.start, self.end)}"


class ReleasedSlot(models.Model):
    """What was left of a no-show's period, offered to the waitlist: open until someone takes it or it passes."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        TAKEN = "taken", _("taken")

    resource = models.ForeignKey("resources.Resource", on_delete=models.CASCADE, related_name="released_slots",
                                 verbose_name=_("equipment"))
    no_show = models.OneToOneField("resources.Booking", on_delete=models.CASCADE, related_name="released_slot",
                                   verbose_name=_("booking not checked in"))
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    taken_by = models.OneToOneField("resources.Booking", null=True, blank=True, on_delete=models.SET_NULL, related_name="taken_slot",
                                    verbose_name=_("booking that took it"))
    created_at = models.DateTimeField(_("released at"), default=timezone.now)

    class Meta:
        verbose_name = _("released slot")
        verbose_name_plural = _("released slots")
        ordering = ["start", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="released_slot_ends_after_it_starts")]

    def __str__(self) -> str:
        return f"{self.resource_id} {span(self.start, self.end)} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.end > timezone.now()
