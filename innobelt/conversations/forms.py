from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.conversations.domain import MAX_BODY


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_BODY, required=False)
    attachment = forms.FileField(label=_("Attach a PDF or a photo"), required=False)


class StartForm(forms.Form):
    about = forms.RegexField(regex=r"^[a-z_]+:[\w-]+$", max_length=80)
    organisation = forms.IntegerField(required=False)  # the organisation the person writes for; their first by default
    body = forms.CharField(max_length=MAX_BODY, required=False)
