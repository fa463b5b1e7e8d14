"""An event of the meeting zone and its programme: rooms, speakers, sessions and registration questions."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innobelt.bilingual import BilingualNameMixin, pick
from innobelt.organisations.models import Language


class Event(models.Model):
    class Kind(models.TextChoices):
        FORUM = "forum", _("forum")
        ROADSHOW = "roadshow", _("roadshow")
        SUMMIT = "summit", _("summit")
        INNOVATION_DAY = "innovation_day", _("innovation day")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("event status", "draft")
        PUBLISHED = "published", _("published")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid (in person and online)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_language = models.CharField(_("language of the description"), max_length=2, choices=Language.choices, default=Language.ZH)
    organiser = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="organised_events",
        verbose_name=_("organising organisation"), help_text=_("Empty when the platform or a district operator organises it."),
    )
    city = models.ForeignKey("belt.City", on_delete=models.PROTECT, related_name="events", verbose_name=_("city or district"))
    venue_zh = models.CharField(_("venue (Chinese)"), max_length=200, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    mode = models.CharField(_("format"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    online_url = models.URLField(_("online link"), blank=True, help_text=_("For online and hybrid events; shown to registered people only."))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True, help_text=_("Empty: registration closes when the event starts."),
    )
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Empty: no limit."))
    requires_approval = models.BooleanField(_("registrations need the organiser's approval"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~(models.Q(title_zh="") & models.Q(title_en="")), name="event_has_a_title"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)

    @property
    def venue(self) -> str:
        return pick(self.venue_zh, self.venue_en)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def registration_deadline(self):
        """Registration is open until this moment (never after the start)."""
        if self.registration_closes_at is None:
            return self.starts_at
        return min(self.registration_closes_at, self.starts_at)

    def registration_is_open(self, now=None) -> bool:
        return self.is_published and (now or timezone.now()) < self.registration_deadline


class Room(BilingualNameMixin, models.Model):
    """A room of the event's venue."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("event"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name_en", "name_zh", "id"]
        constraints = [models.CheckConstraint(condition=~(models.Q(name_zh="") & models.Q(name_en="")), name="room_has_a_name")]

    def __str__(self) -> str:
        return self.name


class Speaker(BilingualNameMixin, models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("event"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    affiliation_zh = models.CharField(_("affiliation (Chinese)"), max_length=200, blank=True)
    affiliation_en = models.CharField(_("affiliation (English)"), max_length=200, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    bio_language = models.CharField(_("language of the biography"), max_length=2, choices=Language.choices, default=Language.ZH)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name_en", "name_zh", "id"]
        constraints = [models.CheckConstraint(condition=~(models.Q(name_zh="") & models.Q(name_en="")), name="speaker_has_a_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def affiliation(self) -> str:
        return pick(self.affiliation_zh, self.affiliation_en)


class Session(models.Model):
    """One item of the agenda."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event"))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_language = models.CharField(_("language of the description"), max_length=2, choices=Language.choices, default=Language.ZH)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions", verbose_name=_("room"))
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="sessions", verbose_name=_("speakers"))

    class Meta:
        verbose_name = pgettext_lazy("agenda item", "session")
        verbose_name_plural = pgettext_lazy("agenda item", "sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~(models.Q(title_zh="") & models.Q(title_en="")), name="session_has_a_title"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)


class Question(models.Model):
    """A question the organiser asks everyone who registers."""

    class Kind(models.TextChoices):
        TEXT = "text", _("short text")
        CHOICE = "choice", _("one choice")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions", verbose_name=_("event"))
    label_zh = models.CharField(_("question (Chinese)"), max_length=200, blank=True)
    label_en = models.CharField(_("question (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    #: for choice questions: [{"zh": "…", "en": "…"}, …]; an answer keeps the chosen position and its text
    options = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["position", "id"]
        constraints = [models.CheckConstraint(condition=~(models.Q(label_zh="") & models.Q(label_en="")), name="question_has_a_label")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick(self.label_zh, self.label_en)

    @property
    def option_labels(self) -> list[str]:
        return [pick(o.get("zh", ""), o.get("en", "")) for o in self.options]
