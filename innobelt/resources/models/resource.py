"""The GOI register: one row per shared resource, whatever its kind.

Kind-specific facts live in nullable or blank columns of the same table
(docs/adr/0301-resource-sharing.md explains why); `KIND_FIELDS` says which
columns belong to which kind, and forms, the API, the import and the
templates read it instead of repeating the lists.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.bilingual import pick
from innobelt.organisations.models import Language
from innobelt.resources import opening_hours as opening

logger = logging.getLogger(__name__)


class OpeningHoursField(models.JSONField):
    """Weekly opening hours, [[weekday, "HH:MM", "HH:MM"], ...] (see resources/opening_hours.py).

    Every ModelForm and full_clean checks the shape (the validator); a stored value of another shape
    (written around the checks) reads as no opening hours instead of breaking every page that shows it.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [opening.validate_opening_hours])
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        if not value:
            return value
        try:
            return opening.validate_opening_hours(value)
        except ValidationError:
            logger.warning("opening hours of the wrong shape read as none: %r", value)
            return []


class Resource(models.Model):
    class Kind(models.TextChoices):
        EQUIPMENT = "equipment", _("equipment")
        PATENT = "patent", _("patent")
        SOLUTION = "solution", _("industrial solution")
        SCENARIO = "scenario", _("application scenario or pilot line")
        DATASET = "dataset", _("dataset")
        SOFTWARE = "software", _("software or tooling")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("everyone")
        VERIFIED = "verified", _("members of verified organisations")
        CITIES = "cities", _("organisations in chosen cities")

    class Terms(models.TextChoices):
        FREE = "free", _("free")
        COST_PRICE = "cost_price", _("at cost price")
        NEGOTIABLE = "negotiable", _("negotiable")

    class PatentStatus(models.TextChoices):
        PENDING = "pending", _("application pending")
        GRANTED = "granted", _("granted")
        EXPIRED = "expired", _("expired")

    class Licensing(models.TextChoices):
        FREE_TRIAL = "free_trial", _("free trial licence")
        ROYALTY = "royalty", _("royalty")
        NEGOTIABLE = "negotiable", _("negotiable")
        ASSIGNMENT = "assignment", _("assignment")

    owner = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="resources",
                              verbose_name=_("owner"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, db_index=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("For a patent: its abstract."))
    description_language = models.CharField(_("language of the description"), max_length=2, choices=Language.choices,
                                            default=Language.ZH)
    category = models.CharField(_("category"), max_length=100, blank=True,
                                help_text=_("For example: X-ray diffraction, electron microscopy, battery testing."))
    industries = models.ManyToManyField("belt.Industry", blank=True, related_name="resources", verbose_name=_("industries"))
    city = models.ForeignKey("belt.City", on_delete=models.PROTECT, null=True, blank=True, related_name="resources",
                             verbose_name=_("city or district"))
    visibility = models.CharField(_("who may see it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    visible_cities = models.ManyToManyField("belt.City", blank=True, related_name="+", verbose_name=_("chosen cities"),
                                            help_text=_("Only with “organisations in chosen cities”."))
    terms = models.CharField(_("terms"), max_length=12, choices=Terms.choices, default=Terms.NEGOTIABLE)
    terms_note = models.TextField(_("conditions"), blank=True, help_text=_("Prices, insurance, acknowledgement in publications…"))
    requires_nda = models.BooleanField(_("a non-disclosure agreement is required"), default=False)
    only_smes_and_startups = models.BooleanField(_("only SMEs and startups"), default=False)
    only_belt_organisations = models.BooleanField(_("only organisations in the Belt"), default=False)
    only_goi_members = models.BooleanField(_("only GOI-supported firms"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    # equipment
    maker = models.CharField(_("manufacturer"), max_length=120, blank=True)
    model_number = models.CharField(_("model"), max_length=120, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True, help_text=_("Building and room."))
    opening_hours = OpeningHoursField(_("opening hours"), default=list, blank=True,
                                     help_text=_("Weekly, e.g. “Mon-Fri 09:00-17:00; Sat 09:00-12:00”."))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), null=True, blank=True)
    training_required = models.BooleanField(_("training required"), default=False)
    check_in_grace_minutes = models.PositiveSmallIntegerField(
        _("check-in grace period (minutes)"), null=True, blank=True,
        help_text=_("A booking not checked in this long after it starts is released to the waitlist. Blank: no check-in."))
    approval_after_no_shows = models.PositiveSmallIntegerField(
        _("approval after no-shows"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("After this many no-shows in 90 days, an organisation's new bookings wait for your approval. Blank: never."))
    check_in_code = models.CharField(_("check-in code"), max_length=8, blank=True,
                                     help_text=_("Shown on the poster at the instrument; made when the poster is first opened."))
    supervision_required = models.BooleanField(_("supervised use only"), default=False)
    accepts_samples = models.BooleanField(_("accepts samples for testing"), default=False,
                                          help_text=_("Seekers may send samples that the owner's staff measure (送样检测)."))
    capacity = models.PositiveSmallIntegerField(_("people per session"), null=True, blank=True)
    cancellation_hours = models.PositiveSmallIntegerField(
        _("cancellation notice (hours)"), default=24,
        help_text=_("Users may cancel a booking up to this many hours before it starts; owners at any time."))

    # patent
    patent_number = models.CharField(_("patent number"), max_length=40, blank=True)
    patent_status = models.CharField(_("patent status"), max_length=10, choices=PatentStatus.choices, blank=True)
    claims_summary = models.TextField(_("summary of the claims"), blank=True)
    licensing_modes = models.JSONField(_("licensing modes"), default=list, blank=True)

    # industrial solution, application scenario or pilot line
    problem_solved = models.TextField(_("problem solved"), blank=True)
    trl = models.PositiveSmallIntegerField(_("technology readiness level (1–9)"), null=True, blank=True)
    deployment_conditions = models.TextField(_("deployment conditions"), blank=True)

    # dataset, software or tooling
    access_conditions = models.TextField(_("access conditions"), blank=True)
    data_format = models.CharField(_("format"), max_length=120, blank=True)

    # served by resources:photo to whoever may see the resource (the file itself stays private)
    photo = models.ForeignKey("files.StoredFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              editable=False, verbose_name=_("photo"))
    search_document = models.TextField(editable=False, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("shared resource")
        verbose_name_plural = _("shared resources")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~(models.Q(title_zh="") & models.Q(title_en="")), name="resource_has_a_title",
                                   violation_error_message=_("Give a Chinese or an English title.")),
            models.CheckConstraint(condition=models.Q(trl__isnull=True) | models.Q(trl__gte=1, trl__lte=9), name="resource_trl_1_to_9",
                                   violation_error_message=_("The technology readiness level is between 1 and 9.")),
            models.CheckConstraint(condition=models.Q(slot_minutes__isnull=True) | models.Q(slot_minutes__gte=5),
                                   name="resource_slot_at_least_5_minutes",
                                   violation_error_message=_("Give the slot length in minutes (5 to 1440).")),
        ]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)

    @property
    def other_title(self) -> str:
        other = pick(self.title_en, self.title_zh)
        return other if other and other != self.title else ""

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_bookable(self) -> bool:
        return self.kind == self.Kind.EQUIPMENT

    @property
    def kind_fields(self) -> list[str]:
        return KIND_FIELDS[self.kind]

    @property
    def eligibility_rules(self) -> list[str]:
        """The names of the eligibility rules this resource sets."""
        return [name for name in ELIGIBILITY_FIELDS if getattr(self, name)]

    def licensing_labels(self) -> list[str]:
        labels = dict(self.Licensing.choices)
        return [str(labels.get(mode, mode)) for mode in self.licensing_modes or []]


EQUIPMENT_FIELDS = ["maker", "model_number", "location", "opening_hours", "slot_minutes", "training_required",
                    "supervision_required", "capacity", "cancellation_hours", "check_in_grace_minutes",
                    "approval_after_no_shows", "accepts_samples"]
PATENT_FIELDS = ["patent_number", "patent_status", "claims_summary", "licensing_modes"]
SOLUTION_FIELDS = ["problem_solved", "trl", "deployment_conditions"]
DATA_FIELDS = ["access_conditions", "data_format"]
KIND_FIELDS = {
    Resource.Kind.EQUIPMENT: EQUIPMENT_FIELDS,
    Resource.Kind.PATENT: PATENT_FIELDS,
    Resource.Kind.SOLUTION: SOLUTION_FIELDS,
    Resource.Kind.SCENARIO: SOLUTION_FIELDS,
    Resource.Kind.DATASET: DATA_FIELDS,
    Resource.Kind.SOFTWARE: DATA_FIELDS,
}
ALL_KIND_FIELDS = sorted({name for names in KIND_FIELDS.values() for name in names})
ELIGIBILITY_FIELDS = ["only_smes_and_startups", "only_belt_organisations", "only_goi_members"]
COMMON_FIELDS = ["kind", "title_zh", "title_en", "description", "description_language", "category", "city", "visibility",
                 "terms", "terms_note", "requires_nda", *ELIGIBILITY_FIELDS, "contact_name", "contact_email", "contact_phone"]
