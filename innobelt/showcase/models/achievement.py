"""Achievements and milestone projects, the partners who confirm them, and the trail of platform records that led
to them (docs/adr/1101-showcase.md).

An achievement is written by one organisation, confirmed by every partner it names, reviewed by an operator of
the organisation's district and then public. Its story is bilingual with its source language (ADR 0003).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innobelt.bilingual import pick
from innobelt.organisations.models import Language


class Achievement(models.Model):
    class Kind(models.TextChoices):
        ACHIEVEMENT = "achievement", _("collaborative achievement")
        MILESTONE = "milestone", _("milestone project")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("achievement status", "draft")
        CONFIRMING = "confirming", _("waiting for the partners")
        IN_REVIEW = "in_review", _("in review")
        SENT_BACK = "sent_back", _("sent back")
        PUBLISHED = "published", _("published")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="achievements",
        verbose_name=_("submitted by"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ACHIEVEMENT)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    story_zh = models.TextField(_("story (Chinese)"), max_length=10000, blank=True)
    story_en = models.TextField(_("story (English)"), max_length=10000, blank=True)
    story_language = models.CharField(
        _("language the story was written in"), max_length=2, choices=Language.choices, default=Language.ZH
    )
    year = models.PositiveSmallIntegerField(_("year"))
    cities = models.ManyToManyField("belt.City", blank=True, related_name="achievements", verbose_name=_("cities"))
    industries = models.ManyToManyField(
        "belt.Industry", blank=True, related_name="achievements", verbose_name=_("industries")
    )
    images = models.ManyToManyField("files.StoredFile", blank=True, related_name="+", verbose_name=_("images"))
    revenue = models.DecimalField(_("revenue (CNY)"), max_digits=16, decimal_places=2, null=True, blank=True)
    patents_filed = models.PositiveIntegerField(_("patents filed"), default=0)
    products_launched = models.PositiveIntegerField(_("products launched"), default=0)
    jobs = models.PositiveIntegerField(_("jobs created"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    send_back_reason = models.TextField(_("reason for sending it back"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(title_zh="") & models.Q(title_en="")),
                name="achievement_has_a_title",
                violation_error_message=_("Give a Chinese or an English title."),
            ),
            models.CheckConstraint(
                condition=models.Q(revenue__isnull=True) | models.Q(revenue__gte=0),
                name="achievement_revenue_not_negative",
                violation_error_message=_("Revenue cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="achievement_year_range",
                violation_error_message=_("Give a year between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("showcase:achievement_detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)

    @property
    def story(self) -> str:
        return pick(self.story_zh, self.story_en)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class AchievementPartner(models.Model):
    """An organisation named on an achievement; it confirms before the achievement can be published."""

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="achievement_partnerships",
        verbose_name=_("partner"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("partner of an achievement")
        verbose_name_plural = _("partners of achievements")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["achievement", "organisation"], name="one_row_per_partner")]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.achievement}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class TrailLink(models.Model):
    """One platform record that led to an achievement (showcase/trail.py says which kinds, and who may link what).

    A generic reference, so kinds added later (service requests, vouchers) need no new table; the record's
    label is kept in both languages as it was when linked, and no more of it than its owner shows publicly.
    """

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="trail")
    kind = models.CharField(_("kind"), max_length=20)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    label_zh = models.CharField(max_length=300, blank=True)
    label_en = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("trail link")
        verbose_name_plural = _("trail links")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["achievement", "content_type", "object_id"], name="one_trail_link_per_record"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick(self.label_zh, self.label_en)
