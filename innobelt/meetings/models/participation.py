"""Participants' cooperation profiles, their requests and the meetings placed."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_calendar_token() -> str:
    return secrets.token_hex(20)


class Participant(models.Model):
    """A confirmed registration taking part in the 1:1 meetings, with its cooperation profile."""

    programme = models.ForeignKey("meetings.Programme", on_delete=models.CASCADE, related_name="participants",
                                  verbose_name=_("programme"))
    registration = models.OneToOneField("events.Registration", on_delete=models.CASCADE, related_name="meeting_participant",
                                        verbose_name=_("registration"))
    offers = models.TextField(_("what we offer"), blank=True,
                              help_text=_("Technology, equipment, know-how, markets… in Chinese or English."))
    seeks = models.TextField(_("what we are looking for"), blank=True,
                             help_text=_("Partners, technology, customers, funding… in Chinese or English."))
    max_meetings = models.PositiveSmallIntegerField(_("at most this many meetings"), null=True, blank=True,
                                                    help_text=_("Empty: the organiser's limit."))
    unavailable = models.ManyToManyField("meetings.Slot", blank=True, related_name="unavailable_participants",
                                         verbose_name=_("slots I cannot attend"))
    #: the secret of the personal calendar feed (calendar apps poll it without signing in)
    calendar_token = models.CharField(max_length=40, unique=True, default=new_calendar_token, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("1:1 participant")
        verbose_name_plural = _("1:1 participants")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        """The participant's id in a scheduler instance."""
        return f"p{self.pk}"

    @property
    def name(self) -> str:
        registration = self.registration
        who = str(registration.user)
        return f"{who} · {registration.organisation.name}" if registration.organisation_id else who


class MeetingRequest(models.Model):
    """How much `requester` wants to meet `target`. "No thanks" blocks the pair both ways."""

    class Priority(models.TextChoices):
        MUST = "must", _("must meet")
        LIKE = "like", _("would like to meet")
        NO = "no", _("no thanks")

    class Response(models.TextChoices):
        NONE = "", _("no answer yet")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    programme = models.ForeignKey("meetings.Programme", on_delete=models.CASCADE, related_name="requests", verbose_name=_("programme"))
    requester = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="requests_made", verbose_name=_("from"))
    target = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="requests_received", verbose_name=_("to"))
    priority = models.CharField(_("priority"), max_length=4, choices=Priority.choices)
    #: the roadshow request (after a pitch rating) this one was taken in from, if any (domain/event_requests.py)
    event_request = models.ForeignKey("events.EventMeetingRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                      verbose_name=_("from the event's meeting request"))
    #: the target's answer, when the programme's requests need acceptance (domain/participation.respond_to_request)
    response = models.CharField(_("answer"), max_length=8, choices=Response.choices, blank=True, default="")
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("1:1 meeting request")
        verbose_name_plural = _("1:1 meeting requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["requester", "target"], name="one_meeting_request_per_direction"),
            models.CheckConstraint(condition=~models.Q(requester=models.F("target")), name="no_meeting_request_to_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.target} ({self.get_priority_display()})"


class Meeting(models.Model):
    """A meeting of two participants at a table in a slot."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        CANCELLED = "cancelled", _("cancelled")

    class CancelReason(models.TextChoices):
        PARTICIPANT = "participant", _("cancelled by a participant")
        ORGANISER = "organiser", _("cancelled by the organiser")
        REGISTRATION = "registration", _("a registration for the event was cancelled")
        RESCHEDULED = "rescheduled", _("dropped when the scheduler ran again")

    #: reasons that are nobody's decision about the pair: it may be scheduled again (domain/scheduling.build_instance);
    #: any other cancellation (by a participant or the organiser) blocks the pair
    NOT_DECIDED = (CancelReason.REGISTRATION, CancelReason.RESCHEDULED)

    class Outcome(models.TextChoices):
        HELD = "held", _("held")
        NO_SHOW = "no_show", _("no-show")
        FOLLOW_UP = "follow_up", _("held, follow-up agreed")

    programme = models.ForeignKey("meetings.Programme", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("programme"))
    run = models.ForeignKey("meetings.ScheduleRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings",
                            verbose_name=_("placed by run"))
    a = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_as_a", verbose_name=_("participant"))
    b = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="meetings_as_b", verbose_name=_("partner"))
    slot = models.ForeignKey("meetings.Slot", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("slot"))
    table = models.PositiveSmallIntegerField(_("table"))
    fixed = models.BooleanField(_("fixed by the organiser"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED, db_index=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=12, choices=CancelReason.choices, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField(_("note on the outcome"), max_length=500, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("1:1 meeting")
        verbose_name_plural = _("1:1 meetings")
        ordering = ["slot__starts_at", "table", "id"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], condition=models.Q(status="scheduled"), name="one_meeting_per_table_and_slot"),
            models.CheckConstraint(condition=~models.Q(a=models.F("b")), name="no_meeting_with_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.a} × {self.b} · {self.slot} · {self.table}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def partner_of(self, participant: Participant) -> Participant:
        return self.b if participant.pk == self.a_id else self.a
