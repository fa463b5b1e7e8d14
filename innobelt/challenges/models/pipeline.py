"""After a match: one pipeline per (challenge, solver organisation) pair, through shortlisted → meeting → NDA →
pilot → contract or investment, or declined with a reason from a fixed list the solver always reads, or withdrawn
by the solver with a reason from the same list the owner reads (docs/adr/0702-review-and-pipeline.md)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Pipeline(models.Model):
    class Stage(models.TextChoices):
        SHORTLISTED = "shortlisted", _("shortlisted")
        MEETING = "meeting", _("meeting")
        NDA = "nda", _("non-disclosure agreement")
        PILOT = "pilot", _("pilot")
        CONTRACT = "contract", _("contract")
        INVESTMENT = "investment", _("investment")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn by the solver")

    class Reason(models.TextChoices):
        NOT_A_FIT = "not_a_fit", _("not a fit")
        TOO_EARLY = "too_early", _("too early")
        BUDGET = "budget", _("budget")
        TIMING = "timing", _("timing")
        COMPETING = "competing_solution", _("a competing solution")
        IP_TERMS = "ip_terms", _("terms on intellectual property")
        OTHER = "other", _("other")

    proposal = models.OneToOneField("challenges.Proposal", on_delete=models.CASCADE, related_name="pipeline", verbose_name=_("proposal"))
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.SHORTLISTED, db_index=True)
    meeting_starts_at = models.DateTimeField(_("meeting starts"), null=True, blank=True)
    meeting_ends_at = models.DateTimeField(_("meeting ends"), null=True, blank=True)
    meeting_place = models.CharField(_("place or video link"), max_length=300, blank=True)
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("1:1 meeting"))
    nda_file = models.ForeignKey("files.StoredFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("signed NDA"))
    nda_accepted_at = models.DateTimeField(_("NDA accepted on the platform"), null=True, blank=True)
    pilot_plan = models.TextField(_("pilot"), max_length=5000, blank=True)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    decline_note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    moved_at = models.DateTimeField(_("last step"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("pipeline")
        verbose_name_plural = _("pipelines")
        ordering = ["-moved_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(stage__in=["declined", "withdrawn"]) | ~models.Q(decline_reason=""), name="declined_pipeline_has_a_reason"
            ),
            models.CheckConstraint(condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0), name="pipeline_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.get_stage_display()}"

    @property
    def nda_done(self) -> bool:
        return self.nda_file_id is not None or self.nda_accepted_at is not None

    @property
    def is_final(self) -> bool:
        return self.stage in ENDED

    @property
    def ended_without_result(self) -> bool:
        """Declined by the owner or withdrawn by the solver: the reason is shown to both sides."""
        return self.stage in (self.Stage.DECLINED, self.Stage.WITHDRAWN)


#: stages after which a pipeline does not move any more
ENDED = (Pipeline.Stage.CONTRACT, Pipeline.Stage.INVESTMENT, Pipeline.Stage.DECLINED, Pipeline.Stage.WITHDRAWN)

#: notes of steps the platform writes, stored as a code and shown in the reader's language (PipelineStep.code)
STEP_NOTES = {"nda_accepted": _("accepted on the platform")}


class PipelineStep(models.Model):
    """What happened, when and by whom: both sides read the history. A note someone typed is kept as typed
    (`note`); a note the platform writes is a `code` (a decline reason, or one of STEP_NOTES), so each reader
    reads it in their own language (`shown_note`)."""

    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=12, choices=Pipeline.Stage.choices)
    note = models.TextField(blank=True)
    code = models.CharField(max_length=20, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.pipeline_id}: {self.stage}"

    @property
    def shown_note(self) -> str:
        """The step's note in the active language: a code's label, else the note as typed."""
        if self.code in Pipeline.Reason.values:
            return str(Pipeline.Reason(self.code).label)
        if self.code in STEP_NOTES:
            return str(STEP_NOTES[self.code])
        return self.note


class PilotBooking(models.Model):
    """A booking of the resources register made for a pair's pilot: the solver organisation booked a resource the
    challenge offers (or, when it offers none, the owner's equipment) through the resources app's own flow and
    linked the booking here (domain.link_pilot_booking). Both sides read it on the pipeline; the booking itself
    stays the resources app's."""

    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="pilot_bookings", verbose_name=_("pipeline"))
    booking = models.OneToOneField("resources.Booking", on_delete=models.CASCADE, related_name="pilot_link", verbose_name=_("booking"))
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)

    class Meta:
        verbose_name = _("pilot booking")
        verbose_name_plural = _("pilot bookings")
        ordering = ["linked_at", "id"]

    def __str__(self) -> str:
        return f"{self.pipeline_id}: {self.booking_id}"
