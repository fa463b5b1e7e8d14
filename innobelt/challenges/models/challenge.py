"""Challenges: a structured call of a large firm (or an operator for it) for proposals, with weighted
criteria, phases with deadlines, an agreement solvers accept before reading confidential details, and
the proposals solvers write (docs/adr/0701-challenges.md).

Deadlines are aware datetimes (stored in UTC, entered and shown in China time). Proposals are read only by
the owner organisation's people, the solver organisation that wrote them and (later) assigned reviewers.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innobelt.bilingual import pick
from innobelt.organisations.models import Language


class Challenge(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")
        AWARDED = "awarded", _("awarded")

    owner = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="challenges", verbose_name=_("organisation"))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    text_language = models.CharField(_("language of the text"), max_length=2, choices=Language.choices, default=Language.ZH)
    statement = models.TextField(_("statement of the challenge"), max_length=10000)
    desired_outcome = models.TextField(_("desired outcome"), max_length=5000, blank=True)
    offers = models.TextField(
        _("what the firm offers"), max_length=5000, blank=True, help_text=_("A pilot site, funding, procurement, access to a laboratory…")
    )
    offered_resources = models.ManyToManyField("resources.Resource", blank=True, related_name="challenges", verbose_name=_("resources offered"))
    eligibility = models.TextField(_("who may take part"), max_length=5000, blank=True)
    agreement = models.TextField(
        _("agreement"), max_length=20000, blank=True, help_text=_("Solvers accept it before they read the confidential details.")
    )
    confidential_details = models.TextField(_("confidential details"), max_length=20000, blank=True)
    proposal_deadline = models.DateTimeField(_("proposals due"))
    industries = models.ManyToManyField("belt.Industry", blank=True, related_name="challenges", verbose_name=_("industries"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    hide_identities = models.BooleanField(_("hide solvers' identities from reviewers"), default=False)
    awarded_proposal = models.ForeignKey(
        "challenges.Proposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("awarded proposal")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    #: not stored: set for the caller by the API (ChallengeDetailOut shows the confidential details only when True)
    details_readable = False

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(title_zh="") & models.Q(title_en="")),
                name="challenge_has_a_title",
                violation_error_message=_("Give a Chinese or an English title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:challenge_detail", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return pick(self.title_zh, self.title_en)

    @property
    def takes_proposals(self) -> bool:
        return self.status == self.Status.PUBLISHED and timezone.now() <= self.proposal_deadline


class Criterion(models.Model):
    """One evaluation criterion; the weights of a challenge's criteria sum to 100."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="criteria")
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight (%)"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=100), name="criterion_weight_1_to_100"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)


class Phase(models.Model):
    """A step of the challenge (ideas, proposals, pilot…) and when it ends.

    Its `kind` says what the platform enforces at its end (domain/phases.py): `proposals` ends at the proposal
    deadline; after the end of `review` no reviewer is assigned and no score taken; after `shortlist` no proposal
    is shortlisted (declining stays possible: every solver gets an answer); after `pilot` no pilot starts and no
    booking is linked to one (and a linked booking ends by then). `other` (ideas, a demo day…) is shown only.
    """

    class Kind(models.TextChoices):
        # labels with a context: another app's catalogue translates a bare "review" otherwise
        OTHER = "other", pgettext_lazy("phase", "other (shown only)")
        PROPOSALS = "proposals", pgettext_lazy("phase", "proposals")
        REVIEW = "review", pgettext_lazy("phase", "review")
        SHORTLIST = "shortlist", pgettext_lazy("phase", "shortlisting")
        PILOT = "pilot", pgettext_lazy("phase", "pilot")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="phases")
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("what ends with it"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    ends_at = models.DateTimeField(_("ends at"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["position", "ends_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)

    @property
    def has_ended(self) -> bool:
        return timezone.now() > self.ends_at


class AgreementAcceptance(models.Model):
    """A solver organisation accepted a challenge's agreement (the text as it was, kept)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="acceptances")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    agreement_text = models.TextField(blank=True)
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["challenge", "organisation"], name="one_acceptance_per_organisation")]

    def __str__(self) -> str:
        return f"{self.organisation} ✓ {self.challenge}"


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="proposals")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="proposals")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("proposal"), max_length=20000)
    team = models.TextField(_("team"), max_length=5000, blank=True)
    trl = models.PositiveSmallIntegerField(_("technology readiness level (1–9)"))
    budget = models.DecimalField(_("budget (CNY)"), max_digits=14, decimal_places=2, null=True, blank=True)
    attachments = models.ManyToManyField("files.StoredFile", blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "organisation"],
                name="one_proposal_per_organisation",
                violation_error_message=_("Your organisation already has a proposal for this challenge."),
            ),
            models.CheckConstraint(
                condition=models.Q(trl__gte=1, trl__lte=9),
                name="proposal_trl_1_to_9",
                violation_error_message=_("The technology readiness level is between 1 and 9."),
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="proposal_budget_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.challenge}"


class Question(models.Model):
    """A question of a solver about a challenge, answered once for all by the owner (public Q&A).

    Answered questions are read by everyone who sees the challenge, without the asker's name; an unanswered
    one by the owner's people and the person who asked it.
    """

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("question"), max_length=2000)
    answer = models.TextField(_("answer"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return self.challenge.get_absolute_url() + f"#question-{self.pk}"
