from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.belt.models import City, Industry
from innobelt.matching.registry import SOURCES


class FindPartnersForm(forms.Form):
    q = forms.CharField(label=_("What do you need?"), max_length=500,
                        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("e.g. 锂电池隔膜材料 or wafer-level packaging test")}))
    kind = forms.ChoiceField(label=_("Looking for"), required=False)
    city = forms.ChoiceField(label=_("City or district"), required=False)
    industry = forms.ChoiceField(label=_("Industry"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + [(k, s.label()) for k, s in SOURCES.items()]
        self.fields["city"].choices = everything + [(c.slug, c.name) for c in City.objects.all()]
        self.fields["industry"].choices = everything + sorted(((i.code, i.name) for i in Industry.objects.all()), key=lambda x: x[1])
