from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.files.models import StoredFile


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=StoredFile.Kind.choices)
    file = forms.FileField(label=_("File"))
    is_public = forms.BooleanField(label=_("Anyone may see it"), required=False)
