"""Positions, talent profiles, applications and district recognitions (issue 25; ADR 1001).

A position is posted by an organisation: a job, a secondment between a firm and an institute, a joint-lab
or postdoctoral post, or a visiting-engineer exchange across cities; it is marked when the organisation
is a GOI participant, and ranked first for people where the district's programme says so
(`DistrictProgramme.prioritise_goi`). A talent profile is a person's own: public, for members of verified
organisations only, or hidden (found by nobody but its owner); every use of it needs a consent of that
purpose recorded in accounts' PIPL consent records (`accounts.Consent`, purposes in `PURPOSES`).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.bilingual import pick

#: consent purposes (accounts.Consent.purpose): publishing the profile for matching, sharing it with an employer
PURPOSE_PROFILE = "talent.profile"
PURPOSE_APPLICATION = "talent.application"


class Position(models.Model):
    class Kind(models.TextChoices):
        JOB = "job", _("job")
        SECONDMENT = "secondment", _("secondment between a firm and an institute")
        JOINT_LAB = "joint_lab", _("joint-lab post")
        POSTDOC = "postdoc", _("postdoctoral post")
        VISITING = "visiting", _("visiting-engineer exchange")

    class Level(models.TextChoices):
        JUNIOR = "junior", _("junior")
        EXPERIENCED = "experienced", _("experienced")
        SENIOR = "senior", _("senior")
        LEADER = "leader", _("leader")

    class Language(models.TextChoices):
        ZH = "zh", _("Chinese")
        EN = "en", _("English")
        BOTH = "both", _("Chinese and English")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="positions", verbose_name=_("organisation"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.JOB)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description = models.TextField(_("description"), max_length=5000)
    field = models.ForeignKey("belt.Industry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("field"))
    skills = models.CharField(_("skills"), max_length=500, blank=True, help_text=_("Separated by commas."))
    city = models.ForeignKey("belt.City", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("city"))
    language = models.CharField(_("working language"), max_length=4, choices=Language.choices, default=Language.ZH)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.EXPERIENCED)
    goi_participant = models.BooleanField(_("posted by a GOI participant"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("posted by")
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=~(models.Q(title_zh="") & models.Q(title_en="")), name="position_has_a_title")]

    #: not stored: set by queries.ordered_positions when the district's programme ranks it first
    prioritised = False

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talent:position_detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)


class TalentProfile(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        VERIFIED = "verified", _("verified organisations only")
        HIDDEN = "hidden", _("hidden")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_profile", verbose_name=_("person"))
    headline = models.CharField(_("headline"), max_length=200)
    summary = models.TextField(_("summary"), max_length=3000, blank=True)
    field = models.ForeignKey("belt.Industry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("field"))
    skills = models.CharField(_("skills"), max_length=500, blank=True, help_text=_("Separated by commas."))
    degrees = models.CharField(_("degrees"), max_length=500, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    cities = models.ManyToManyField("belt.City", blank=True, related_name="+", verbose_name=_("cities to work in"))
    visibility = models.CharField(_("who may find it"), max_length=10, choices=Visibility.choices, default=Visibility.HIDDEN)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("talent:person_detail", kwargs={"pk": self.pk})


class PositionApplication(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        SHORTLISTED = "shortlisted", _("shortlisted")
        INTERVIEW = "interview", _("interview")
        OFFER = "offer", _("offer")
        HIRED = "hired", _("hired")
        DECLINED = "declined", _("declined")

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="applications", verbose_name=_("position"))
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("applicant"))
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.APPLIED)
    decline_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("applied at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("application to a position")
        verbose_name_plural = _("applications to positions")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["position", "applicant"], name="one_application_per_position")]

    def __str__(self) -> str:
        return f"{self.position} · {self.get_status_display()}"  # not who applied: the admin and the audit trail show it


class DistrictProgramme(models.Model):
    """A district's talent programme: whether GOI participants' positions are ranked first there."""

    city = models.OneToOneField("belt.City", on_delete=models.CASCADE, related_name="talent_programme", verbose_name=_("district"))
    prioritise_goi = models.BooleanField(_("rank GOI participants' positions first"), default=False)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("district talent programme")
        verbose_name_plural = _("district talent programmes")

    def __str__(self) -> str:
        return pick(self.name_zh, self.name_en) or str(self.city)


class Recognition(models.Model):
    """A district's recognition of a person (strategic scientist, industry leader, outstanding engineer),
    granted by an operator of the district after review."""

    class Programme(models.TextChoices):
        STRATEGIC_SCIENTIST = "strategic_scientist", _("strategic scientist")
        INDUSTRY_LEADER = "industry_leader", _("industry leader in science and technology")
        OUTSTANDING_ENGINEER = "outstanding_engineer", _("outstanding engineer")

    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="recognitions", verbose_name=_("talent profile"))
    programme = models.CharField(_("programme"), max_length=24, choices=Programme.choices)
    city = models.ForeignKey("belt.City", on_delete=models.CASCADE, related_name="+", verbose_name=_("district"))
    review_note = models.TextField(_("review"), max_length=3000)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("granted by"))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("talent recognition")
        verbose_name_plural = _("talent recognitions")
        ordering = ["-granted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["profile", "programme", "city"], name="one_recognition_each")]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} · {self.city}"  # not the profile's headline: it may be hidden since
