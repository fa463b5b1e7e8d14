"""Organisations of the Belt and the people who act for them."""

import secrets
from datetime import timedelta
from typing import Literal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.bilingual import BilingualNameMixin
from innobelt.names import normalise_name, validate_name
from innobelt.organisations.credit_code import normalise_credit_code, validate_credit_code


class Language(models.TextChoices):
    ZH = "zh", _("Chinese")
    EN = "en", _("English")


class Organisation(BilingualNameMixin, models.Model):
    class Kind(models.TextChoices):
        LARGE_FIRM = "large_firm", _("large firm")
        SME = "sme", _("SME")
        STARTUP = "startup", _("startup")
        RESEARCH_INSTITUTE = "research_institute", _("research institute")
        UNIVERSITY = "university", _("university")
        LABORATORY = "laboratory", _("laboratory")
        INCUBATOR = "incubator", _("incubator")
        INVESTOR = "investor", _("investor")
        SERVICE_PROVIDER = "service_provider", _("service provider")
        GOVERNMENT_AGENCY = "government_agency", _("government agency")

    class SizeBand(models.TextChoices):
        MICRO = "micro", _("1–9 people")
        SMALL = "small", _("10–49 people")
        MEDIUM = "medium", _("50–249 people")
        LARGE = "large", _("250–999 people")
        HUGE = "huge", _("1,000 people or more")

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("not verified")
        PENDING = "pending", _("verification pending")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("verification refused")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, db_index=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, blank=True, validators=[validate_name])
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True, validators=[validate_name])
    description = models.TextField(_("description"), blank=True)
    description_language = models.CharField(_("language of the description"), max_length=2, choices=Language.choices, default=Language.ZH)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, null=True, blank=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, for organisations registered in mainland China."),
    )
    city = models.ForeignKey(
        "belt.City", on_delete=models.PROTECT, null=True, blank=True, related_name="organisations",
        verbose_name=_("city or district"), help_text=_("Empty for partners outside the Belt."),
    )
    industries = models.ManyToManyField("belt.Industry", blank=True, related_name="organisations", verbose_name=_("industries"))
    agreements = models.ManyToManyField(
        "belt.CooperationAgreement", blank=True, related_name="organisations", verbose_name=_("party to agreements"),
    )
    country = models.CharField(_("country of origin"), max_length=2, default="CN", help_text=_("ISO 3166 code, e.g. CN, US, JP, FI."))
    founded_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_goi_member = models.BooleanField(_("GOI member"), default=False, help_text=_("Member of Pudong's Group Open Innovation programme."))
    verification = models.CharField(_("verification"), max_length=12, choices=Verification.choices, default=Verification.UNVERIFIED, db_index=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated demo data, not a real organisation."))
    search_document = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en", "name_zh"]
        constraints = [
            models.CheckConstraint(condition=~(models.Q(name_zh="") & models.Q(name_en="")), name="organisation_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    def clean(self):
        """One form of the identity fields (names in NFC with single spaces, the credit code in
        capitals), whichever form or import wrote them."""
        super().clean()
        self.name_zh, self.name_en = normalise_name(self.name_zh), normalise_name(self.name_en)
        if self.credit_code is not None:
            self.credit_code = normalise_credit_code(self.credit_code) or None

    @property
    def is_verified(self) -> bool:
        return self.verification == self.Verification.VERIFIED


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("organisation admin")
        MEMBER = "member", _("member")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


class Claim(models.Model):
    """A person's request to act for an organisation: to claim it (become its admin) or join it."""

    class Kind(models.TextChoices):
        CLAIM = "claim", _("claim (become its admin)")
        JOIN = "join", _("join as a member")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CLAIM)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    position = models.CharField(_("your position"), max_length=100, blank=True)
    evidence = models.TextField(_("how we can check"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], condition=models.Q(status="pending"), name="one_pending_claim_per_org",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.get_status_display()})"


INVITATION_DAYS = 14


def invitation_expiry():
    """An invitation can be accepted for two weeks."""
    return timezone.now() + timedelta(days=INVITATION_DAYS)


# The choices' values as types, written out because mypy cannot evaluate `Literal[tuple(Kind.values)]`: the
# API's bodies take them (one enum per field in the OpenAPI schema), and tests/organisations/test_models.py
# fails when they and the choices above differ.
OrganisationKindValue = Literal["large_firm", "sme", "startup", "research_institute", "university", "laboratory",
                                "incubator", "investor", "service_provider", "government_agency"]
ClaimKindValue = Literal["claim", "join"]


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    token = models.CharField(max_length=43, unique=True, default=secrets.token_urlsafe)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), default=invitation_expiry)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.accepted_at is None and self.expires_at <= timezone.now()



class Incubation(models.Model):
    """An incubator's statement that it incubates (or incubated) a startup, which the startup confirms.

    Named by the incubator's admins, confirmed or declined by the startup's admins; only a confirmed incubation
    counts (the award evidence "startups incubated") and is shown on both organisations' pages. Ended: a
    graduated startup (`ended_on`)."""

    class Status(models.TextChoices):
        NAMED = "named", _("awaiting the startup's confirmation")
        CONFIRMED = "confirmed", _("confirmed by the startup")
        DECLINED = "declined", _("declined by the startup")

    incubator = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="incubations_given",
                                  verbose_name=_("incubator"))
    startup = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="incubations",
                                verbose_name=_("startup"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NAMED, db_index=True)
    started_on = models.DateField(_("incubated since"))
    ended_on = models.DateField(_("incubated until"), null=True, blank=True,
                                help_text=_("Blank while the startup is still incubated."))
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    named_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("incubation")
        verbose_name_plural = _("incubations")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(incubator=models.F("startup")),
                                   name="organisations_incubation_not_itself"),
            models.CheckConstraint(condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                                   name="organisations_incubation_ends_after_start"),
            models.UniqueConstraint(fields=["incubator", "startup"], condition=models.Q(status__in=["named", "confirmed"]),
                                    name="organisations_incubation_one_standing"),
        ]

    def __str__(self) -> str:
        return f"{self.incubator} → {self.startup}"
