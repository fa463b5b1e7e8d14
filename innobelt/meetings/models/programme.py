"""The 1:1 programme of an event: its slots and the scheduler's runs."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.kit.local_time import local


class Programme(models.Model):
    """The organiser's settings for an event's 1:1 meetings (one per event)."""

    class Fairness(models.TextChoices):
        TIEBREAK = "tiebreak", _("most value; among equals, meetings for more people")
        FIRST = "first", _("a meeting for as many people as possible first, then most value")

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="meeting_programme", verbose_name=_("event"))
    meeting_minutes = models.PositiveSmallIntegerField(_("length of a meeting (minutes)"), default=20)
    default_tables = models.PositiveSmallIntegerField(_("tables per slot"), default=10)
    max_meetings = models.PositiveSmallIntegerField(_("at most this many meetings per person"), null=True, blank=True,
                                                    help_text=_("Empty: no limit beyond the slots."))
    fairness = models.CharField(_("fairness"), max_length=10, choices=Fairness.choices, default=Fairness.TIEBREAK)
    time_limit = models.FloatField(_("time limit of the scheduler (seconds)"), default=30.0)
    requests_open = models.BooleanField(_("participants may request meetings"), default=True)
    requests_need_acceptance = models.BooleanField(
        _("requests need the other side's acceptance"), default=False,
        help_text=_("Off: requests are wishes, and the scheduler weighs them. On: the person asked accepts or declines "
                    "each request before the scheduler runs; only accepted (or mutual) requests are scheduled."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("1:1 meeting programme")
        verbose_name_plural = _("1:1 meeting programmes")
        constraints = [models.CheckConstraint(condition=models.Q(meeting_minutes__gte=5), name="meetings_last_five_minutes_or_more")]

    def __str__(self) -> str:
        return str(self.event)


class Slot(models.Model):
    """A start time at which `tables` meetings run in parallel."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="slots", verbose_name=_("programme"))
    starts_at = models.DateTimeField(_("starts at"))
    tables = models.PositiveSmallIntegerField(_("tables"))

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "starts_at"], name="one_slot_per_start_time")]

    def __str__(self) -> str:
        return local(self.starts_at)

    @property
    def key(self) -> str:
        """The slot's id in a scheduler instance."""
        return f"s{self.pk}"

    def ends_at_for(self, programme: Programme):
        return self.starts_at + timedelta(minutes=programme.meeting_minutes)


class ScheduleRun(models.Model):
    """One run of the scheduler, kept with what it proved (shown to the organiser)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="runs", verbose_name=_("programme"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    full = models.BooleanField(_("full re-run"), default=False,
                               help_text=_("A full re-run may move everyone; otherwise scheduled meetings stay where they are."))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("requested by"))
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    value = models.PositiveIntegerField(_("value"), null=True, blank=True)
    bound = models.PositiveIntegerField(_("proven bound"), null=True, blank=True)
    gap = models.FloatField(_("gap"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=20, blank=True)
    solver_status = models.CharField(_("solver status"), max_length=20, blank=True)
    fallback = models.BooleanField(_("greedy fallback"), default=False)
    fallback_reason = models.TextField(_("why the fallback"), blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    meetings_count = models.PositiveIntegerField(_("meetings"), null=True, blank=True)
    kept_count = models.PositiveIntegerField(_("meetings kept"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    #: the instance sent to the scheduler and its summary (steps, notes), for reproducing a run
    instance = models.JSONField(_("instance"), default=dict, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("scheduler run")
        verbose_name_plural = _("scheduler runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.programme} #{self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def gap_percent(self) -> float | None:
        return None if self.gap is None else round(self.gap * 100, 2)
