from django import forms
from django.utils.translation import gettext_lazy as _


class SecondFactorResetForm(forms.Form):
    person = forms.CharField(label=_("E-mail or mobile number of the person"), max_length=254)
    confirm = forms.BooleanField(label=_("They proved who they are by another channel (phone call, in person)."),
                                 required=True)
