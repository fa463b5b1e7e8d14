import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.tabular_import import MAX_ROWS, max_bytes


class ImportUploadForm(forms.Form):
    """An upload to import. The hidden key is new at every render of the form: submitting the same
    form twice (a retry after a dropped connection, a double click) gives the same job (ADR 0010)."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    file = forms.FileField(label=_("CSV or XLSX file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    @property
    def max_mb(self) -> int:
        return max(max_bytes() // (1024 * 1024), 1)

    max_rows = MAX_ROWS
