"""Forms of the voucher pages. Amounts are typed in yuan and handed to the domain in fen (exact)."""

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.belt.models import City, Industry
from innobelt.organisations.models import Organisation
from innobelt.vouchers.models import Programme, Use

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_YUAN = Decimal("100000000000")


def to_fen(value: Decimal) -> int:
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def yuan_field(label: "StrOrPromise") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=Decimal("0.01"), max_value=MAX_YUAN, decimal_places=2, max_digits=14
    )


class ProgrammeForm(forms.Form):
    authority = forms.ModelChoiceField(City.objects.none(), label=_("issuing city or district"))
    name_zh = forms.CharField(label=_("name (Chinese)"), max_length=120)
    name_en = forms.CharField(label=_("name (English)"), max_length=160, required=False)
    description = forms.CharField(label=_("description"), max_length=5000, required=False, widget=forms.Textarea)
    budget = yuan_field(_("budget (yuan)"))
    per_firm_cap = yuan_field(_("cap per firm (yuan)"))
    co_payment_percent = forms.IntegerField(label=_("co-payment (%)"), min_value=0, max_value=90, initial=30)
    uses = forms.MultipleChoiceField(label=_("eligible uses"), choices=Use.choices, widget=forms.CheckboxSelectMultiple)
    spendable = forms.ChoiceField(label=_("where it may be spent"), choices=Programme.Spendable.choices)
    mode = forms.ChoiceField(
        label=_("how the voucher pays"), choices=Programme.Mode.choices, initial=Programme.Mode.REDEMPTION,
        widget=forms.RadioSelect,
    )
    verified_only = forms.BooleanField(label=_("verified firms only"), required=False, initial=True)
    size_bands = forms.MultipleChoiceField(
        label=_("sizes (none: any)"),
        choices=Organisation.SizeBand.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    industries = forms.ModelMultipleChoiceField(
        Industry.objects.all(), label=_("industries (none: any)"), required=False
    )
    opens_on = forms.DateField(label=_("applications open on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("applications close on"), widget=forms.DateInput(attrs={"type": "date"}))
    validity_days = forms.IntegerField(label=_("vouchers valid for (days)"), min_value=1, max_value=1100, initial=365)

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = cities

    def domain_arguments(self):
        data = dict(self.cleaned_data)
        data["budget_fen"] = to_fen(data.pop("budget"))
        data["per_firm_cap_fen"] = to_fen(data.pop("per_firm_cap"))
        data["industries"] = list(data["industries"])
        return data


class ApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("for the organisation"))
    amount = yuan_field(_("amount (yuan)"))
    purpose = forms.CharField(label=_("what the voucher is for"), max_length=3000, widget=forms.Textarea)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ApproveForm(forms.Form):
    amount = yuan_field(_("amount to approve (yuan)"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class ClawBackForm(forms.Form):
    amount = yuan_field(_("amount to claw back (yuan)"))
    reason = forms.CharField(label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(forms.Form):
    city = forms.ModelChoiceField(City.objects.none(), label=_("accept for"))

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities


class ReserveForm(forms.Form):
    booking = forms.ChoiceField(label=_("booking"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["booking"].choices = [(b.pk, str(b)) for b in bookings]


class ClaimForm(forms.Form):
    provider = forms.IntegerField(widget=forms.HiddenInput)
    programme = forms.IntegerField(widget=forms.HiddenInput)


class SettlementForm(forms.Form):
    authority = forms.ModelChoiceField(City.objects.none(), label=_("issuing city or district"))
    starts_on = forms.DateField(label=_("first day"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("last day"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = cities


class SampleJobVoucherForm(forms.Form):
    voucher: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None, label=_("voucher"), empty_label=None)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def __init__(self, *args, vouchers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voucher"].queryset = vouchers
