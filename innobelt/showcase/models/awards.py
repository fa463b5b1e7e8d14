"""Award programmes, their weighted criteria, nominations with evidence computed from the platform, reviewers
and their scores (docs/adr/1101-showcase.md).

A nomination's evidence is never typed: `showcase.evidence.compute_evidence` counts it from records and the
nomination keeps the figures as computed (`evidence`, `evidence_at`). A nomination, its evidence and its scores
are read only by the nominee's people, its assigned reviewers and the programme's operators.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innobelt.bilingual import pick


class AwardProgramme(models.Model):
    class Kind(models.TextChoices):
        GOI_EXEMPLAR = "goi_exemplar", _("GOI Exemplar")
        INCUBATOR = "incubator", _("Outstanding Innovation Incubator")
        RD_INSTITUTION = "rd_institution", _("novel R&D institution")
        SHARED_INSTRUMENT = "shared_instrument", _("best-shared instrument")
        OTHER = "other", _("other award")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("award programme status", "draft")
        OPEN = "open", _("open for nominations")
        CLOSED = "closed", _("closed, in review")
        PUBLISHED = "published", _("results published")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    city = models.ForeignKey(
        "belt.City",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("run by the district"),
        help_text=_("Empty: run by the platform."),
    )
    eligible_kinds = models.JSONField(
        _("kinds of organisation that may be nominated"), default=list, blank=True, help_text=_("Empty: any kind.")
    )
    eligibility = models.TextField(_("eligibility"), max_length=5000, blank=True)
    opens_at = models.DateTimeField(_("nominations open"))
    closes_at = models.DateTimeField(_("nominations close"))
    evidence_from = models.DateField(_("evidence counted from"))
    evidence_to = models.DateField(_("evidence counted until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("award programme")
        verbose_name_plural = _("award programmes")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(title_zh="") & models.Q(title_en="")),
                name="award_programme_has_a_title",
                violation_error_message=_("Give a Chinese or an English title."),
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="award_programme_closes_after_it_opens",
                violation_error_message=_("Nominations close after they open."),
            ),
            models.CheckConstraint(
                condition=models.Q(evidence_to__gte=models.F("evidence_from")),
                name="award_programme_evidence_period",
                violation_error_message=_("The evidence period ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("showcase:programme_detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)

    @property
    def takes_nominations(self) -> bool:
        return self.status == self.Status.OPEN and self.opens_at <= timezone.now() <= self.closes_at


class AwardCriterion(models.Model):
    """One criterion of a programme; the weights sum to 100. `evidence` names the computed figure it rests on."""

    programme = models.ForeignKey(AwardProgramme, on_delete=models.CASCADE, related_name="criteria")
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    evidence = models.CharField(_("evidence figure"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("award criterion")
        verbose_name_plural = _("award criteria")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=100), name="award_criterion_weight_1_to_100"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)


class Nomination(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("nominated")
        AWARDED = "awarded", _("awarded")
        NOT_AWARDED = "not_awarded", _("not awarded")
        WITHDRAWN = "withdrawn", _("withdrawn")

    programme = models.ForeignKey(AwardProgramme, on_delete=models.CASCADE, related_name="nominations")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="nominations", verbose_name=_("nominee")
    )
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_operator = models.BooleanField(_("nominated by an operator"), default=False)
    statement = models.TextField(_("statement"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    #: [{"key", "value", "records": [{"kind", "id", "label_zh", "label_en", "value"}]}] as computed, never typed
    evidence = models.JSONField(default=list, editable=False)
    evidence_at = models.DateTimeField(_("evidence computed at"), null=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"],
                name="one_nomination_per_nominee",
                violation_error_message=_("This organisation is already nominated."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("showcase:nomination_detail", kwargs={"pk": self.pk})

    def figure(self, key: str) -> Decimal | int | None:
        for item in self.evidence:
            if item["key"] == key:
                return Decimal(item["value"]) if isinstance(item["value"], str) else item["value"]
        return None


class ReviewerAssignment(models.Model):
    """A reviewer of a nomination; one who declares a conflict of interest scores nothing."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_reviews", verbose_name=_("reviewer")
    )
    conflict_declared = models.BooleanField(_("conflict of interest declared"), default=False)
    conflict_note = models.CharField(_("conflict of interest"), max_length=500, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reviewer of a nomination")
        verbose_name_plural = _("reviewers of nominations")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["nomination", "reviewer"], name="one_assignment_per_reviewer")]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.nomination}"


class Score(models.Model):
    """A reviewer's score of one criterion, 0 to 10."""

    assignment = models.ForeignKey(ReviewerAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(AwardCriterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("score (0–10)"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="showcase_one_score_per_criterion"),
            models.CheckConstraint(condition=models.Q(value__lte=10), name="showcase_score_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


def weighted_total(scores: list[tuple[int, int]]) -> Decimal:
    """Σ weight × score / 10 over (weight, score) pairs: 0 to 100, half-up to two places."""
    total = sum((Decimal(w) * Decimal(v) for w, v in scores), Decimal(0)) / Decimal(10)
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
