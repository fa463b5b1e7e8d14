"""Access requests: a seeker organisation asks for a resource, the owner decides."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the owner")
        MORE_INFO = "more_info", _("more information asked")
        APPROVED = "approved", _("approved, terms to accept")
        ACTIVE = "active", _("in use")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class DeclineReason(models.TextChoices):
        FULLY_BOOKED = "fully_booked", _("no capacity in the period asked")
        OUT_OF_SCOPE = "out_of_scope", _("the purpose does not fit the resource")
        SAFETY = "safety", _("safety, training or supervision cannot be ensured")
        CONFLICT_OF_INTEREST = "conflict_of_interest", _("conflict of interest")
        INCOMPLETE = "incomplete", _("the request lacks information")
        OTHER = "other", _("another reason")

    OPEN = (Status.PENDING, Status.MORE_INFO, Status.APPROVED, Status.ACTIVE)
    WAITING_FOR_OWNER = (Status.PENDING,)
    WAITING_FOR_SEEKER = (Status.MORE_INFO, Status.APPROVED)

    resource = models.ForeignKey("resources.Resource", on_delete=models.CASCADE, related_name="access_requests",
                                 verbose_name=_("resource"))
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="resource_requests",
                                     verbose_name=_("for the organisation"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_requests",
                                     verbose_name=_("requested by"))
    purpose = models.TextField(_("purpose"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decline_reason = models.CharField(_("reason"), max_length=24, choices=DeclineReason.choices, blank=True)
    decline_text = models.TextField(_("explanation"), blank=True)
    approval_note = models.TextField(_("the owner's note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    nda_acknowledged = models.BooleanField(_("non-disclosure agreement acknowledged"), default=False)
    terms_accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="+")
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)
    outcome_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "organisation"], condition=models.Q(status__in=["pending", "more_info", "approved", "active"]),
                name="one_open_request_per_resource_and_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.resource} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("resources:request_detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class RequestMessage(models.Model):
    """A question of the owner or an answer of the seeker, kept in order."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("question")
        ANSWER = "answer", _("answer")

    request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class OutcomeReport(models.Model):
    """What the seeker achieved with the resource; feeds the owner's GOI figures."""

    request = models.OneToOneField(AccessRequest, on_delete=models.CASCADE, related_name="outcome")
    prototype = models.BooleanField(_("a prototype"), default=False)
    test_result = models.BooleanField(_("a test result"), default=False)
    product = models.BooleanField(_("a product"), default=False)
    patent_filed = models.BooleanField(_("a patent filed"), default=False)
    financing_raised = models.BooleanField(_("financing raised"), default=False)
    financing_amount = models.DecimalField(_("financing raised (10,000 yuan)"), max_digits=10, decimal_places=1, null=True,
                                           blank=True)
    summary = models.TextField(_("what was achieved"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)

    OUTCOME_FIELDS = ["prototype", "test_result", "product", "patent_filed", "financing_raised"]
    BREAKTHROUGH_FIELDS = ["prototype", "product", "patent_filed"]

    class Meta:
        verbose_name = _("outcome report")
        verbose_name_plural = _("outcome reports")
        ordering = ["-reported_at"]

    def __str__(self) -> str:
        return f"{self.request}: {', '.join(self.outcomes())}"

    def outcomes(self) -> list[str]:
        return [str(self._meta.get_field(name).verbose_name) for name in self.OUTCOME_FIELDS if getattr(self, name)]

    @property
    def is_breakthrough(self) -> bool:
        return any(getattr(self, name) for name in self.BREAKTHROUGH_FIELDS)
