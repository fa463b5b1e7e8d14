"""An invitation to a suggested solver: the challenge owner's admin asked an organisation to take part."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SolverInvitation(models.Model):
    challenge = models.ForeignKey("challenges.Challenge", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("challenge"))
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="challenge_invitations", verbose_name=_("organisation")
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("solver invitation")
        verbose_name_plural = _("solver invitations")
        constraints = [models.UniqueConstraint(fields=["challenge", "organisation"], name="challenges_invitation_once_per_pair")]

    def __str__(self) -> str:
        return f"{self.challenge} → {self.organisation}"
