"""Forms of the service zone's pages."""

import re
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.belt.models import City
from innobelt.bilingual import join_list
from innobelt.services.domain.attachments import MAX_ATTACHMENTS
from innobelt.services.domain.holidays import DayRange
from innobelt.services.models import Category, Service, ServiceLanguage, ServiceRequest


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("every category")), *Category.choices])
    city = forms.ModelChoiceField(label=_("City served"), required=False, queryset=City.objects.order_by("position"),
                                  to_field_name="slug", empty_label=_("every city"))




class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); cleaned to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("Attach at most %(n)d files.") % {"n": MAX_ATTACHMENTS})
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


class RequestForm(forms.Form):
    firm: forms.ModelChoiceField = forms.ModelChoiceField(label=_("For"), queryset=None, empty_label=None)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    need = forms.CharField(label=_("What you need"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    firm_city = forms.ModelChoiceField(label=_("City of your firm"), queryset=City.objects.order_by("position"))
    target_city = forms.ModelChoiceField(label=_("City where the service is needed"),
                                         queryset=City.objects.order_by("position"))
    language = forms.ChoiceField(label=_("Preferred language"), choices=ServiceLanguage.choices)
    attachments = MultipleFileField(label=_("Attachments (PDFs or photos, optional)"), required=False,
                                    help_text=_("Up to five files. Only your organisation and the provider see them."))

    def __init__(self, *args, firms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["firm"].queryset = firms  # type: ignore[attr-defined,unused-ignore]


class AttachForm(forms.Form):
    """Files the firm adds to its request while it waits for a provider to accept it."""

    attachments = MultipleFileField(label=_("Add files (PDFs or photos)"),
                                    help_text=_("Up to five files on a request. Only your organisation and the provider "
                                                "see them."))


class StatusForm(forms.Form):
    to = forms.ChoiceField(choices=[(s, s) for s in ("accepted", "in_progress", "waiting", "resolved", "rejected")])
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PassOnForm(forms.Form):
    reason = forms.CharField(label=_("Why you pass it on"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class VoucherForm(forms.Form):
    """The firm's innovation voucher that pays its share of a new request (blank: none)."""

    voucher: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Innovation voucher"), queryset=None, required=False,
                                     empty_label=_("No voucher: we pay the whole fee"))

    def __init__(self, *args, vouchers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voucher"].queryset = vouchers


class ConfirmForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Rating"), coerce=int, choices=[(n, str(n)) for n in range(5, 0, -1)])
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


STATUS_ACTIONS = [
    (ServiceRequest.Status.ACCEPTED, _("Accept")),
    (ServiceRequest.Status.IN_PROGRESS, _("Start work")),
    (ServiceRequest.Status.WAITING, _("Wait for the client")),
    (ServiceRequest.Status.RESOLVED, _("Mark resolved")),
]


class CandidateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(provider)s: %(service)s (%(load)d of %(limit)d open requests)") % {
            "provider": obj.provider.organisation.name, "service": obj.title,
            "load": getattr(obj, "open_load", 0), "limit": obj.provider.load_limit}


class ReassignForm(forms.Form):
    service = CandidateChoiceField(label=_("New provider"), queryset=None, empty_label=None)
    reason = forms.CharField(label=_("Why you reassign it"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = candidates  # type: ignore[attr-defined,unused-ignore]


class OperatorRequestsForm(forms.Form):
    """The drill-down from a figure to its requests."""

    month = forms.DateField(label=_("Month"), required=False, input_formats=["%Y-%m"])
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("every category")), *Category.choices])
    provider = forms.CharField(label=_("Provider"), required=False, max_length=20)
    city = forms.ModelChoiceField(label=_("City where the service is needed"), required=False,
                                  queryset=City.objects.order_by("position"), to_field_name="slug",
                                  empty_label=_("every city"))
    # "from" is a keyword: the field is named from_city and read from the "from" parameter
    from_city = forms.ModelChoiceField(label=_("City of the firm"), required=False,
                                       queryset=City.objects.order_by("position"), to_field_name="slug",
                                       empty_label=_("every city"))

    # the drill-down of the SLA figures (insights): resolved, or resolved by the resolution day
    resolution = forms.ChoiceField(label=_("Resolution"), required=False, choices=[
        ("", _("any")), ("resolved", _("resolved")), ("in_time", _("resolved by the resolution day"))])

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "from" in data:
            data = data.copy()
            data["from_city"] = data["from"]
        super().__init__(data, *args, **kwargs)

    def clean_provider(self):
        value = self.cleaned_data["provider"]
        if value and value != "none" and not value.isdigit():
            raise forms.ValidationError(_("Choose a provider."))
        return value


class ServiceForm(forms.ModelForm):
    """A provider's service, as its organisation's admins edit it (the domain checks it again)."""

    cities = forms.ModelMultipleChoiceField(label=_("Cities served"), queryset=City.objects.order_by("position"))
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=ServiceLanguage.choices,
                                          widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Service
        fields = ["category", "title_zh", "title_en", "description_zh", "description_en", "cities", "languages", "fee",
                  "fee_note_zh", "fee_note_en", "response_days", "resolution_days", "is_active"]
        widgets = {"description_zh": forms.Textarea(attrs={"rows": 4}),
                   "description_en": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"] = forms.ModelChoiceField(label=_("Offered by"), queryset=organisations,
                                                                 empty_label=None)
            self.order_fields(["organisation"])
        if self.instance.pk is None:
            del self.fields["is_active"]

    def _post_clean(self):  # the domain validates the model
        pass


_LINE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})(?:\s*(?:–|—|-|~|～|至|to|\.\.)\s*(\d{4}-\d{1,2}-\d{1,2}))?\s*(.*)$")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def parse_day_ranges(text: str) -> list[DayRange]:
    """One range a line: `2027-10-01 – 2027-10-07 国庆节 / National Day` (the end and the names optional).
    Raises ValidationError naming the lines it cannot read."""
    ranges, bad = [], []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _LINE.match(line)
        try:
            if match is None:
                raise ValueError(line)
            start = date.fromisoformat(_padded(match[1]))
            end = date.fromisoformat(_padded(match[2])) if match[2] else start
        except ValueError:
            bad.append(number)
            continue
        names = [part.strip() for part in match[3].split("/", 1)]
        if len(names) == 2:
            name_zh, name_en = names
        else:
            name_zh, name_en = (names[0], "") if _HAN.search(names[0]) else ("", names[0])
        ranges.append(DayRange(start, end, name_zh, name_en))
    if bad:
        raise forms.ValidationError(_("Lines %(lines)s: write a date as 2027-10-01, or a range as 2027-10-01 – 2027-10-07.")
                                    % {"lines": join_list(bad)})
    return ranges


def _padded(text: str) -> str:
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def day_range_lines(days: list[tuple[date, str, str]]) -> str:
    """Days (date, name_zh, name_en) written back as lines, consecutive days of one name as a range."""
    lines: list[tuple[date, date, str, str]] = []
    for day, name_zh, name_en in sorted(days):
        if lines and lines[-1][1] + timedelta(days=1) == day and lines[-1][2:] == (name_zh, name_en):
            lines[-1] = (lines[-1][0], day, name_zh, name_en)
        else:
            lines.append((day, day, name_zh, name_en))
    out = []
    for start, end, name_zh, name_en in lines:
        when = start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"
        name = " / ".join(part for part in (name_zh, name_en) if part)
        out.append(f"{when} {name}".strip())
    return "\n".join(out)


class HolidayScheduleForm(forms.Form):
    holidays = forms.CharField(
        label=_("Public holidays"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000,
        help_text=_("One a line: a date or a range, then the name, e.g. “2027-10-01 – 2027-10-07 国庆节 / National Day”."))
    makeup_workdays = forms.CharField(
        label=_("Make-up working days (调休)"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
        required=False, help_text=_("Weekend days worked instead, one a line, e.g. “2027-09-26 国庆节 / National Day”."))

    def clean_holidays(self) -> list[DayRange]:
        return parse_day_ranges(self.cleaned_data["holidays"])

    def clean_makeup_workdays(self) -> list[DayRange]:
        return parse_day_ranges(self.cleaned_data["makeup_workdays"])
