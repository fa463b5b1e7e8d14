"""Equipment bookings, the owner's blackout periods, and calendar feed tokens."""

import secrets

from django.conf import settings
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innobelt.kit.local_time import span
from innobelt.resources.constraints import PostgresExclusionConstraint, TsTzRange


def approval_reason(count: int) -> str:
    """Why an organisation's bookings wait for the owner's approval (in the active language)."""
    return gettext("Your organisation missed %(n)d bookings of this equipment in the last 90 days without checking in, so the owner "
                   "approves its new bookings before they are confirmed.") % {"n": count}


class Booking(models.Model):
    """A period of an instrument. Its states (vouchers and other apps may read them):
    - confirmed: holds its period (the only state the no-overlap constraint counts);
    - cancelled: by its people or the owner before it started, or by a closure; frees the period;
    - no_show: not checked in within the resource's grace period after its start (`release_no_shows`);
      frees the period, keeps its statement line (the slot was held), what is left is a ReleasedSlot.
    - pending: asked by an organisation with `Resource.approval_after_no_shows` no-shows of the instrument in
      the last 90 days (`no_shows_counted`); holds its period like a confirmed booking until the owner decides;
    - declined: the owner declined a pending booking, or nobody decided before it started; frees the period.
    A confirmed booking is `checked_in_at` once someone checked it in at the instrument (it stays confirmed).
    Kinds: `use` (the seeker uses the instrument) or `training` (a session the owner scheduled for a
    training request; free, no statement line)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        CANCELLED = "cancelled", _("cancelled")
        NO_SHOW = "no_show", _("no-show")
        PENDING = "pending", _("awaiting the owner's approval")
        DECLINED = "declined", _("declined by the owner")

    class Kind(models.TextChoices):
        USE = "use", _("use")
        TRAINING = "training", _("training session")

    resource = models.ForeignKey("resources.Resource", on_delete=models.CASCADE, related_name="bookings",
                                 verbose_name=_("equipment"))
    access_request = models.ForeignKey("resources.AccessRequest", on_delete=models.CASCADE, related_name="bookings",
                                       verbose_name=_("access request"))
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="resource_bookings",
                                     verbose_name=_("for the organisation"))
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_bookings",
                                  verbose_name=_("booked by"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.USE)
    series = models.UUIDField(_("series"), null=True, blank=True, help_text=_("Shared by the bookings of one weekly series."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                      verbose_name=_("checked in by"))
    no_show_at = models.DateTimeField(_("released as a no-show at"), null=True, blank=True)
    no_shows_counted = models.PositiveSmallIntegerField(
        _("no-shows counted"), null=True, blank=True,
        help_text=_("The organisation's no-shows of the instrument in the 90 days before it asked; set when the booking awaited approval."))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("approved or declined by"))
    decided_at = models.DateTimeField(_("approved or declined at"), null=True, blank=True)
    created_at = models.DateTimeField(_("booked at"), default=timezone.now)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["resource", "start"]), models.Index(fields=["organisation", "start"]),
                   models.Index(fields=["status", "start"], name="booking_status_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="booking_ends_after_it_starts"),
            PostgresExclusionConstraint(
                name="no_overlapping_bookings",
                expressions=[
                    ("resource", RangeOperators.EQUAL),
                    (TsTzRange("start", "end", RangeBoundary()), RangeOperators.OVERLAPS),
                ],
                condition=models.Q(status__in=["confirmed", "pending"]),  # Booking.HOLDING
            ),
        ]

    HOLDING = (Status.CONFIRMED, Status.PENDING)  # the states that hold a period (the no-overlap constraint counts them)

    def __str__(self) -> str:
        return f"{self.resource} {span(self.start, self.end)}"

    def get_absolute_url(self) -> str:
        return reverse("resources:booking_detail", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def approval_reason(self) -> str:
        """Why the booking awaited approval, in the active language (blank when it never did)."""
        return approval_reason(self.no_shows_counted) if self.no_shows_counted is not None else ""

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


class Blackout(models.Model):
    """A period in which the owner closes the equipment (holiday, maintenance)."""

    class Kind(models.TextChoices):
        BLACKOUT = "blackout", _("closed")
        MAINTENANCE = "maintenance", _("maintenance")

    resource = models.ForeignKey("resources.Resource", on_delete=models.CASCADE, related_name="blackouts")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.BLACKOUT)
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["start", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="blackout_ends_after_it_starts")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {span(self.start, self.end)}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret in a person's calendar feed URL (calendar apps cannot send a session)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=40, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} ({self.token[:4]}…)"
