"""Sharing pledges and cost statement lines (thin; domain/statements.py makes them).

A statement line is issued once per booking when it is made, and a credit line reverses it when
the booking is cancelled; lines are never changed afterwards (docs/adr/0302-prices-pledges-training.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.resources.models.pricing import PriceUnit, UserClass

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


class PledgeTerm(models.Model):
    """One value of a sharing pledge and the moment it took effect: the pledge's history (ADR 0304, "Pledges have
    a history"). `set_pledge` writes one in the same transaction as it changes the SharingPledge, which keeps the
    value in force now; the term in force at a moment is the latest whose `valid_from` is before it, 0 hours
    when the pledge was ended, none before the first. Terms are never changed or deleted by the application."""

    resource = models.ForeignKey("resources.Resource", on_delete=models.CASCADE, related_name="pledge_terms", verbose_name=_("equipment"))
    hours_per_quarter = models.PositiveIntegerField(_("free hours per quarter"), help_text=_("0: the pledge was ended."))
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("set by"))

    class Meta:
        verbose_name = _("sharing pledge term")
        verbose_name_plural = _("sharing pledge terms")
        ordering = ["resource_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "valid_from"], name="resources_one_pledge_term_per_moment"),
            models.CheckConstraint(condition=models.Q(hours_per_quarter__lte=MAX_PLEDGE_HOURS), name="resources_pledge_term_hours_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} from {self.valid_from:%Y-%m-%d %H:%M}: {self.hours_per_quarter} h/quarter"


class StatementLine(models.Model):
    class Kind(models.TextChoices):
        CHARGE = "charge", _("charge")
        CREDIT = "credit", _("credit")

    """A booking's or a sample job's cost (exactly one of the two). Booking lines count hours (free, pledged,
    charged); the charged hours are priced per hour, or per started day for a class with only a day price
    (`unit`, `charged_units`). Sample-job lines have no hours: `charged_units` samples at the quoted price."""

    booking = models.ForeignKey("resources.Booking", on_delete=models.CASCADE, related_name="statement_lines", verbose_name=_("booking"),
                                null=True, blank=True)
    sample_job = models.ForeignKey("resources.SampleJob", on_delete=models.CASCADE, related_name="statement_lines",
                                   verbose_name=_("sample job"), null=True, blank=True)
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
    unit = models.CharField(_("priced per"), max_length=10, choices=PriceUnit.choices, default=PriceUnit.HOUR)
    charged_units = models.DecimalField(_("charged units"), max_digits=8, decimal_places=2, default=0,
                                        help_text=_("Hours, started days or samples charged at the unit price."))
    unit_price = models.DecimalField(_("unit price (CNY)"), max_digits=10, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["issued_at", "id"]
        indexes = [models.Index(fields=["owner", "issued_at"]), models.Index(fields=["resource", "pledge_quarter"])]
        constraints = [
            models.UniqueConstraint(fields=["booking", "kind"], name="one_charge_and_one_credit_per_booking"),
            models.UniqueConstraint(fields=["sample_job", "kind"], name="resources_one_charge_and_one_credit_per_sample_job"),
            models.CheckConstraint(condition=models.Q(booking__isnull=True) ^ models.Q(sample_job__isnull=True),
                                   name="resources_statementline_booking_or_sample_job"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.booking_id or self.sample_job_id}: {self.amount}"

    @property
    def basis(self) -> str:
        """What the line says in one word: free, pledged, charged or mixed."""
        if self.sample_job_id is not None:
            return "free" if self.unit_price is None else "charged"
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
