from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.meetings.models import Meeting, MeetingRequest, Participant, Programme, Slot


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["meeting_minutes", "default_tables", "max_meetings", "fairness", "time_limit", "requests_open", "requests_need_acceptance"]
        widgets = {"fairness": forms.RadioSelect}


class SlotsForm(forms.Form):
    first_start = forms.DateTimeField(label=_("First slot starts at"), widget=DateTimeLocal, input_formats=["%Y-%m-%dT%H:%M"])
    count = forms.IntegerField(label=_("Number of slots"), min_value=1, max_value=48, initial=1)
    tables = forms.IntegerField(label=_("Tables per slot"), min_value=1, max_value=1000, required=False,
                                help_text=_("Empty: the programme's number."))
    every_minutes = forms.IntegerField(label=_("One slot every (minutes)"), min_value=5, max_value=600, required=False,
                                       help_text=_("Empty: back to back, one meeting length apart."))


class ProfileForm(forms.ModelForm):
    unavailable = forms.ModelMultipleChoiceField(label=_("Slots I cannot attend"), queryset=Slot.objects.none(), required=False,
                                                 widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Participant
        fields = ["offers", "seeks", "max_meetings"]
        widgets = {"offers": forms.Textarea(attrs={"rows": 4}), "seeks": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable"].queryset = Slot.objects.filter(programme=programme).order_by("starts_at")
        if self.instance.pk and not self.is_bound:
            self.initial["unavailable"] = list(self.instance.unavailable.values_list("pk", flat=True))


class RequestForm(forms.Form):
    priority = forms.ChoiceField(label=_("Meet them?"), required=False,
                                 choices=[("", _("no preference"))] + list(MeetingRequest.Priority.choices))


class FixMeetingForm(forms.Form):
    a = forms.ModelChoiceField(label=_("Participant"), queryset=Participant.objects.none())
    b = forms.ModelChoiceField(label=_("Partner"), queryset=Participant.objects.none())
    slot = forms.ModelChoiceField(label=_("Slot"), queryset=Slot.objects.none())

    def __init__(self, *args, participants, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"].queryset = self.fields["b"].queryset = participants
        self.fields["slot"].queryset = slots


class OutcomeForm(forms.Form):
    #: a blank first choice: nothing is recorded by accident (issue 19, bug 3)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", _("— choose the outcome —"))] + list(Meeting.Outcome.choices))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class RunForm(forms.Form):
    full = forms.BooleanField(label=_("Full re-run (may move everyone's meetings)"), required=False)


class SlotTablesForm(forms.Form):
    """Tables of each slot (`slot-<id>`), or one number for every slot (`all`, which wins when given)."""

    all = forms.IntegerField(label=_("Tables in every slot"), min_value=1, max_value=1000, required=False,
                             help_text=_("Empty: the numbers given per slot above."))

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = list(slots)
        for slot in self.slots:
            self.fields[f"slot-{slot.pk}"] = forms.IntegerField(label=str(slot), min_value=1, max_value=1000, required=False)

    def tables(self) -> dict[int, int]:
        """Slot id → tables asked for (slots left empty are not changed)."""
        data = self.cleaned_data
        if data.get("all") is not None:
            return {slot.pk: data["all"] for slot in self.slots}
        return {slot.pk: data[f"slot-{slot.pk}"] for slot in self.slots if data.get(f"slot-{slot.pk}") is not None}
