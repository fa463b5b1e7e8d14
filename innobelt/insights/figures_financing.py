"""Figures of financing (ADR 1201): funding needs and the amounts sought (a need its team keeps hidden never
counts), fund awards and the amounts awarded."""

from django.utils.translation import gettext_lazy as _

from innobelt.financing.models import FundApplication, FundingNeed
from innobelt.insights.figures import listing
from innobelt.insights.registry import Figure, register


def _needs():
    return FundingNeed.objects.exclude(visibility=FundingNeed.Visibility.HIDDEN)


def _awards():
    return FundApplication.objects.filter(status=FundApplication.Status.AWARDED)


for figure in [
    Figure(
        "funding_needs",
        _("Funding needs posted"),
        "financing",
        _needs,
        date_path="created_at",
        org_path="organisation",
        link=listing("financing:home"),
    ),
    Figure(
        "funding_sought",
        _("Funding sought"),
        "financing",
        _needs,
        date_path="created_at",
        org_path="organisation",
        total="amount",
        unit=_("yuan"),
        link=listing("financing:home"),
    ),
    Figure(
        "fund_awards",
        _("Fund awards"),
        "financing",
        _awards,
        date_path="decided_at",
        city_path="organisation__city",
        org_path="organisation",
        link=listing("financing:home"),
    ),
    Figure(
        "fund_awarded",
        _("Amount awarded by funds"),
        "financing",
        _awards,
        date_path="decided_at",
        city_path="organisation__city",
        org_path="organisation",
        total="awarded_amount",
        unit=_("yuan"),
        link=listing("financing:home"),
    ),
]:
    register(figure)
