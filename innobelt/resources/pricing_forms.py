"""The owner's price form: one optional amount per user class and unit (blank or 0: free)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.resources.domain.pricing import field_name
from innobelt.resources.models.pricing import MAX_PRICE, PriceUnit, UserClass
from innobelt.resources.models.statements import MAX_PLEDGE_HOURS


class PriceForm(forms.Form):
    def __init__(self, *args, initial_prices: dict[tuple[str, str], Decimal] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for user_class, class_label in UserClass.choices:
            for unit, unit_label in PriceUnit.choices:
                name = field_name(user_class, unit)
                self.fields[name] = forms.DecimalField(
                    label=f"{class_label}, {unit_label}", required=False, min_value=Decimal(0), max_value=MAX_PRICE,
                    max_digits=12, widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 9}),
                    error_messages={"invalid": _("Give the price as a number of yuan, e.g. 120.50.")})
                if initial_prices and (user_class, unit) in initial_prices:
                    self.initial[name] = initial_prices[(user_class, unit)]

    def prices(self) -> dict[tuple[str, str], Decimal | None]:
        return {(c, u): self.cleaned_data.get(field_name(c, u)) for c in UserClass.values for u in PriceUnit.values}

    def table(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Rows of the form as the page shows them: a user class and its fields per unit."""
        return [(str(label), [self[field_name(c, u)] for u in PriceUnit.values]) for c, label in UserClass.choices]


class PledgeForm(forms.Form):
    hours_per_quarter = forms.IntegerField(
        label=_("Free hours per quarter"), min_value=0, max_value=MAX_PLEDGE_HOURS,
        help_text=_("Booking hours other organisations use free of charge each calendar quarter; 0 ends the pledge."))


class StatementFilterForm(forms.Form):
    month = forms.CharField(label=_("Month"), required=False, max_length=7, help_text=_("YYYY-MM"))
