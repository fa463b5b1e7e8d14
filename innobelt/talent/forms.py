"""Forms of the talent pages: they only shape input; the domain checks it (kit.forms.add_validation_errors)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.belt.models import City
from innobelt.organisations.models import Organisation
from innobelt.talent.models import Position, PositionApplication, Recognition, TalentProfile


class ProfileForm(forms.ModelForm):
    cities = forms.ModelMultipleChoiceField(
        label=_("Cities you would work in"), queryset=City.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(
        label=_("I agree that my profile is shown and matched as its visibility says (personal information protection law)"), required=False
    )

    class Meta:
        model = TalentProfile
        fields = ["headline", "summary", "field", "skills", "degrees", "languages", "visibility"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def _post_clean(self):
        pass  # the domain checks the profile

    def domain_arguments(self):
        data = dict(self.cleaned_data)
        return data.pop("cities"), data.pop("consent"), data


class ApplyForm(forms.Form):
    message = forms.CharField(label=_("Message"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(label=_("I agree to share my talent profile with this organisation"), required=True)


class MoveForm(forms.Form):
    status = forms.ChoiceField(label=_("Next step"), choices=[(v, label) for v, label in PositionApplication.Status.choices if v != "applied"])
    reason = forms.CharField(label=_("Reason (when declining)"), max_length=2000, required=False)


class RecognitionForm(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"), choices=Recognition.Programme.choices)
    city = forms.ModelChoiceField(label=_("District"), queryset=City.objects.none())
    review_note = forms.CharField(label=_("Review"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, cities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities if cities is not None else City.objects.none()


class PositionForm(forms.ModelForm):
    """Posting (with the organisation to post for) or changing a position."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    class Meta:
        model = Position
        fields = ["kind", "title_zh", "title_en", "description", "field", "skills", "city", "language", "level"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:  # changing: the organisation stays
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            if organisations.count() == 1:
                self.initial["organisation"] = organisations.first().pk

    def _post_clean(self):
        pass  # the domain checks the position

    def domain_arguments(self):
        data = dict(self.cleaned_data)
        if data.pop("organisation", None) is not None and data.get("city") is None:
            data.pop("city", None)  # posting: the organisation's city unless another is chosen
        return data
