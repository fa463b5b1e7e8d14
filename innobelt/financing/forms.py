"""Forms of the financing pages: they only shape input; the domain checks it (kit.forms.add_validation_errors)."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.accounts.models import User
from innobelt.belt.models import City, Industry
from innobelt.bilingual import join_list
from innobelt.financing.models import DeckAudience, Fund, FundingNeed, Stage, Thesis
from innobelt.kit.local_time import local
from innobelt.meetings.models import Programme
from innobelt.organisations.models import Organisation


class FundingNeedForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    class Meta:
        model = FundingNeed
        fields = ["title_zh", "title_en", "stage", "amount", "use_of_funds", "traction", "industries", "visibility"]
        widgets = {
            "industries": forms.CheckboxSelectMultiple,
            "use_of_funds": forms.Textarea(attrs={"rows": 4}),
            "traction": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations if organisations is not None else Organisation.objects.none()
        if organisations is not None and organisations.count() == 1:
            self.initial["organisation"] = organisations.first().pk

    def _post_clean(self):
        pass  # the domain checks the need, with its messages, and nothing is saved on a refusal

    def domain_arguments(self):
        data = dict(self.cleaned_data)
        data.pop("organisation")
        industries = data.pop("industries")
        return data, industries


class ProgrammeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.event.title} · {local(obj.event.starts_at)}"


class MeetingForm(forms.Form):
    investor = forms.ModelChoiceField(label=_("For"), queryset=Organisation.objects.none())
    message = forms.CharField(label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    programme = ProgrammeChoice(
        label=_("Meet at an event's 1:1 meetings"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("no event: arrange it in the conversation"),
        help_text=_("The event's scheduler gives the meeting a slot and a table once both sides take part."),
    )

    def __init__(self, *args, investors=None, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investor"].queryset = investors if investors is not None else Organisation.objects.none()
        self.fields["programme"].queryset = programmes if programmes is not None else Programme.objects.none()
        if investors is not None and investors.count() == 1:
            self.initial["investor"] = investors.first().pk


class ApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    need = forms.ModelChoiceField(label=_("Funding need"), queryset=FundingNeed.objects.none(), required=False)
    amount = forms.DecimalField(label=_("Amount requested (CNY)"), max_digits=14, decimal_places=2, min_value=0)
    plan = forms.CharField(label=_("Plan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, organisations=(), needs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if len(organisations) == 1:
            self.initial["organisation"] = organisations[0].pk
        self.fields["need"].queryset = needs if needs is not None else FundingNeed.objects.none()


class ScoreForm(forms.Form):
    score = forms.IntegerField(label=_("Score (0–100)"), min_value=0, max_value=100)
    comment = forms.CharField(label=_("Comment"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    no_conflict = forms.BooleanField(label=_("I declare no conflict of interest with the applicant"), required=True)


class AwardForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount awarded (CNY)"), max_digits=14, decimal_places=2, min_value=0, required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ThesisForm(forms.Form):
    investor_type = forms.ChoiceField(label=_("Kind of investor"), choices=Thesis.InvestorType.choices)
    stages = forms.MultipleChoiceField(label=_("Stages"), choices=Stage.choices, required=False, widget=forms.CheckboxSelectMultiple)
    ticket_min = forms.DecimalField(label=_("Ticket from (CNY)"), max_digits=14, decimal_places=2, min_value=0, required=False)
    ticket_max = forms.DecimalField(label=_("Ticket up to (CNY)"), max_digits=14, decimal_places=2, min_value=0)
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Industry.objects.order_by("code"), required=False, widget=forms.CheckboxSelectMultiple
    )
    cities = forms.ModelMultipleChoiceField(label=_("Cities"), queryset=City.objects.all(), required=False, widget=forms.CheckboxSelectMultiple)
    summary = forms.CharField(label=_("What we look for"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 4}))

    @staticmethod
    def initial_of(thesis: Thesis | None) -> dict:
        if thesis is None:
            return {}
        return {
            "investor_type": thesis.investor_type,
            "stages": thesis.stages,
            "ticket_min": thesis.ticket_min,
            "ticket_max": thesis.ticket_max,
            "sectors": list(thesis.sectors.all()),
            "cities": list(thesis.cities.all()),
            "summary": thesis.summary,
        }


class ReviewersForm(forms.Form):
    """The fund's reviewers by e-mail address, one a line (an unknown address is an error, nothing saved)."""

    emails = forms.CharField(
        label=_("Reviewers' e-mail addresses"),
        help_text=_("One a line. They must have an account."),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_emails(self):
        wanted = [line.strip().lower() for line in self.cleaned_data["emails"].splitlines() if line.strip()]
        people = {u.email.lower(): u for u in User.objects.filter(email__in=wanted, is_active=True)}
        unknown = [e for e in wanted if e not in people]
        if unknown:
            raise forms.ValidationError(_("No account has these addresses: %(emails)s") % {"emails": join_list(unknown)})
        return [people[e] for e in dict.fromkeys(wanted)]


class MilestonesForm(forms.Form):
    """The award's milestones, one a line: amount | title | due date (optional, YYYY-MM-DD)."""

    lines = forms.CharField(
        label=_("Milestones"),
        help_text=_("One a line: amount in yuan | title | due date (optional, YYYY-MM-DD). The amounts add up to the award."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "300000 | 流片 | 2027-03-31"}),
    )

    def clean_lines(self):
        milestones = []
        for number, line in enumerate((x for x in self.cleaned_data["lines"].splitlines() if x.strip()), start=1):
            parts = [p.strip() for p in line.split("|")]
            if len(parts) not in (2, 3) or not parts[1]:
                raise forms.ValidationError(_("Line %(n)s: write amount | title | date.") % {"n": number})
            due = None
            if len(parts) == 3 and parts[2]:
                try:
                    due = date.fromisoformat(parts[2])
                except ValueError:
                    raise forms.ValidationError(_("Line %(n)s: give the date as YYYY-MM-DD.") % {"n": number}) from None
            language = "title_zh" if re.search(r"[\u4e00-\u9fff]", parts[1]) else "title_en"
            milestones.append({"amount": parts[0], language: parts[1], "due": due})
        return milestones


class DeckForm(forms.Form):
    file = forms.FileField(label=_("Pitch deck (PDF, at most 20 MB)"), required=False)
    audience = forms.ChoiceField(label=_("Who may download it"), choices=DeckAudience.choices)
    investors = forms.ModelMultipleChoiceField(
        label=_("Investors we choose"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Investors who asked to meet about this need."),
    )

    def __init__(self, *args, investors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investors"].queryset = investors if investors is not None else Organisation.objects.none()


class FundForm(forms.ModelForm):
    """A dedicated fund's call, opened or changed by its operators. The cities offered are the operator's
    (every city, or none, for platform operators); the domain checks title, budget and deadline."""

    class Meta:
        model = Fund
        fields = ["title_zh", "title_en", "sector", "city", "eligibility", "criteria", "budget", "deadline", "status"]
        widgets = {
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "criteria": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, cities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Industry.objects.order_by("code")
        if cities is not None:  # a district operator: one of their cities, never none (platform operators' funds)
            self.fields["city"].queryset = cities
            self.fields["city"].required = True
            self.fields["city"].empty_label = None
        if self.instance.pk is None:
            del self.fields["status"]  # a call opens open

    def _post_clean(self):
        pass  # the domain checks the call, with its messages, and nothing is saved on a refusal

    def apply_to(self, fund: Fund) -> Fund:
        for name, value in self.cleaned_data.items():
            setattr(fund, name, value)
        return fund
