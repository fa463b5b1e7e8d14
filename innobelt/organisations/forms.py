from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.belt.choices import city_choices, industry_choices
from innobelt.imports.forms import ImportUploadForm
from innobelt.kit.forms import MonthField
from innobelt.kit.widgets import FastCheckboxInput, FastParagraphs, FastSelect, FastTextInput
from innobelt.organisations.models import Claim, Membership, Organisation


class DirectoryFilterForm(FastParagraphs, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=FastTextInput)
    city = forms.ChoiceField(label=_("City or district"), required=False, widget=FastSelect)
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=FastSelect)
    industry = forms.ChoiceField(label=_("Industry"), required=False, widget=FastSelect)
    goi = forms.BooleanField(label=_("GOI members only"), required=False, widget=FastCheckboxInput)
    verified = forms.BooleanField(label=_("Verified only"), required=False, widget=FastCheckboxInput)
    month = MonthField(label=_("Joined in (month)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["city"].choices = everything + city_choices()
        self.fields["kind"].choices = everything + list(Organisation.Kind.choices)
        self.fields["industry"].choices = everything + industry_choices()


class OrganisationProfileForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name_zh", "name_en", "kind", "city", "industries", "description", "description_language",
                  "credit_code", "country", "founded_year", "size_band", "website"]
        widgets = {"industries": forms.CheckboxSelectMultiple}


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = ["kind", "position", "evidence"]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's e-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ImportForm(ImportUploadForm):
    pass


class IncubationForm(forms.Form):
    """An incubator names a startup it incubates (the startup confirms)."""

    startup = forms.SlugField(label=_("Startup"), max_length=80,
                              help_text=_("The startup's address in the directory: the last part of its page's "
                                          "address, e.g. “xnode” for /organisations/xnode/."))
    started_on = forms.DateField(label=_("Incubated since"), widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(label=_("Incubated until"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("Blank while the startup is still incubated."))

    def clean_startup(self):
        found = Organisation.objects.filter(slug=self.cleaned_data["startup"]).first()
        if found is None:
            raise forms.ValidationError(_("No organisation has this address."))
        return found
