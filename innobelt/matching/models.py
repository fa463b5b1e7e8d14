from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MatchFeedback(models.Model):
    """What a person did with a match; replayable in evaluation."""

    class Action(models.TextChoices):
        SAVE = "save", _("saved")
        DISMISS = "dismiss", _("dismissed")
        CONTACT = "contact", _("contacted")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="match_feedback")
    query = models.CharField(_("query"), max_length=500, blank=True)
    source = models.CharField(_("asked from"), max_length=80, blank=True, help_text=_("The record the matches were for, if any."))
    target = models.CharField(_("match"), max_length=80)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("match feedback")
        verbose_name_plural = _("match feedback")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.target}"
