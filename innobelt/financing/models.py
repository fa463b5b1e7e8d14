"""Funding needs, investors' theses, meeting requests and dedicated funds (issue 25; ADR 1001).

A funding need is a startup's or SME's ask (stage, amount in yuan, use of funds, traction). It is read
only by verified investors, operators and the startup's own people, never anonymously; `hidden` keeps it
to the team. An investor organisation keeps one thesis (stages, ticket range, sectors, cities) that
ranks needs for it and it for needs. A dedicated fund (integrated circuits, biomedicine) is run by the
operators of its city (platform operators when it has none) with a budget; awards never exceed what is
left of it (`domain.award_application` checks under a row lock on the fund).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.bilingual import pick


class Stage(models.TextChoices):
    SEED = "seed", _("seed")
    ANGEL = "angel", _("angel round")
    SERIES_A = "a", _("Series A")
    SERIES_B = "b", _("Series B")
    GROWTH = "growth", _("growth")
    LOAN = "loan", _("bank loan")


class DeckAudience(models.TextChoices):
    """Who besides the startup's own people may download a funding need's pitch deck (never operators: the deck
    is the startup's to share). Investors must also be allowed to read the need (verified, the need open)."""

    TEAM = "team", _("our team only")
    CHOSEN = "chosen", _("the investors we choose")
    INVESTORS = "investors", _("every verified investor who reads the need")


class FundingNeed(models.Model):
    class Visibility(models.TextChoices):
        INVESTORS = "investors", _("verified investors and operators")
        HIDDEN = "hidden", _("our team only")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="funding_needs", verbose_name=_("organisation")
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    amount = models.DecimalField(_("amount sought (CNY)"), max_digits=14, decimal_places=2)
    use_of_funds = models.TextField(_("use of funds"), max_length=3000)
    traction = models.TextField(_("traction"), max_length=3000, blank=True)
    industries = models.ManyToManyField("belt.Industry", blank=True, related_name="funding_needs", verbose_name=_("industries"))
    city = models.ForeignKey("belt.City", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("city"))
    visibility = models.CharField(_("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.INVESTORS)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("posted by")
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    deck = models.ForeignKey("files.StoredFile", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("pitch deck"))
    deck_audience = models.CharField(_("who may download the pitch deck"), max_length=10, choices=DeckAudience.choices, default=DeckAudience.TEAM)
    deck_investors = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="+", verbose_name=_("investors chosen to download the pitch deck")
    )

    class Meta:
        verbose_name = _("funding need")
        verbose_name_plural = _("funding needs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~(models.Q(title_zh="") & models.Q(title_en="")), name="funding_need_has_a_title"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funding_need_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("financing:need_detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)


class Thesis(models.Model):
    """What an investor organisation funds: one thesis per organisation."""

    class InvestorType(models.TextChoices):
        VC = "vc", _("venture capital")
        ANGEL = "angel", _("angel investor")
        BANK = "bank", _("bank")
        GUIDANCE = "guidance", _("government guidance fund")

    organisation = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE, related_name="thesis", verbose_name=_("organisation"))
    investor_type = models.CharField(_("kind of investor"), max_length=10, choices=InvestorType.choices)
    stages = models.JSONField(_("stages"), default=list, blank=True)
    ticket_min = models.DecimalField(_("ticket from (CNY)"), max_digits=14, decimal_places=2, default=Decimal("0"))
    ticket_max = models.DecimalField(_("ticket up to (CNY)"), max_digits=14, decimal_places=2)
    sectors = models.ManyToManyField("belt.Industry", blank=True, related_name="+", verbose_name=_("sectors"))
    cities = models.ManyToManyField("belt.City", blank=True, related_name="+", verbose_name=_("cities"))
    summary = models.TextField(_("what we look for"), max_length=3000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("investment thesis")
        verbose_name_plural = _("investment theses")
        constraints = [
            models.CheckConstraint(condition=models.Q(ticket_min__gte=0), name="thesis_ticket_min_not_negative"),
            models.CheckConstraint(condition=models.Q(ticket_max__gte=models.F("ticket_min")), name="thesis_ticket_range_in_order"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        """A thesis has no page of its own: the investor's organisation page (matches link there)."""
        return self.organisation.get_absolute_url()


class MeetingRequest(models.Model):
    """An investor asks a startup to meet about a funding need; the talk goes on in a conversation thread. Asked
    for an event's 1:1 meetings (the meeting zone), it is an `events.EventMeetingRequest` as well, which the
    scheduler of `meetings` places in a slot; without an event it is a standalone meeting the two arrange in the
    conversation."""

    need = models.ForeignKey(FundingNeed, on_delete=models.CASCADE, related_name="meeting_requests", verbose_name=_("funding need"))
    investor = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("investor"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("requested by"))
    message = models.TextField(_("message"), max_length=2000)
    thread = models.ForeignKey(
        "conversations.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("conversation")
    )
    event_request = models.ForeignKey(
        "events.EventMeetingRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("request in the meeting zone"),
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["need", "investor"], name="one_meeting_request_per_investor")]

    def __str__(self) -> str:
        return f"{self.investor} → {self.need}"


class Fund(models.Model):
    """A dedicated fund (专项基金) as a programme: a call with a budget, criteria and a deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("open for applications")
        CLOSED = "closed", _("closed")

    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    sector = models.ForeignKey("belt.Industry", on_delete=models.PROTECT, related_name="+", verbose_name=_("sector"))
    city = models.ForeignKey(
        "belt.City",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("city"),
        help_text=_("Its district operators run the fund."),
    )
    eligibility = models.TextField(_("eligibility"), max_length=3000, blank=True)
    criteria = models.TextField(_("criteria"), max_length=3000, blank=True)
    budget = models.DecimalField(_("budget (CNY)"), max_digits=14, decimal_places=2)
    awarded_total = models.DecimalField(_("awarded so far (CNY)"), max_digits=14, decimal_places=2, default=Decimal("0"), editable=False)
    deadline = models.DateField(_("deadline"), help_text=_("The last day (China time) to apply."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("reviewers"))
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)

    class Meta:
        verbose_name = _("dedicated fund")
        verbose_name_plural = _("dedicated funds")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(budget__gt=0), name="fund_budget_positive"),
            models.CheckConstraint(condition=models.Q(awarded_total__lte=models.F("budget")), name="fund_awards_within_budget"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("financing:fund_detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.awarded_total


class FundApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        AWARDED = "awarded", _("awarded")
        REJECTED = "rejected", _("not awarded")

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="applications", verbose_name=_("fund"))
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation"))
    need = models.ForeignKey(FundingNeed, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("funding need"))
    amount = models.DecimalField(_("amount requested (CNY)"), max_digits=14, decimal_places=2)
    plan = models.TextField(_("plan"), max_length=5000)
    prefilled = models.JSONField(_("data the platform holds"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    awarded_amount = models.DecimalField(_("amount awarded (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True)
    released_total = models.DecimalField(_("released so far (CNY)"), max_digits=14, decimal_places=2, default=Decimal("0"), editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("submitted by"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("fund application")
        verbose_name_plural = _("fund applications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "organisation"], name="one_application_per_fund_and_organisation"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_application_amount_positive"),
            models.CheckConstraint(
                condition=models.Q(released_total=0) | models.Q(released_total__lte=models.F("awarded_amount")),
                name="financing_releases_within_award",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.fund}"


class FundReview(models.Model):
    """A reviewer's score of an application, given after declaring no conflict of interest."""

    application = models.ForeignKey(FundApplication, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("application"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("reviewer"))
    score = models.PositiveSmallIntegerField(_("score (0–100)"))
    comment = models.TextField(_("comment"), max_length=3000, blank=True)
    no_conflict = models.BooleanField(_("I declare no conflict of interest"), default=False)
    created_at = models.DateTimeField(_("scored at"), default=timezone.now)

    class Meta:
        verbose_name = _("fund review")
        verbose_name_plural = _("fund reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="financing_one_review_per_reviewer"),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="fund_review_score_at_most_100"),
            models.CheckConstraint(condition=models.Q(no_conflict=True), name="fund_review_declares_no_conflict"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.application}"


class Milestone(models.Model):
    """A tranche of an award, released by the fund's operators when it is met: once, never beyond the award."""

    application = models.ForeignKey(FundApplication, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("application"))
    number = models.PositiveSmallIntegerField(_("number"))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)
    due = models.DateField(_("due"), null=True, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("released by")
    )

    class Meta:
        verbose_name = _("disbursement milestone")
        verbose_name_plural = _("disbursement milestones")
        ordering = ["application", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="financing_one_milestone_per_number"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="financing_milestone_amount_positive"),
            models.CheckConstraint(condition=~(models.Q(title_zh="") & models.Q(title_en="")), name="financing_milestone_has_a_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)
