"""The Belt itself: its cities and districts, industries and the alliance's agreements."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innobelt.bilingual import BilingualNameMixin, pick


class Industry(BilingualNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=80)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class City(BilingualNameMixin, models.Model):
    class Kind(models.TextChoices):
        SHANGHAI_DISTRICT = "shanghai_district", _("Shanghai district")
        JIANGSU_CITY = "jiangsu_city", _("Jiangsu city")

    class GdpBand(models.TextChoices):
        TRILLION_PLUS = "trillion_plus", _("above ¥1 trillion")
        BELOW_TRILLION = "below_trillion", _("below ¥1 trillion")
        DISTRICT = "district", _("district of Shanghai")

    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=30)
    name_en = models.CharField(_("name (English)"), max_length=40)
    province_zh = models.CharField(_("province (Chinese)"), max_length=20)
    province_en = models.CharField(_("province (English)"), max_length=30)
    commute_minutes = models.PositiveIntegerField(
        _("commute to Shanghai (minutes)"), null=True, blank=True,
        help_text=_("By high-speed rail; empty for districts of Shanghai."),
    )
    gdp_band = models.CharField(_("GDP band (2024)"), max_length=20, choices=GdpBand.choices)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    specialties = models.ManyToManyField(Industry, blank=True, related_name="specialty_of", verbose_name=_("specialties"))
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    position = models.PositiveSmallIntegerField(_("order along the railway"), default=0)

    class Meta:
        verbose_name = _("city or district")
        verbose_name_plural = _("cities and districts")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("belt:city", kwargs={"slug": self.slug})

    @property
    def province(self) -> str:
        return pick(self.province_zh, self.province_en)

    @property
    def summary(self) -> str:
        return pick(self.summary_zh, self.summary_en)


class CooperationAgreement(BilingualNameMixin, models.Model):
    """A memorandum of the City Alliance (or any other cooperation agreement)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("signed")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")
        ENDED = "ended", _("ended")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_zh = models.CharField(_("title (Chinese)"), max_length=200)
    name_en = models.CharField(_("title (English)"), max_length=250)
    text_zh = models.TextField(_("text (Chinese)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SIGNED)
    cities = models.ManyToManyField(City, related_name="agreements", verbose_name=_("cities and districts"))
    focus_industries = models.ManyToManyField(Industry, blank=True, related_name="agreements", verbose_name=_("focus areas"))

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-signed_on", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def text(self) -> str:
        return pick(self.text_zh, self.text_en)


class FollowUpAction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    agreement = models.ForeignKey(CooperationAgreement, on_delete=models.CASCADE, related_name="actions")
    description_zh = models.CharField(_("description (Chinese)"), max_length=300, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="follow_up_actions", verbose_name=_("owner"),
    )
    owner_city = models.ForeignKey(City, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("responsible city or district"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        return pick(self.description_zh, self.description_en)
