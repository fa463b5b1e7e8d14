"""Forms of the award pages: defining a programme (with its weighted criteria), nominating, and a reviewer's
scores. They only collect input; `showcase.domain.awards` checks it and writes."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from innobelt.belt.models import City
from innobelt.organisations.models import Organisation
from innobelt.showcase.evidence import FIGURES
from innobelt.showcase.models import AwardCriterion, AwardProgramme

CRITERIA_ROWS = 6


class DateTimeLocal(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"


class ProgrammeForm(forms.Form):
    """A programme's facts and up to six criteria; empty criterion rows are left out."""

    city = forms.ModelChoiceField(queryset=City.objects.none(), required=False, label=_("Run by the district"), empty_label=_("the platform"))
    kind = forms.ChoiceField(label=_("Kind"), choices=AwardProgramme.Kind.choices)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=250, required=False)
    description = forms.CharField(label=_("Description"), max_length=10000, required=False, widget=forms.Textarea)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    eligible_kinds = forms.MultipleChoiceField(
        label=_("Kinds of organisation that may be nominated"),
        choices=Organisation.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any kind."),
    )
    eligibility = forms.CharField(label=_("Eligibility"), max_length=5000, required=False, widget=forms.Textarea)
    opens_at = forms.DateTimeField(label=_("Nominations open (China time)"), widget=DateTimeLocal())
    closes_at = forms.DateTimeField(label=_("Nominations close (China time)"), widget=DateTimeLocal())
    evidence_from = forms.DateField(label=_("Evidence counted from"), widget=DateInput())
    evidence_to = forms.DateField(label=_("Evidence counted until"), widget=DateInput())

    def __init__(self, *args: Any, cities: QuerySet[City], platform: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        city_field = self.fields["city"]
        assert isinstance(city_field, forms.ModelChoiceField)
        city_field.queryset = cities
        city_field.required = not platform
        evidence_choices = [("", _("none (judged on the statement)"))] + [(k, v) for k, v in FIGURES.items()]
        for n in range(CRITERIA_ROWS):
            self.fields[f"criterion_{n}_name_zh"] = forms.CharField(
                label=_("Criterion %(n)d (Chinese)") % {"n": n + 1}, max_length=200, required=False
            )
            self.fields[f"criterion_{n}_name_en"] = forms.CharField(
                label=_("Criterion %(n)d (English)") % {"n": n + 1}, max_length=200, required=False
            )
            self.fields[f"criterion_{n}_weight"] = forms.IntegerField(
                label=_("Weight of criterion %(n)d (%%)") % {"n": n + 1}, min_value=1, max_value=100, required=False
            )
            self.fields[f"criterion_{n}_evidence"] = forms.ChoiceField(
                label=_("Evidence figure of criterion %(n)d") % {"n": n + 1}, choices=evidence_choices, required=False
            )

    @classmethod
    def for_programme(cls, programme: AwardProgramme, data: Any = None, *, editable: frozenset[str]) -> "ProgrammeForm":
        """The form of an existing programme: its values as initial ones, its district fixed, and disabled what
        its step no longer lets change (a disabled field keeps its initial value, which the domain sees as no change)."""
        initial: dict[str, Any] = {name: getattr(programme, name) for name in (
            "kind", "title_zh", "title_en", "description", "year", "eligible_kinds", "eligibility",
            "opens_at", "closes_at", "evidence_from", "evidence_to")}
        initial["city"] = programme.city_id
        for n, criterion in enumerate(programme.criteria.all()[:CRITERIA_ROWS]):
            for key in ("name_zh", "name_en", "weight", "evidence"):
                initial[f"criterion_{n}_{key}"] = getattr(criterion, key)
        cities = City.objects.filter(pk=programme.city_id) if programme.city_id else City.objects.none()
        form = cls(data, initial=initial, cities=cities, platform=True)
        form.fields["city"].disabled = True
        for name, field in form.fields.items():
            key = "criteria" if name.startswith("criterion_") else name
            if key != "city" and key not in editable:
                field.disabled = True
        return form

    def programme_fields(self) -> dict[str, Any]:
        names = ["kind", "title_zh", "title_en", "description", "year", "eligible_kinds", "eligibility"]
        names += ["opens_at", "closes_at", "evidence_from", "evidence_to"]
        return {name: self.cleaned_data[name] for name in names}

    def criteria(self) -> list[dict[str, Any]]:
        """The filled rows, in order: a row with a name or a weight counts (the domain checks it is complete)."""
        rows = []
        for n in range(CRITERIA_ROWS):
            row = {key: self.cleaned_data.get(f"criterion_{n}_{key}") for key in ("name_zh", "name_en", "weight")}
            if row["name_zh"] or row["name_en"] or row["weight"]:
                row["evidence"] = self.cleaned_data.get(f"criterion_{n}_evidence") or ""
                row["name_zh"], row["name_en"] = row["name_zh"] or "", row["name_en"] or ""
                rows.append(row)
        return rows


class NominationForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Nominee"))
    statement = forms.CharField(
        label=_("Statement"),
        max_length=5000,
        required=False,
        widget=forms.Textarea,
        help_text=_("Why this organisation deserves the award. The figures are counted from the platform."),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations


class ScoreForm(forms.Form):
    """One 0–10 score and a comment per criterion of the programme."""

    def __init__(self, *args: Any, criteria: list[AwardCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(criterion)s (weight %(weight)d %%), 0–10") % {"criterion": criterion.name, "weight": criterion.weight},
                min_value=0,
                max_value=10,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.name}, max_length=1000, required=False
            )

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}
