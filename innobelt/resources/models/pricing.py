"""Prices of shared resources by user class and unit (CNY, to the fen).

A missing price is free: "free" stays the GOI default (docs/adr/0302-prices-pledges-training.md).
Which class a booker is in follows from their organisation (domain/pricing.py `user_class_of`).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_PRICE = Decimal("1000000.00")


class UserClass(models.TextChoices):
    OWN = "own", _("own organisation")
    GOI_SME = "goi_sme", _("GOI member SME")
    SME = "sme", _("other SME")
    ACADEMIC = "academic", _("university or institute")
    OTHER = "other", _("other")


class PriceUnit(models.TextChoices):
    HOUR = "hour", _("per hour")
    SAMPLE = "sample", _("per sample")
    DAY = "day", _("per day")


class ResourcePrice(models.Model):
    """The price one user class pays per unit of a resource (no row: free)."""

    resource = models.ForeignKey("resources.Resource", on_delete=models.CASCADE, related_name="prices", verbose_name=_("resource"))
    user_class = models.CharField(_("user class"), max_length=10, choices=UserClass.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=PriceUnit.choices)
    amount = models.DecimalField(_("price (CNY)"), max_digits=10, decimal_places=2)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        ordering = ["resource", "user_class", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "user_class", "unit"], name="one_price_per_class_and_unit"),
            models.CheckConstraint(condition=models.Q(amount__gt=0) & models.Q(amount__lte=MAX_PRICE), name="price_positive_and_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.user_class}/{self.unit}: {self.amount}"
