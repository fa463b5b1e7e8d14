"""Roadshows: startups apply to pitch, investors and large firms rate, a rating leads to a meeting request."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.organisations.models import Language


class Pitch(models.Model):
    class Stage(models.TextChoices):
        IDEA = "idea", _("idea or prototype")
        SEED = "seed", _("seed")
        ANGEL = "angel", _("angel round")
        SERIES_A = "series_a", _("series A")
        SERIES_B = "series_b", _("series B")
        GROWTH = "growth", _("growth (series C or later)")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        SELECTED = "selected", _("selected to pitch")
        DECLINED = "declined", _("not selected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="pitches", verbose_name=_("roadshow"))
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="event_pitches",
                                     verbose_name=_("startup"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Written by the startup in one language, like an organisation's description (ADR 0401).
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ZH)
    deck = models.ForeignKey("files.StoredFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("pitch deck (PDF)"))
    funding_need_cny = models.PositiveBigIntegerField(_("funding need (CNY)"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], condition=~models.Q(status="withdrawn"),
                                    name="one_pitch_per_startup_and_roadshow"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("events:pitch", kwargs={"pk": self.pk})


class PitchRating(models.Model):
    """One person's rating of a pitch, for their investor or large-firm organisation."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("pitch"))
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="pitch_ratings",
                                     verbose_name=_("rated for"))
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pitch_ratings",
                                 verbose_name=_("rated by"))
    score = models.PositiveSmallIntegerField(_("score (1–5)"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("rated at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("pitch rating")
        verbose_name_plural = _("pitch ratings")
        ordering = ["-score", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pitch", "rated_by"], name="one_rating_per_person_and_pitch"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.pitch}: {self.score}/5 ({self.organisation})"


class EventMeetingRequest(models.Model):
    """A request for a 1:1 meeting at an event: from a pitch rating, or brought in by another app
    (`request_meeting_at_event`: an investor's request about a funding need, issue 25).

    Deliberately minimal: the events app only creates `requested` rows. The 1:1 scheduler
    (innobelt/meetings) picks up the requested ones of an event and sets `scheduled`, or
    `declined` when the invited organisation says no. See docs/adr/0401-events-meeting-zone.md.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        SCHEDULED = "scheduled", _("scheduled")
        DECLINED = "declined", _("declined")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="meeting_requests", verbose_name=_("event"))
    from_organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="event_meetings_asked",
                                          verbose_name=_("from"))
    to_organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="event_meetings_invited",
                                        verbose_name=_("to"))
    rating = models.ForeignKey(PitchRating, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting_requests",
                               verbose_name=_("after the rating"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting request from an event")
        verbose_name_plural = _("meeting requests from events")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "from_organisation", "to_organisation"], condition=models.Q(status="requested"),
                                    name="one_open_event_meeting_request_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.from_organisation} → {self.to_organisation} ({self.event})"
