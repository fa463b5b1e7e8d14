"""Forms of the needs pages: they only shape input; the domain checks it (kit.forms.add_validation_errors)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.belt.models import City, Industry
from innobelt.challenges.models import Need
from innobelt.organisations.models import Organisation

NEED_FIELDS = ["title_zh", "title_en", "text_language", "problem", "desired_outcome", "details", "industries",
               "budget_min", "budget_max", "deadline", "confidentiality"]


class NeedFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    city = forms.ChoiceField(label=_("City or district"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["industry"].choices = everything + sorted(((i.code, i.name) for i in Industry.objects.all()),
                                                              key=lambda x: x[1])
        self.fields["city"].choices = everything + [(c.slug, c.name) for c in City.objects.all()]
        others = [(value, label) for value, label in Need.Status.choices if value != Need.Status.OPEN]
        self.fields["status"].choices = [("", _("Open")), *others]


class NeedForm(forms.ModelForm):
    owner = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    class Meta:
        model = Need
        fields = NEED_FIELDS
        widgets = {"industries": forms.CheckboxSelectMultiple, "deadline": forms.DateInput(attrs={"type": "date"}),
                   "problem": forms.Textarea(attrs={"rows": 5}), "desired_outcome": forms.Textarea(attrs={"rows": 3}),
                   "details": forms.Textarea(attrs={"rows": 4})}

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
    message = forms.CharField(label=_("Message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Who you are and how you would approach the need, in a few lines."))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        ids = [o.pk for o in organisations]
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=ids).order_by("name_en", "name_zh")
        if len(ids) == 1:
            self.initial["organisation"] = ids[0]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The organisation that answered reads it."))


class RenewForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"}))


class ChallengeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
