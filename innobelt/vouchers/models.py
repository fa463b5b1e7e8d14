"""Innovation vouchers (科技创新券): programmes, applications, vouchers, their ledger, reservations, claims.

Money is integer fen everywhere in this app (1 yuan = 100 fen), so sums are exact and a ledger
sum is an integer (docs/adr/0801-vouchers.md).

The ledger: every change of a voucher's money is one `LedgerEntry`, append-only. An entry moves
money between the voucher's `available` and `reserved` pots (issue +available; reserve −available
+reserved; release +available −reserved; redeem −reserved; expire −available). The voucher keeps the
two sums in `available_fen` and `reserved_fen`, written only under a row lock on the voucher together
with the entry, and both are checked never negative by the database. A third pot, `redeemed`, holds what
was spent (redeem −reserved +redeemed); a claw-back takes part of it back (−redeemed) and returns it to the
programme's budget. A programme keeps what it issued, less what was clawed back, in `issued_fen`, never above
`budget_fen` (database check too).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.bilingual import BilingualNameMixin


class Use(models.TextChoices):
    INSTRUMENT_TIME = "instrument_time", _("instrument time")
    SAMPLE_TESTING = "sample_testing", _("sample testing")
    TECHNICAL_SERVICES = "technical_services", _("technical services")


def yuan(fen: int) -> str:
    """Fen as yuan text with two decimals (exact: integer arithmetic)."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


