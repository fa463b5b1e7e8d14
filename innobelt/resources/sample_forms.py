"""Forms of sample-testing jobs: sending samples, quoting, delivering results, cancelling, reporting the outcome."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.resources.domain.samples import MAX_TURNAROUND_DAYS
from innobelt.resources.models.samples import MAX_SAMPLES, SampleJobOutcome


class SampleJobForm(forms.Form):
    samples = forms.IntegerField(label=_("Number of samples"), min_value=1, max_value=MAX_SAMPLES)
    method = forms.CharField(label=_("Test or method"), max_length=300, help_text=_("E.g. XRD phase analysis, 10–80° 2θ."))
    description = forms.CharField(
        label=_("Sample description"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Material, form (powder, film, liquid), size, how they are labelled."),
    )
    hazards = forms.CharField(
        label=_("Hazard declaration"),
        max_length=500,
        required=False,
        help_text=_("Anything toxic, flammable, radioactive or biological; blank: nothing hazardous."),
    )


class SampleQuoteForm(forms.Form):
    turnaround_days = forms.IntegerField(label=_("Turnaround (working days)"), min_value=1, max_value=MAX_TURNAROUND_DAYS)
    note = forms.CharField(label=_("Note with the quote"), max_length=500, required=False)


class SampleResultsForm(forms.Form):
    file = forms.FileField(label=_("Results (PDF)"))
    note = forms.CharField(label=_("Results summary"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SampleCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class SampleOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("What were the results used for?"), choices=SampleJobOutcome.Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Optional: what the results showed or changed."))
