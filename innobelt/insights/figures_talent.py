"""Figures of talent (ADR 1201): positions posted, applications and hires by the position's city; people
open to offers (a hidden profile never counts)."""

from django.utils.translation import gettext_lazy as _

from innobelt.insights.figures import listing, scoped_link
from innobelt.insights.registry import Figure, register
from innobelt.talent.models import Position, PositionApplication, TalentProfile

for figure in [
    Figure(
        "positions",
        _("Positions posted"),
        "talent",
        Position.objects.all,
        date_path="created_at",
        org_path="organisation",
        link=listing("talent:home"),
    ),
    Figure(
        "position_applications",
        _("Applications to positions"),
        "talent",
        PositionApplication.objects.all,
        date_path="created_at",
        city_path="position__city",
        org_path="position__organisation",
        link=scoped_link("talent:home", "talent:home"),
    ),
    Figure(
        "hires",
        _("Hires"),
        "talent",
        lambda: PositionApplication.objects.filter(status=PositionApplication.Status.HIRED),
        date_path="updated_at",
        city_path="position__city",
        org_path="position__organisation",
        link=scoped_link("talent:home", "talent:home"),
    ),
    Figure(
        "talent_profiles",
        _("People open to offers"),
        "talent",
        lambda: TalentProfile.objects.exclude(visibility=TalentProfile.Visibility.HIDDEN),
        date_path="updated_at",
        city_path="cities",
        distinct=True,
        link=listing("talent:people"),
    ),
]:
    register(figure)
