"""Figures of innovation vouchers (ADR 1201, ADR 0801): issued by a city's programme, redeemed where they
were spent, settled when the provider's claim was approved. Flows by city pair (issuing city → where
spent) are on the display wall (`wall.FLOWS`)."""

from django.utils.translation import gettext_lazy as _

from innobelt.insights.figures import scoped_link
from innobelt.insights.registry import Figure, register
from innobelt.vouchers.models import Claim, Reservation, Voucher

ISSUING_CITY = "voucher__programme__authority"  # the other side of a redemption's city pair

for figure in [
    Figure(
        "vouchers_issued",
        _("Innovation vouchers issued"),
        "vouchers",
        Voucher.objects.all,
        date_path="issued_at",
        city_path="programme__authority",
        org_path="organisation",
        link=scoped_link("vouchers:home", "vouchers:figures"),
    ),
    Figure(
        "vouchers_redeemed",
        _("Voucher redemptions"),
        "vouchers",
        lambda: Reservation.objects.filter(status=Reservation.Status.REDEEMED),
        date_path="settled_at",
        city_path="provider_city",
        org_path="voucher__organisation",
        link=scoped_link("vouchers:home", "vouchers:figures"),
    ),
    Figure(
        "vouchers_settled",
        _("Voucher redemptions paid to their providers"),
        "vouchers",
        lambda: Reservation.objects.filter(status=Reservation.Status.REDEEMED, claim__status=Claim.Status.APPROVED),
        date_path="claim__decided_at",
        city_path="provider_city",
        org_path="provider",
        link=scoped_link("vouchers:claims", "vouchers:figures"),
    ),
]:
    register(figure)
