"""Technology needs (技术需求): a short statement of what an organisation is looking for.

A need is open until its deadline (a local date in Asia/Shanghai, inclusive), when it expires;
its owner may close it earlier or renew it with a later deadline. Other organisations express
interest; the owner's admins accept or decline each expression. Who reads what is decided by
`confidentiality` (docs/adr/0701-challenges.md): the summary (title, problem, desired outcome,
industries, budget, deadline) and, unless the details wait for an NDA, the details.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.bilingual import pick
from innobelt.organisations.models import Language


class Need(models.Model):
    class Confidentiality(models.TextChoices):
        PUBLIC = "public", _("public")
        VERIFIED = "verified", _("members of verified organisations")
        NDA = "nda", _("details after an NDA")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        EXPIRED = "expired", _("expired")

    owner = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="needs", verbose_name=_("organisation"))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    problem = models.TextField(_("problem"), max_length=5000)
    desired_outcome = models.TextField(_("desired outcome"), max_length=5000, blank=True)
    details = models.TextField(
        _("confidential details"), max_length=10000, blank=True, help_text=_("With “details after an NDA”, shown only to responders you accepted.")
    )
    text_language = models.CharField(_("language of the text"), max_length=2, choices=Language.choices, default=Language.ZH)
    industries = models.ManyToManyField("belt.Industry", blank=True, related_name="needs", verbose_name=_("industries"))
    budget_min = models.DecimalField(_("budget from (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True)
    budget_max = models.DecimalField(_("budget up to (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True)
    deadline = models.DateField(_("deadline"), help_text=_("The last day (China time) on which others may answer."))
    confidentiality = models.CharField(_("who may read it"), max_length=10, choices=Confidentiality.choices, default=Confidentiality.PUBLIC)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    search_document = models.TextField(editable=False, blank=True, default="")
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("posted by")
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    #: not stored: set for the caller by the API (NeedDetailOut shows the details only when True)
    details_readable = False

    class Meta:
        verbose_name = _("technology need")
        verbose_name_plural = _("technology needs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(title_zh="") & models.Q(title_en="")),
                name="need_has_a_title",
                violation_error_message=_("Give a Chinese or an English title."),
            ),
            models.CheckConstraint(
                condition=models.Q(budget_min__isnull=True) | models.Q(budget_min__gte=0),
                name="need_budget_min_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(budget_min__isnull=True) | models.Q(budget_max__isnull=True) | models.Q(budget_max__gte=models.F("budget_min")),
                name="need_budget_range_in_order",
                violation_error_message=_("The budget's upper end is below its lower end."),
            ),
        ]
        indexes = [models.Index(fields=["owner", "status"]), models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:need_detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)

    @property
    def other_title(self) -> str:
        other = pick(self.title_en, self.title_zh)
        return other if other and other != self.title else ""

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def details_need_nda(self) -> bool:
        return self.confidentiality == self.Confidentiality.NDA


class NeedInterest(models.Model):
    """An organisation's answer to a need: a short message the owner's admins accept or decline."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="interests", verbose_name=_("need"))
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="need_interests", verbose_name=_("organisation")
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("submitted by"))
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decline_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "organisation"],
                name="one_interest_per_organisation_and_need",
                violation_error_message=_("Your organisation has already answered this need."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.need}"

    def get_absolute_url(self) -> str:
        return reverse("challenges:need_detail", kwargs={"pk": self.need_id})
