"""Sample-testing jobs (送样检测): a seeker sends samples, the owner's staff measure them (thin; domain/samples.py moves them).

States (docs/adr/0304-sample-jobs-day-prices.md; vouchers and other apps may read them):
submitted → quoted → accepted → received → measuring → completed (results delivered) → closed, or cancelled
before the samples are received.
The quote copies the price per sample of the requester's user class when it is made; accepting it issues
the job's cost statement line, cancelling after that credits it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innobelt.resources.models.pricing import UserClass

MAX_SAMPLES = 1000


class SampleJob(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        QUOTED = "quoted", _("quoted")
        ACCEPTED = "accepted", _("quote accepted")
        RECEIVED = "received", _("samples received")
        MEASURING = "measuring", _("measuring")
        COMPLETED = "completed", _("results delivered")
        CLOSED = "closed", pgettext_lazy("sample job status", "closed")
        CANCELLED = "cancelled", _("cancelled")

    OPEN = (Status.SUBMITTED, Status.QUOTED, Status.ACCEPTED, Status.RECEIVED, Status.MEASURING)
    CANCELLABLE = (Status.SUBMITTED, Status.QUOTED, Status.ACCEPTED)
    #: the results were delivered (figures, turnaround and the outcome report count these)
    DELIVERED = (Status.COMPLETED, Status.CLOSED)

    resource = models.ForeignKey("resources.Resource", on_delete=models.CASCADE, related_name="sample_jobs", verbose_name=_("equipment"))
    access_request = models.ForeignKey(
        "resources.AccessRequest", on_delete=models.CASCADE, related_name="sample_jobs", verbose_name=_("access request")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="resource_sample_jobs", verbose_name=_("for the organisation")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_sample_jobs", verbose_name=_("requested by")
    )
    samples = models.PositiveIntegerField(_("number of samples"))
    description = models.TextField(_("sample description"), max_length=2000)
    method = models.CharField(_("test method"), max_length=300)
    hazards = models.CharField(
        _("hazard declaration"),
        max_length=500,
        blank=True,
        help_text=_("Anything toxic, flammable, radioactive or biological; blank: nothing hazardous."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    user_class = models.CharField(_("user class"), max_length=10, choices=UserClass.choices, blank=True)
    unit_price = models.DecimalField(_("price per sample (CNY)"), max_digits=10, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(_("quoted amount (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True)
    turnaround_days = models.PositiveSmallIntegerField(_("turnaround (working days)"), null=True, blank=True)
    quote_note = models.CharField(_("note with the quote"), max_length=500, blank=True)
    results_file = models.ForeignKey("files.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("results"))
    results_note = models.TextField(_("results summary"), max_length=2000, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    quoted_at = models.DateTimeField(_("quoted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    measuring_at = models.DateTimeField(_("measuring since"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("sample job", "closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("closed by"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sample job")
        verbose_name_plural = _("sample jobs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["resource", "status"], name="resources_samplejob_res_status"),
            models.Index(fields=["organisation", "created_at"], name="resources_samplejob_org_at"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(samples__gte=1, samples__lte=MAX_SAMPLES), name="resources_samplejob_samples_in_range"),
            models.CheckConstraint(condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0), name="resources_samplejob_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.resource_id} × {self.samples} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("resources:sample_job", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_free(self) -> bool:
        return self.unit_price is None


class SampleJobOutcome(models.Model):
    """What the seeker did with a job's results, reported once by its own people after they were delivered
    (as an outcome report of an access request feeds the owner's GOI figures)."""

    class Outcome(models.TextChoices):
        PRODUCT = "product", _("used to develop a product or process")
        QUALITY = "quality", _("confirmed a quality or passed a specification")
        CERTIFICATION = "certification", _("used for a certification or a customer's acceptance")
        PATENT = "patent", _("used in a patent or a publication")
        REPEAT = "repeat", _("inconclusive: the test must be repeated")
        NOT_USED = "not_used", _("not used")

    job = models.OneToOneField(SampleJob, on_delete=models.CASCADE, related_name="outcome", verbose_name=_("sample job"))
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        verbose_name = _("sample job outcome")
        verbose_name_plural = _("sample job outcomes")
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.job_id}: {self.get_outcome_display()}"
