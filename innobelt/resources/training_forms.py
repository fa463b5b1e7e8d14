"""Forms of the training page: asking for training, scheduling a session, recording who is trained."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class TrainingRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the owner"),
        required=False,
        max_length=500,
        help_text=_("What you will measure, your experience with such instruments, when you are available."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ScheduleTrainingForm(forms.Form):
    start = forms.DateTimeField(label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    end = forms.DateTimeField(label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            raise ValidationError(_("The end must be after the start."))
        return data


class RecordTrainingForm(forms.Form):
    person: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Trained person"), queryset=None)
    trained_on = forms.DateField(label=_("Trained on"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Blank: today."))
    expires_on = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("Blank: the training does not expire.")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = str


class DeclineTrainingForm(forms.Form):
    answer = forms.CharField(label=_("Reason"), required=False, max_length=500)
