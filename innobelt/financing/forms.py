"""Forms of the financing pages: they only shape input; the domain checks it (kit.forms.add_validation_errors)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.financing.models import FundingNeed
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


class MeetingForm(forms.Form):
    investor = forms.ModelChoiceField(label=_("For"), queryset=Organisation.objects.none())
    message = forms.CharField(label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, investors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investor"].queryset = investors if investors is not None else Organisation.objects.none()
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
