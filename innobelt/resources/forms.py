from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobelt.belt.choices import city_choices, industry_choices
from innobelt.imports.forms import ImportUploadForm
from innobelt.kit.forms import MonthField
from innobelt.kit.local_time import in_supported_range, out_of_range_message
from innobelt.kit.widgets import FastCheckboxInput, FastDateInput, FastParagraphs, FastSelect, FastTextInput
from innobelt.organisations.models import Organisation
from innobelt.resources import opening_hours as opening
from innobelt.resources.domain.bookings import MAX_REPEAT
from innobelt.resources.models import ALL_KIND_FIELDS, COMMON_FIELDS, AccessRequest, Blackout, OutcomeReport, Resource
from innobelt.resources.models.resource import DATA_FIELDS, EQUIPMENT_FIELDS, PATENT_FIELDS, SOLUTION_FIELDS
from innobelt.resources.queries import LONGEST_FREE_PERIOD, MAX_CALENDAR_RESOURCES, check_period, owner_choices


class RegisterFilterForm(FastParagraphs, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=FastTextInput)
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=FastSelect)
    industry = forms.ChoiceField(label=_("Industry"), required=False, widget=FastSelect)
    city = forms.ChoiceField(label=_("City or district"), required=False, widget=FastSelect)
    owner = forms.ChoiceField(label=_("Owner"), required=False, widget=FastSelect)
    terms = forms.ChoiceField(label=_("Terms"), required=False, widget=FastSelect)
    free_from = forms.DateField(label=_("Equipment free from"), required=False, widget=FastDateInput(attrs={"type": "date"}))
    free_to = forms.DateField(label=_("until"), required=False, widget=FastDateInput(attrs={"type": "date"}))
    pledged = forms.BooleanField(label=_("With unused pledged hours (free)"), required=False, widget=FastCheckboxInput)
    month = MonthField(label=_("Shared in (month)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + list(Resource.Kind.choices)
        self.fields["industry"].choices = everything + industry_choices()
        self.fields["city"].choices = everything + city_choices()
        self.fields["owner"].choices = everything + owner_choices()
        self.fields["terms"].choices = everything + list(Resource.Terms.choices)

    def clean(self):
        data = super().clean()
        start, end = data.get("free_from"), data.get("free_to")
        if bool(start) != bool(end):
            raise ValidationError(_("Give both dates of the free period."))
        if start and end:
            check_period(start, end, longest=LONGEST_FREE_PERIOD)
        return data


class ResourceForm(forms.ModelForm):
    """Every field of every kind; the template shows the kind's own group (no script needed)."""

    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Organisation.objects.none())
    opening_hours_text = forms.CharField(label=_("Opening hours"), required=False, max_length=300, initial="Mon-Fri 09:00-17:00",
                                         help_text=_("Weekly, e.g. “Mon-Fri 09:00-17:00; Sat 09:00-12:00” or “周一至周五 09:00-17:00”."))
    licensing_modes = forms.MultipleChoiceField(label=_("Licensing modes"), required=False, choices=Resource.Licensing.choices,
                                                widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Resource
        fields = [*COMMON_FIELDS, "industries", "visible_cities", *[f for f in ALL_KIND_FIELDS if f not in ("opening_hours", "licensing_modes")]]
        widgets = {"industries": forms.CheckboxSelectMultiple, "visible_cities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["owner"]
            self.fields["kind"].disabled = True
            self.initial["opening_hours_text"] = opening.format_opening_hours(self.instance.opening_hours)
            self.initial["licensing_modes"] = self.instance.licensing_modes
        else:
            self.fields["owner"].queryset = owners if owners is not None else Organisation.objects.none()
            if owners is not None and owners.count() == 1:
                self.initial["owner"] = owners.first().pk

    def clean_opening_hours_text(self):
        text = self.cleaned_data.get("opening_hours_text", "")
        return opening.parse_opening_hours(text) if text.strip() else []

    def domain_arguments(self) -> tuple[dict, list, list]:
        """(fields, industries, visible cities) for the domain functions."""
        data = dict(self.cleaned_data)
        industries, cities = list(data.pop("industries", [])), list(data.pop("visible_cities", []))
        data.pop("owner", None)
        data["opening_hours"] = data.pop("opening_hours_text", [])
        data["licensing_modes"] = list(data.get("licensing_modes") or [])
        if self.instance.pk:
            data.pop("kind", None)
        return data, industries, cities

    @property
    def kind_field_names(self) -> set[str]:
        return {"opening_hours_text" if n == "opening_hours" else n for n in ALL_KIND_FIELDS}

    @property
    def kind_groups(self):
        def group(names):
            return [self["opening_hours_text" if n == "opening_hours" else n] for n in names]

        return [
            ("equipment", _("Equipment"), group(EQUIPMENT_FIELDS)),
            ("patent", _("Patent"), group(PATENT_FIELDS)),
            ("solution", _("Industrial solution, application scenario or pilot line"), group(SOLUTION_FIELDS)),
            ("data", _("Dataset, software or tooling"), group(DATA_FIELDS)),
        ]


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo (JPEG, PNG or WebP, up to 5 MB)"), required=False)
    remove = forms.BooleanField(label=_("Remove the photo"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("remove"):
            raise forms.ValidationError(_("Choose a photo to upload, or remove the current one."))
        return data


class AccessRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("For the organisation"), queryset=Organisation.objects.none())
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea, max_length=5000,
                              help_text=_("What you want to do with the resource, when, and what you hope to achieve."))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.initial["organisation"] = organisations.first().pk


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=AccessRequest.DeclineReason.choices)
    text = forms.CharField(label=_("Explanation"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("Note to the seeker"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class QuestionForm(forms.Form):
    question = forms.CharField(label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class AcceptTermsForm(forms.Form):
    conditions_accepted = forms.BooleanField(label=_("I accept the terms and conditions above for my organisation."), required=False)
    nda_acknowledged = forms.BooleanField(label=_("I acknowledge the non-disclosure agreement the owner requires."), required=False)

    def __init__(self, *args, resource, **kwargs):
        super().__init__(*args, **kwargs)
        if not resource.requires_nda:
            del self.fields["nda_acknowledged"]


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = OutcomeReport
        fields = ["prototype", "test_result", "product", "patent_filed", "financing_raised", "financing_amount", "summary"]


class BookingForm(forms.Form):
    slot = forms.MultipleChoiceField(label=_("Slots"), choices=(), widget=forms.CheckboxSelectMultiple,
                                     error_messages={"required": _("Choose at least one free slot.")})
    repeat_weekly = forms.IntegerField(label=_("Weeks"), min_value=1, max_value=MAX_REPEAT, initial=1,
                                       help_text=_("Book the same slots in this many consecutive weeks."))
    note = forms.CharField(label=_("Note for the owner"), required=False, max_length=300)

    def __init__(self, *args, slots=(), slot_minutes: int = 60, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(s.isoformat(), s.isoformat()) for s in slots]
        self.slot_length = timedelta(minutes=slot_minutes)

    def runs(self) -> list[tuple]:
        """Chosen slots merged into runs of adjacent slots: [(start, end), ...]."""
        starts = sorted(datetime.fromisoformat(v) for v in self.cleaned_data["slot"])
        step = self.slot_length
        runs: list[list] = []
        for start in starts:
            if runs and runs[-1][1] == start:
                runs[-1][1] = start + step
            else:
                runs.append([start, start + step])
        return [tuple(r) for r in runs]


class ClosureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Blackout.Kind.choices)
    start = forms.DateTimeField(label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    end = forms.DateTimeField(label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)
    cancel_overlapping = forms.BooleanField(label=_("Cancel the bookings in this period and tell their bookers"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            raise ValidationError(_("The end must be after the start."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class ImportForm(ImportUploadForm):
    organisation = forms.ModelChoiceField(label=_("Owner"), queryset=Organisation.objects.none())
    field_order = ["organisation", "file"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class WeekForm(forms.Form):
    week = forms.DateField(required=False)

    def monday(self):
        day = (self.cleaned_data.get("week") if self.is_valid() else None) or timezone.localdate()
        if not in_supported_range(day):
            day = timezone.localdate()
        return day - timedelta(days=day.weekday())


class CalendarForm(forms.Form):
    """What the calendar across instruments shows: the instruments (`r`, repeated), the view and a day in it."""

    VIEWS = [("day", _("Day")), ("week", _("Week")), ("month", _("Month"))]
    view = forms.ChoiceField(label=_("Show"), choices=VIEWS, required=False)
    date = forms.DateField(label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    mine = forms.BooleanField(label=_("My organisations' instruments"), required=False)

    def clean(self):
        data = super().clean()
        raw = self.data.getlist("r") if hasattr(self.data, "getlist") else []
        if any(not value.isdigit() or len(value) > 18 for value in raw):
            raise ValidationError(_("Choose instruments from the register."))
        ids = list(dict.fromkeys(int(value) for value in raw))
        if len(ids) > MAX_CALENDAR_RESOURCES:
            raise ValidationError(_("Choose at most %(n)d instruments.") % {"n": MAX_CALENDAR_RESOURCES})
        day = data.get("date")
        if day is not None and not in_supported_range(day):
            self.add_error("date", out_of_range_message())
        data["ids"] = ids
        return data
