"""Forms of the needs pages: they only shape input; the domain checks it (kit.forms.add_validation_errors)."""

from datetime import datetime

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from innobelt.belt.models import City, Industry
from innobelt.bilingual import join_list
from innobelt.challenges.models import Challenge, Need, Phase, Pipeline, Proposal
from innobelt.kit.forms import MonthField
from innobelt.kit.local_time import span
from innobelt.organisations.models import Language, Organisation
from innobelt.resources.models import Booking

NEED_FIELDS = [
    "title_zh",
    "title_en",
    "text_language",
    "problem",
    "desired_outcome",
    "details",
    "industries",
    "budget_min",
    "budget_max",
    "deadline",
    "confidentiality",
]


ANY_STATUS = "any"  # the need list's status filter: needs of every status (insights' needs posted by month)


class NeedFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    city = forms.ChoiceField(label=_("City or district"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    month = MonthField(label=_("Posted in (month)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["industry"].choices = everything + sorted(((i.code, i.name) for i in Industry.objects.all()), key=lambda x: x[1])
        self.fields["city"].choices = everything + [(c.slug, c.name) for c in City.objects.all()]
        others = [(value, label) for value, label in Need.Status.choices if value != Need.Status.OPEN]
        self.fields["status"].choices = [("", _("Open")), *others, (ANY_STATUS, _("Any status"))]


class NeedForm(forms.ModelForm):
    owner = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    class Meta:
        model = Need
        fields = NEED_FIELDS
        widgets = {
            "industries": forms.CheckboxSelectMultiple,
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "problem": forms.Textarea(attrs={"rows": 5}),
            "desired_outcome": forms.Textarea(attrs={"rows": 3}),
            "details": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = owners if owners is not None else Organisation.objects.none()
            if owners is not None and owners.count() == 1:
                self.initial["owner"] = owners.first().pk

    def _post_clean(self):
        pass  # the domain checks the need (validate_need), with its messages, and nothing is saved on a refusal

    def domain_arguments(self) -> tuple[dict, list]:
        """(fields, industries) for post_need and update_need."""
        data = dict(self.cleaned_data)
        data.pop("owner", None)
        industries = list(data.pop("industries", []))
        return data, industries


class InterestForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())
    message = forms.CharField(
        label=_("Message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who you are and how you would approach the need, in a few lines."),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        ids = [o.pk for o in organisations]
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=ids).order_by("name_en", "name_zh")
        if len(ids) == 1:
            self.initial["organisation"] = ids[0]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("The organisation that answered reads it.")
    )


class RenewForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"}))


class ChallengeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


CHALLENGE_FIELDS = [
    "title_zh",
    "title_en",
    "text_language",
    "statement",
    "desired_outcome",
    "offers",
    "eligibility",
    "agreement",
    "confidential_details",
    "proposal_deadline",
    "industries",
]


def phase_kind(text: str) -> str | None:
    """A phase's kind as typed on the form: its code ("review") or its name in English or Chinese ("评审")."""
    wanted = text.strip().casefold()
    for kind in Phase.Kind:
        names = {kind.value}
        for language in ("en", "zh-hans"):
            with translation.override(language):
                names.add(str(kind.label).casefold())
        if wanted in names:
            return kind.value
    return None


def _lines(text: str) -> list[list[str]]:
    return [[part.strip() for part in line.split("|")] for line in text.splitlines() if line.strip()]


class ChallengeForm(forms.ModelForm):
    """A challenge with its criteria ("name | weight" a line) and phases ("name | 2026-06-30 17:00" a line)."""

    owner = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    criteria = forms.CharField(
        label=_("Evaluation criteria"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: name | weight in %. The weights add up to 100."),
    )
    phases = forms.CharField(
        label=_("Phases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: name | end as 2026-06-30 17:00 (China time), and optionally | what ends with it: proposals (at the "
            "proposal deadline), review (reviewers and scores), shortlist (shortlisting) or pilot (starting the pilot and "
            "linking bookings)."
        ),
    )

    class Meta:
        model = Challenge
        fields = CHALLENGE_FIELDS
        widgets = {
            "industries": forms.CheckboxSelectMultiple,
            "proposal_deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "statement": forms.Textarea(attrs={"rows": 6}),
            "desired_outcome": forms.Textarea(attrs={"rows": 3}),
            "offers": forms.Textarea(attrs={"rows": 3}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "agreement": forms.Textarea(attrs={"rows": 4}),
            "confidential_details": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["owner"]
            challenge = self.instance
            self.initial["criteria"] = "\n".join(f"{c.name} | {c.weight}" for c in challenge.criteria.all())
            self.initial["phases"] = "\n".join(
                f"{p.name} | {timezone.localtime(p.ends_at):%Y-%m-%d %H:%M}" + ("" if p.kind == Phase.Kind.OTHER else f" | {p.kind}")
                for p in challenge.phases.all()
            )
            if challenge.status != Challenge.Status.DRAFT:
                self.fields["criteria"].disabled = True
        else:
            self.fields["owner"].queryset = owners if owners is not None else Organisation.objects.none()

    def _post_clean(self):
        pass  # the domain checks the challenge, with its messages, and nothing is saved on a refusal

    def _named(self, name: str) -> dict[str, str]:
        language = self.cleaned_data.get("text_language") or "zh"
        return {"name_zh": name, "name_en": ""} if language == "zh" else {"name_zh": "", "name_en": name}

    def clean_criteria(self):
        rows = []
        for parts in _lines(self.cleaned_data["criteria"]):
            if len(parts) != 2 or not parts[1].isdigit():
                raise forms.ValidationError(_("Write each criterion as: name | weight."))
            rows.append((parts[0], int(parts[1])))
        return rows

    def clean_phases(self):
        rows = []
        for parts in _lines(self.cleaned_data["phases"]):
            try:
                ends = datetime.strptime(parts[1], "%Y-%m-%d %H:%M") if len(parts) in (2, 3) else None
            except ValueError:
                ends = None
            if ends is None:
                raise forms.ValidationError(_("Write each phase as: name | 2026-06-30 17:00, or name | 2026-06-30 17:00 | review."))
            kind = phase_kind(parts[2]) if len(parts) == 3 else Phase.Kind.OTHER
            if kind is None:
                raise forms.ValidationError(
                    _("What ends with a phase is one of: %(kinds)s.") % {"kinds": join_list(k for k in Phase.Kind.values if k != Phase.Kind.OTHER)}
                )
            rows.append((parts[0], ends, kind))
        return rows

    def domain_arguments(self) -> dict:
        """Keyword arguments for draft_challenge and update_challenge."""
        data = dict(self.cleaned_data)
        data.pop("owner", None)
        criteria = data.pop("criteria")
        phases = data.pop("phases")
        data["industries"] = list(data.pop("industries", []))
        if not self.fields["criteria"].disabled:
            data["criteria"] = [{**self._named(name), "weight": weight} for name, weight in criteria]
        data["phases"] = [{**self._named(name), "ends_at": ends, "kind": kind} for name, ends, kind in phases]
        return data


class OrganisationChoiceForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        ids = [o.pk for o in organisations]
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=ids).order_by("name_en", "name_zh")
        if len(ids) == 1:
            self.initial["organisation"] = ids[0]


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["text", "team", "trl", "budget"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10}), "team": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        pass  # the domain checks the proposal (and the deadline); nothing is saved on a refusal


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("PDF file"), help_text=_("A PDF, checked by its content."))


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The owner answers once for all solvers; your name is not shown."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewerForm(forms.Form):
    email = forms.EmailField(label=_("Reviewer's e-mail address"))


class DeclineProposalForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Pipeline.Reason.choices, help_text=_("The solver always reads it."))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class LeavePipelineForm(forms.Form):
    """The solver's admins step out of the pipeline, with a reason from the owner's list."""

    reason = forms.ChoiceField(label=_("Reason"), choices=Pipeline.Reason.choices, help_text=_("The firm reads it."))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place or video link"), required=False, max_length=300)


class NdaForm(forms.Form):
    file = forms.FileField(
        label=_("Signed NDA (PDF)"), required=False, help_text=_("Leave empty to use the platform's agreement, which the solver accepts.")
    )


class PilotForm(forms.Form):
    plan = forms.CharField(
        label=_("The pilot"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where, how long, which resources of the register it books."),
    )


class PilotBookingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.resource.title} · {span(obj.start, obj.end)} · {obj.get_status_display()}"


class PilotBookingForm(forms.Form):
    """Link a booking the solver organisation made in the resources register to the pilot."""

    booking = PilotBookingChoice(label=_("Booking"), queryset=Booking.objects.none())

    def __init__(self, *args, bookings=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bookings is not None:
            self.fields["booking"].queryset = bookings


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Result"),
        choices=[(Pipeline.Stage.CONTRACT, Pipeline.Stage.CONTRACT.label), (Pipeline.Stage.INVESTMENT, Pipeline.Stage.INVESTMENT.label)],
    )
    amount = forms.DecimalField(label=_("Amount (CNY)"), required=False, min_value=0, max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class OpenCallApplyForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Team (your organisation)"), queryset=Organisation.objects.none())
    text = forms.CharField(
        label=_("How your team takes the problem on"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your approach, your team and what you have already achieved on the problem."),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        ids = [o.pk for o in organisations]
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=ids).order_by("name_en", "name_zh")
        if len(ids) == 1:
            self.initial["organisation"] = ids[0]


class MilestoneReportForm(forms.Form):
    report = forms.CharField(
        label=_("What was reached"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The operator reads it and accepts or sends it back."),
    )


class SendBackForm(forms.Form):
    note = forms.CharField(label=_("What is missing"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), help_text=_("The team reads it."))


class OpenCallForm(forms.Form):
    """An open call (揭榜挂帅): its city, bilingual title, problem, funding in yuan, deadline and milestones
    ("name | share" or "中文名 | English name | share" a line, shares adding up to 100)."""

    city = forms.ModelChoiceField(label=_("City or district"), queryset=City.objects.none())
    title_zh = forms.CharField(label=_("Title (Chinese)"), required=False, max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), required=False, max_length=250)
    text_language = forms.ChoiceField(label=_("Language of the text"), choices=Language.choices, initial=Language.ZH)
    problem = forms.CharField(label=_("The problem"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))
    funding = forms.DecimalField(label=_("Funding (CNY)"), max_digits=14, decimal_places=2, help_text=_("In yuan, to the fen, e.g. 3000000.00."))
    deadline = forms.DateTimeField(
        label=_("Applications until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("China time."),
    )
    milestones = forms.CharField(
        label=_("Milestones"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: name | share in %, or 中文名 | English name | share. The shares add up to 100."),
    )

    def __init__(self, *args, cities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities if cities is not None else City.objects.none()
        if cities is not None and cities.count() == 1:
            self.initial["city"] = cities.first().pk

    def clean_milestones(self):
        rows = []
        for parts in _lines(self.cleaned_data["milestones"]):
            if len(parts) not in (2, 3) or not parts[-1].isdigit() or not all(parts[:-1]):
                raise forms.ValidationError(_("Write each milestone as: name | share, or 中文名 | English name | share."))
            rows.append((parts[:-1], int(parts[-1])))
        return rows

    def domain_arguments(self) -> dict:
        """Keyword arguments for post_open_call (the city apart)."""
        data = dict(self.cleaned_data)
        data.pop("city")
        language = data.get("text_language") or Language.ZH
        milestones = []
        for names, share in data.pop("milestones"):
            if len(names) == 2:
                milestones.append({"name_zh": names[0], "name_en": names[1], "share": share})
            elif language == Language.ZH:
                milestones.append({"name_zh": names[0], "name_en": "", "share": share})
            else:
                milestones.append({"name_zh": "", "name_en": names[0], "share": share})
        data["milestones"] = milestones
        return data
