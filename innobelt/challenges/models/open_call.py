"""Open calls with a reward (揭榜挂帅): a district operator lists a critical problem with a funding amount in yuan and
milestones with shares; teams apply; one or more are selected; each milestone is reported, accepted or sent back
by the operator, and its share of the funding is released only on acceptance, once (docs/adr/0702)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.bilingual import pick
from innobelt.organisations.models import Language


class OpenCall(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("taking applications")
        CLOSED = "closed", _("closed")

    city = models.ForeignKey("belt.City", on_delete=models.PROTECT, related_name="open_calls", verbose_name=_("city or district"))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    text_language = models.CharField(_("language of the text"), max_length=2, choices=Language.choices, default=Language.ZH)
    problem = models.TextField(_("the problem"), max_length=10000)
    funding = models.DecimalField(_("funding (CNY)"), max_digits=14, decimal_places=2)
    deadline = models.DateTimeField(_("applications until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("open call")
        verbose_name_plural = _("open calls")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(funding__gt=0), name="open_call_funding_positive"),
            models.CheckConstraint(condition=~(models.Q(title_zh="") & models.Q(title_en="")), name="open_call_has_a_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)


class Milestone(models.Model):
    """A milestone and its share of the funding in percent (the shares of a call add up to 100)."""

    open_call = models.ForeignKey(OpenCall, on_delete=models.CASCADE, related_name="milestones")
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    share = models.PositiveSmallIntegerField(_("share of the funding (%)"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["position", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(share__gte=1, share__lte=100), name="milestone_share_1_to_100")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)


class OpenCallApplication(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        SELECTED = "selected", _("selected")

    open_call = models.ForeignKey(OpenCall, on_delete=models.CASCADE, related_name="applications")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="open_call_applications", verbose_name=_("team")
    )
    text = models.TextField(_("how the team takes it on"), max_length=10000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("application to an open call")
        verbose_name_plural = _("applications to open calls")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["open_call", "organisation"], name="one_application_per_team")]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.open_call}"


class MilestoneProgress(models.Model):
    """A selected team's milestone: reported, then accepted (its share released, once) or sent back."""

    class Status(models.TextChoices):
        REPORTED = "reported", _("reported")
        ACCEPTED = "accepted", _("accepted")
        SENT_BACK = "sent_back", _("sent back")

    application = models.ForeignKey(OpenCallApplication, on_delete=models.CASCADE, related_name="progress")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REPORTED)
    report = models.TextField(_("report"), max_length=10000)
    note = models.TextField(_("operator's note"), max_length=2000, blank=True)
    released = models.DecimalField(_("funding released (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("milestone progress")
        verbose_name_plural = _("milestone progress")
        ordering = ["milestone__position", "id"]
        constraints = [
            # one row per team and milestone: its funding can only be released once
            models.UniqueConstraint(fields=["application", "milestone"], name="one_progress_per_milestone"),
            # funding is released exactly when the milestone is accepted
            models.CheckConstraint(
                condition=(models.Q(status="accepted") & models.Q(released__isnull=False))
                | (~models.Q(status="accepted") & models.Q(released__isnull=True)),
                name="released_only_when_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.milestone}"
