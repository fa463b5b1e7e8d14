"""The service zone: providers, the services they offer, and requests routed to them (issue 24, ADR 0901).

A provider is an organisation (agency, service centre, incubator, bank, law firm, consultancy) with a load
limit; each of its services has a category, the cities it serves, languages, a fee and a response and a
resolution target in working days. A request names a category, the firm's city and the city where the
service is needed; routing (domain/routing.py) picks the service whose provider handles it. Due dates are
local dates in China time counted on the working calendar (calendar.py).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.bilingual import pick


class Category(models.TextChoices):
    GOVERNMENT = "government", _("government affairs and cross-provincial handling")
    TALENT = "talent", _("talent and residence")
    FINANCE = "finance", _("finance and funding applications")
    ABROAD = "abroad", _("going abroad")
    LEGAL_IP = "legal_ip", _("legal and intellectual property")
    INCUBATION = "incubation", _("incubation")
    MARKET_ENTRY = "market_entry", _("market entry")
    TESTING = "testing", _("testing and certification")


class ServiceLanguage(models.TextChoices):
    ZH = "zh", _("Chinese")
    EN = "en", _("English")


class Provider(models.Model):
    """An organisation that offers services, with how many open requests it takes at once."""

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE,
                                        related_name="service_provider", verbose_name=_("organisation"))
    load_limit = models.PositiveIntegerField(_("open requests at most"), default=20,
                                             help_text=_("Routing skips the provider while it has this many open requests."))
    last_routed_at = models.DateTimeField(_("last request routed at"), null=True, blank=True)
    is_active = models.BooleanField(_("takes requests"), default=True)

    class Meta:
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.organisation)


class Service(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="services",
                                 verbose_name=_("provider"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, db_index=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), max_length=5000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=5000, blank=True)
    cities = models.ManyToManyField("belt.City", related_name="services", verbose_name=_("cities served"))
    languages = models.JSONField(_("languages"), default=list, help_text=_("Language codes: zh, en."))
    fee = models.DecimalField(_("fee (CNY)"), max_digits=12, decimal_places=2, default=0)
    fee_note_zh = models.CharField(_("fee note (Chinese)"), max_length=200, blank=True)
    fee_note_en = models.CharField(_("fee note (English)"), max_length=200, blank=True)
    response_days = models.PositiveSmallIntegerField(_("response target (working days)"), default=1)
    resolution_days = models.PositiveSmallIntegerField(_("resolution target (working days)"), default=10)
    is_active = models.BooleanField(_("offered"), default=True)
    search_document = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["category", "pk"]
        constraints = [
            models.CheckConstraint(condition=~(models.Q(title_zh="") & models.Q(title_en="")),
                                   name="service_has_a_title"),
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="service_fee_not_negative"),
            models.CheckConstraint(condition=models.Q(response_days__gte=1) & models.Q(resolution_days__gte=1),
                                   name="service_targets_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("services:detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)

    @property
    def description(self) -> str:
        return pick(self.description_zh, self.description_en)

    @property
    def fee_note(self) -> str:
        return pick(self.fee_note_zh, self.fee_note_en)

    @property
    def language_labels(self) -> list[str]:
        labels = dict(ServiceLanguage.choices)
        return [str(labels[code]) for code in self.languages if code in labels]


class ServiceRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", _("accepted")
        IN_PROGRESS = "in_progress", _("in progress")
        WAITING = "waiting", _("waiting for the client")
        RESOLVED = "resolved", _("resolved")
        CLOSED = "closed", _("closed")
        REJECTED = "rejected", _("rejected")

    OPEN = (Status.NEW, Status.ACCEPTED, Status.IN_PROGRESS, Status.WAITING)

    firm = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="service_requests",
                             verbose_name=_("firm"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("requested by"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    wanted_service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                       verbose_name=_("service asked for"))
    need = models.TextField(_("what you need"), max_length=5000)
    firm_city = models.ForeignKey("belt.City", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("city of the firm"))
    target_city = models.ForeignKey("belt.City", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("city where the service is needed"))
    language = models.CharField(_("preferred language"), max_length=2, choices=ServiceLanguage.choices,
                                default=ServiceLanguage.ZH)
    attachments = models.ManyToManyField("files.StoredFile", blank=True, related_name="+",
                                         verbose_name=_("attachments"))
    cross_provincial = models.BooleanField(_("cross-provincial"), default=False)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests",
                                verbose_name=_("routed to service"))
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests",
                                 verbose_name=_("provider"))
    thread = models.ForeignKey("conversations.Thread", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("conversation"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    response_due_on = models.DateField(_("response due"), null=True, blank=True)
    resolution_due_on = models.DateField(_("resolution due"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("waiting for the client since"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(_("working days paused"), default=0)
    calendar_fallback = models.BooleanField(
        _("due dates counted Monday to Friday"), default=False,
        help_text=_("The official holiday schedule of a year in the clock was not published yet."))
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True, db_index=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("comment"), max_length=2000, blank=True)
    voucher = models.ForeignKey("vouchers.Voucher", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="service_requests", verbose_name=_("innovation voucher"),
                                help_text=_("Pays its share of the fee once the provider accepts."))

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                                   name="service_request_rating_1_to_5"),
        ]
        indexes = [models.Index(fields=["provider", "status"]), models.Index(fields=["firm", "status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("services:request_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class RequestStep(models.Model):
    """One step of a request's history: a status change, a routing or a pass-on, with its reason."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="steps")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    passed_on = models.BooleanField(default=False)
    #: set when an operator reassigned the request: the provider it was taken from (`provider` is the new one)
    reassigned_from = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(max_length=2000, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("request step")
        verbose_name_plural = _("request steps")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status} → {self.to_status}"

    @property
    def status_label(self) -> str:
        return str(ServiceRequest.Status(self.to_status).label)


class HolidaySchedule(models.Model):
    """The official holiday schedule of one year as platform operators entered it (ADR 0901, "Entered schedules").

    The State Council's schedule is national, so there is one for the Belt per year. Once a year has one, it
    replaces chinese-calendar's data for that year: its days are as entered, every other day Monday to Friday.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("holiday schedule")
        verbose_name_plural = _("holiday schedules")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day of an entered schedule: a public holiday or an official make-up working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("public holiday")
        MAKEUP_WORKDAY = "makeup_workday", _("make-up working day")

    schedule = models.ForeignKey(HolidaySchedule, on_delete=models.CASCADE, related_name="days",
                                 verbose_name=_("holiday schedule"))
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)