class Programme(BilingualNameMixin, models.Model):
    class Spendable(models.TextChoices):
        OWN_CITY = "own_city", _("in the issuing city or district only")
        ACCEPTING = "accepting", _("also in Alliance cities that accepted the programme")

    class Status(models.TextChoices):
        OPEN = "open", _("open for applications")
        CLOSED = "closed", _("closed")

    class Mode(models.TextChoices):  # the two modes of 通用通兑 (issue 23)
        REDEMPTION = "redemption", _("the firm pays its co-payment; the provider redeems the voucher's share")
        REIMBURSEMENT = "reimbursement", _("the firm pays in full and is reimbursed the voucher's share")

    authority = models.ForeignKey(
        "belt.City",
        on_delete=models.PROTECT,
        related_name="voucher_programmes",
        verbose_name=_("issuing city or district"),
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    budget_fen = models.BigIntegerField(_("budget (fen)"))
    issued_fen = models.BigIntegerField(_("issued (fen)"), default=0, editable=False)
    per_firm_cap_fen = models.BigIntegerField(_("cap per firm (fen)"))
    co_payment_percent = models.PositiveSmallIntegerField(
        _("co-payment (%)"), default=30, help_text=_("The share of each bill the firm pays itself.")
    )
    uses = models.JSONField(_("eligible uses"), default=list)
    spendable = models.CharField(
        _("where it may be spent"), max_length=10, choices=Spendable.choices, default=Spendable.OWN_CITY
    )
    mode = models.CharField(
        _("how the voucher pays"), max_length=13, choices=Mode.choices, default=Mode.REDEMPTION,
        help_text=_("Reimbursed: the firm pays the provider in full and claims the voucher's share back itself."),
    )
    accepted_in = models.ManyToManyField(
        "belt.City", blank=True, related_name="accepted_voucher_programmes", verbose_name=_("accepted in")
    )
    verified_only = models.BooleanField(_("verified firms only"), default=True)
    size_bands = models.JSONField(_("sizes"), default=list, blank=True, help_text=_("Empty: any size."))
    industries = models.ManyToManyField(
        "belt.Industry",
        blank=True,
        related_name="voucher_programmes",
        verbose_name=_("industries"),
        help_text=_("Empty: any industry."),
    )
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"))
    validity_days = models.PositiveSmallIntegerField(_("vouchers valid for (days)"), default=365)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("voucher programme")
        verbose_name_plural = _("voucher programmes")
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget_fen__gt=0), name="voucher_budget_positive"),
            models.CheckConstraint(
                condition=models.Q(issued_fen__gte=0, issued_fen__lte=models.F("budget_fen")),
                name="voucher_budget_never_exceeded",
            ),
            models.CheckConstraint(condition=models.Q(per_firm_cap_fen__gt=0), name="voucher_cap_positive"),
            models.CheckConstraint(
                condition=models.Q(co_payment_percent__lte=90), name="voucher_co_payment_at_most_90"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("vouchers:programme", kwargs={"pk": self.pk})

    @property
    def reimburses(self) -> bool:
        return self.mode == self.Mode.REIMBURSEMENT

    @property
    def remaining_fen(self) -> int:
        return self.budget_fen - self.issued_fen

    def spendable_in(self) -> list[str]:
        """The names of the cities where its vouchers may be spent (the authority first)."""
        accepted = list(self.accepted_in.all()) if self.spendable == self.Spendable.ACCEPTING else []
        return [self.authority.name, *(c.name for c in accepted)]

    def use_labels(self) -> list[str]:
        return [str(Use(u).label) for u in self.uses if u in Use.values]


class Application(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="applications", verbose_name=_("programme")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="voucher_applications",
        verbose_name=_("organisation"),
    )
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_fen = models.BigIntegerField(_("amount asked for (fen)"))
    purpose = models.TextField(_("what the voucher is for"), max_length=3000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    approved_fen = models.BigIntegerField(_("amount approved (fen)"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied at"), default=timezone.now)

    class Meta:
        verbose_name = _("voucher application")
        verbose_name_plural = _("voucher applications")
        ordering = ["-created_at", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(requested_fen__gt=0), name="voucher_request_positive")]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("vouchers:application", kwargs={"pk": self.pk})


class Voucher(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        EXPIRED = "expired", _("expired")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("programme")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="vouchers", verbose_name=_("organisation")
    )
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="voucher"
    )
    issued_fen = models.BigIntegerField(_("issued (fen)"))
    available_fen = models.BigIntegerField(_("available (fen)"), default=0)
    reserved_fen = models.BigIntegerField(_("reserved (fen)"), default=0)
    redeemed_fen = models.BigIntegerField(_("redeemed (fen)"), default=0)
    expires_on = models.DateField(_("valid until"), help_text=_("The last day (China time) it may be used."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["-issued_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(available_fen__gte=0), name="voucher_available_never_negative"),
            models.CheckConstraint(condition=models.Q(reserved_fen__gte=0), name="voucher_reserved_never_negative"),
            models.CheckConstraint(condition=models.Q(redeemed_fen__gte=0), name="vouchers_redeemed_never_negative"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("vouchers:voucher", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


#: The foreign keys of `Reservation` naming what a share pays, one per redeemable kind (vouchers/redeemables.py). A
#: new kind adds its foreign key below and its name here; the constraints that follow are built from this tuple.
PAID_FIELDS = ("booking", "service_request", "sample_job")
_LIVE_CONSTRAINT_NAMES = {"booking": "one_live_voucher_reservation_per_booking"}  # named before the others


def _one_live_per_paid_thing() -> list[models.UniqueConstraint]:
    """At most one live (reserved or redeemed) reservation per booking, request, job…"""
    return [
        models.UniqueConstraint(
            fields=[name],
            condition=models.Q(status__in=["reserved", "redeemed"]),
            name=_LIVE_CONSTRAINT_NAMES.get(name, f"vouchers_one_live_reservation_per_{name}"),
        )
        for name in PAID_FIELDS
    ]


def _pays_exactly_one_thing() -> models.CheckConstraint:
    """Exactly one of the PAID_FIELDS is set."""
    condition = models.Q()
    for name in PAID_FIELDS:
        condition |= models.Q(**{f"{other}__isnull": other != name for other in PAID_FIELDS})
    return models.CheckConstraint(condition=condition, name="vouchers_reservation_pays_one_thing")


class Reservation(models.Model):
    """The voucher's share of one booking, one service request or one sample job, held until the work is done (redeemed) or
    cancelled (released)."""

    class Status(models.TextChoices):
        RESERVED = "reserved", _("reserved")
        RELEASED = "released", _("released")
        REDEEMED = "redeemed", _("redeemed")

    voucher = models.ForeignKey(
        Voucher, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("voucher")
    )
    booking = models.ForeignKey(
        "resources.Booking",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voucher_reservations",
        verbose_name=_("booking"),
    )
    service_request = models.ForeignKey(  # services sits below vouchers: named by string, never imported
        "services.ServiceRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voucher_reservations",
        verbose_name=_("service request"),
    )
    sample_job = models.ForeignKey(  # resources' sample-testing job (送样检测) whose accepted quote it pays
        "resources.SampleJob",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voucher_reservations",
        verbose_name=_("sample job"),
    )
    provider = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="voucher_redemptions",
        verbose_name=_("provider"),
    )
    provider_city = models.ForeignKey(
        "belt.City",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("where it was spent"),
    )
    use = models.CharField(_("use"), max_length=20, choices=Use.choices)
    idempotency_key = models.CharField(_("idempotency key"), max_length=80)
    total_fen = models.BigIntegerField(_("bill (fen)"))
    amount_fen = models.BigIntegerField(_("voucher share (fen)"))
    co_payment_fen = models.BigIntegerField(_("co-payment (fen)"))
    clawed_back_fen = models.BigIntegerField(_("clawed back (fen)"), default=0, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RESERVED, db_index=True
    )
    claim = models.ForeignKey(
        "vouchers.Claim",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reservations",
        verbose_name=_("claim"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("reserved at"), default=timezone.now)
    settled_at = models.DateTimeField(_("redeemed or released at"), null=True, blank=True)

    class Meta:
        verbose_name = _("voucher reservation")
        verbose_name_plural = _("voucher reservations")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["voucher", "idempotency_key"], name="voucher_reservation_idempotent"),
            models.CheckConstraint(
                condition=models.Q(amount_fen__gt=0, co_payment_fen__gte=0), name="voucher_share_positive"
            ),
            *_one_live_per_paid_thing(),
            _pays_exactly_one_thing(),
            models.CheckConstraint(
                condition=models.Q(clawed_back_fen__gte=0, clawed_back_fen__lte=models.F("amount_fen")),
                name="vouchers_claw_back_at_most_the_share",
            ),
        ]

    def __str__(self) -> str:
        paid = (f"b{self.booking_id}" if self.booking_id else f"s{self.service_request_id}" if self.service_request_id
                else f"j{self.sample_job_id}")
        return f"{self.voucher_id}/{paid}: {yuan(self.amount_fen)}"

    @property
    def paid_for(self):
        """The booking, the service request, the sample job… the share pays for (its kind's foreign key)."""
        from innobelt.vouchers import redeemables  # the registry reads this module: looked up when called

        return redeemables.paid_object(self)

    @property
    def kind(self) -> str:
        """The key of its redeemable kind ("booking", "sample_job", "service_request", …)."""
        from innobelt.vouchers import redeemables

        return redeemables.kind_of(self).key

    @property
    def net_fen(self) -> int:
        """The voucher's share less what was clawed back: what the payee is owed."""
        return self.amount_fen - self.clawed_back_fen


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        ISSUE = "issue", _("issued")
        RESERVE = "reserve", _("reserved")
        RELEASE = "release", _("released")
        REDEEM = "redeem", _("redeemed")
        EXPIRE = "expire", _("expired")
        CLAW_BACK = "claw_back", _("clawed back")

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    available_change_fen = models.BigIntegerField(_("change of the available amount (fen)"))
    reserved_change_fen = models.BigIntegerField(_("change of the reserved amount (fen)"))
    redeemed_change_fen = models.BigIntegerField(_("change of the redeemed amount (fen)"), default=0)
    reservation = models.ForeignKey(
        Reservation, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["voucher", "created_at"])]

    def __str__(self) -> str:
        return f"{self.voucher_id} {self.kind} {self.available_change_fen}/{self.reserved_change_fen}"


class Claim(models.Model):
    """A provider asks the issuing authority to pay the redemptions it delivered under one programme; or, in a
    programme that reimburses, a firm asks for the voucher's share of a use it paid in full (`provider` is then
    the firm: the organisation paid)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        MORE_ASKED = "more_asked", _("more evidence asked for")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    class Kind(models.TextChoices):
        REDEMPTION = "redemption", _("provider's redemption")
        REIMBURSEMENT = "reimbursement", _("firm's reimbursement")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="claims", verbose_name=_("programme")
    )
    provider = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="voucher_claims",
        verbose_name=_("provider"),
    )
    kind = models.CharField(_("kind"), max_length=13, choices=Kind.choices, default=Kind.REDEMPTION)
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    question = models.CharField(_("what the issuing authority asked for"), max_length=500, blank=True)
    answer = models.TextField(_("the answer"), max_length=2000, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("voucher claim")
        verbose_name_plural = _("voucher claims")
        ordering = ["-submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.provider} {yuan(self.amount_fen)}"

    def get_absolute_url(self) -> str:
        return reverse("vouchers:claim", kwargs={"pk": self.pk})


class ClawBack(models.Model):
    """The issuing authority takes back (part of) a redemption that should not have been paid, with a reason: the
    share's `clawed_back_fen` rises, a `claw_back` ledger entry takes it out of the voucher's redeemed pot and the
    programme's budget gets it back. If the share was settled already, the next period closed carries a negative
    line for it (`settled_before`); otherwise its claim's amount was reduced (docs/adr/0801-vouchers.md)."""

    reservation = models.ForeignKey(
        Reservation, on_delete=models.PROTECT, related_name="claw_backs", verbose_name=_("redemption")
    )
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    reason = models.CharField(_("reason"), max_length=500)
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="claw_backs",
        verbose_name=_("claim"),
    )
    settled_before = models.BooleanField(_("settled before"), default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("clawed back at"), default=timezone.now)

    class Meta:
        verbose_name = _("claw-back")
        verbose_name_plural = _("claw-backs")
        ordering = ["-created_at", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="vouchers_claw_back_positive")]

    def __str__(self) -> str:
        return f"{self.reservation_id}: -{yuan(self.amount_fen)}"


class SettlementPeriod(models.Model):
    """A period (a month, say) the issuing authority closed: every redemption and reimbursement of its programmes
    approved by then and not yet settled is fixed on one of its `SettlementLine`s, a statement per payee."""

    authority = models.ForeignKey(
        "belt.City", on_delete=models.PROTECT, related_name="voucher_settlement_periods",
        verbose_name=_("issuing city or district"),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    amount_fen = models.BigIntegerField(_("amount (fen)"), default=0)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now)

    class Meta:
        verbose_name = _("settlement period")
        verbose_name_plural = _("settlement periods")
        ordering = ["-ends_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "starts_on"], name="vouchers_period_closed_once"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="vouchers_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.starts_on.isoformat()}–{self.ends_on.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("vouchers:settlement", kwargs={"pk": self.pk})


class SettlementLine(models.Model):
    """One redemption (or reimbursement) settled in one period: a reservation is on one positive line at most, ever;
    a claw-back of a settled share is one negative line (`claw_back`) in the next period closed."""

    class Kind(models.TextChoices):
        REDEMPTION = "redemption", _("provider's redemption")
        REIMBURSEMENT = "reimbursement", _("firm's reimbursement")
        CLAW_BACK = "claw_back", _("claw-back")

    period = models.ForeignKey(SettlementPeriod, on_delete=models.PROTECT, related_name="lines")
    reservation = models.ForeignKey(Reservation, on_delete=models.PROTECT, related_name="settlement_lines")
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="settlement_lines")
    payee = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="voucher_settlement_lines",
        verbose_name=_("paid to"),
    )
    kind = models.CharField(_("kind"), max_length=13, choices=Kind.choices)
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    claw_back = models.OneToOneField(
        ClawBack, null=True, blank=True, on_delete=models.PROTECT, related_name="settlement_line",
        verbose_name=_("claw-back"),
    )

    class Meta:
        verbose_name = _("settlement line")
        verbose_name_plural = _("settlement lines")
        ordering = ["payee_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reservation"], condition=models.Q(claw_back__isnull=True), name="vouchers_settled_once"
            ),
            models.CheckConstraint(
                condition=models.Q(claw_back__isnull=True, amount_fen__gt=0)
                | models.Q(claw_back__isnull=False, amount_fen__lt=0),
                name="vouchers_settlement_line_signed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.reservation_id}: {yuan(self.amount_fen)}"
