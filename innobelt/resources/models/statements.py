"""Sharing pledges and cost statement lines (thin; domain/statements.py makes them).

A statement line is issued once per booking when it is made, and a credit line reverses it when
the booking is cancelled; lines are never changed afterwards (docs/adr/0302-prices-pledges-training.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.resources.models.pricing import UserClass

MAX_PLEDGE_HOURS = 2000  # a quarter has about 2,200 hours


class SharingPledge(models.Model):
    """The owner gives this many booking hours per calendar quarter (Asia/Shanghai) to other organisations."""

    resource = models.OneToOneField("resources.Resource", on_delete=models.CASCADE, related_name="pledge", verbose_name=_("equipment"))
    hours_per_quarter = models.PositiveIntegerField(_("free hours per quarter"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("sharing pledge")
        verbose_name_plural = _("sharing pledges")
        constraints = [models.CheckConstraint(condition=models.Q(hours_per_quarter__gte=1, hours_per_quarter__lte=MAX_PLEDGE_HOURS),
                                              name="pledge_hours_in_range")]

    def __str__(self) -> str:
        return f"{self.resource_id}: {self.hours_per_quarter} h/quarter"


class StatementLine(models.Model):
    class Kind(models.TextChoices):
        CHARGE = "charge", _("charge")
        CREDIT = "credit", _("credit")

    booking = models.ForeignKey("resources.Booking", on_delete=models.CASCADE, related_name="statement_lines", verbose_name=_("booking"))
    resource = models.ForeignKey("resources.Resource", on_delete=models.CASCADE, related_name="+", verbose_name=_("equipment"))
    owner = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("owner"))
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="resource_statement_lines",
                                     verbose_name=_("organisation"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, db_index=True)
    user_class = models.CharField(_("user class"), max_length=10, choices=UserClass.choices)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    free_hours = models.DecimalField(_("free hours"), max_digits=8, decimal_places=2)
    pledged_hours = models.IntegerField(_("pledged hours"))
    pledge_quarter = models.DateField(_("quarter of the pledge"), help_text=_("First day of the quarter the pledged hours count in."))
    charged_hours = models.DecimalField(_("charged hours"), max_digits=8, decimal_places=2)
    unit_price = models.DecimalField(_("price per hour (CNY)"), max_digits=10, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["issued_at", "id"]
        indexes = [models.Index(fields=["owner", "issued_at"]), models.Index(fields=["resource", "pledge_quarter"])]
        constraints = [
            models.UniqueConstraint(fields=["booking", "kind"], name="one_charge_and_one_credit_per_booking"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.booking_id}: {self.amount}"

    @property
    def basis(self) -> str:
        """What the line says in one word: free, pledged, charged or mixed."""
        parts = [name for name, value in (("free", self.free_hours), ("pledged", self.pledged_hours), ("charged", self.charged_hours)) if value]
        return parts[0] if len(parts) == 1 else "mixed" if parts else "free"


class PledgeQuarter(models.Model):
    """A closed quarter of a sharing pledge: what was pledged and what was used (made once, by the periodic task)."""

    resource = models.ForeignKey("resources.Resource", on_delete=models.CASCADE, related_name="pledge_quarters",
                                 verbose_name=_("equipment"))
    quarter = models.DateField(_("quarter"), help_text=_("Its first day."))
    hours_pledged = models.PositiveIntegerField(_("hours pledged"))
    hours_used = models.PositiveIntegerField(_("hours used"))
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now)

    class Meta:
        verbose_name = _("closed pledge quarter")
        verbose_name_plural = _("closed pledge quarters")
        ordering = ["-quarter", "resource_id"]
        constraints = [models.UniqueConstraint(fields=["resource", "quarter"], name="one_closed_pledge_quarter")]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.quarter}: {self.hours_used}/{self.hours_pledged} h"
