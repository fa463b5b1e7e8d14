"""Review of proposals: the owner assigns reviewers to a submitted proposal; a reviewer declares a conflict of
interest or scores each criterion of the challenge from 0 to 10 with a comment (docs/adr/0702-review-and-pipeline.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewAssignment(models.Model):
    """One reviewer for one proposal. A reviewer who declared a conflict no longer reads or scores it."""

    proposal = models.ForeignKey("challenges.Proposal", on_delete=models.CASCADE, related_name="reviews", verbose_name=_("proposal"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("reviewer"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    conflict = models.BooleanField(_("conflict of interest declared"), default=False)
    conflict_note = models.TextField(_("conflict of interest"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    scored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "reviewer"], name="one_review_per_reviewer")]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.proposal}"


class Score(models.Model):
    """A reviewer's score of one criterion, 0–10, with a comment."""

    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("challenges.Criterion", on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("score (0–10)"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=models.Q(value__lte=10), name="score_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
