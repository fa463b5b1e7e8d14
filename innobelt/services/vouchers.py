"""The service zone's redeemable kind: a service request paid in part with an innovation voucher (technical services).

Imported by `VouchersConfig.ready()` like every installed app's `vouchers.py` (vouchers/redeemables.py). The firm
chooses the voucher on its request and the share follows the request (reserved on the provider's acceptance, redeemed
on the firm's confirmation, released on a rejection: services/hooks.py), so the kind has no `may_pay` and the firm
cannot release its share by itself. The claim's evidence is the delivery: the provider resolved the request and the
firm confirmed it, with its rating.
"""

from typing import Any

from django.utils.translation import gettext as _

from innobelt.kit.local_time import local
from innobelt.vouchers.domain import service_spending
from innobelt.vouchers.models import Use
from innobelt.vouchers.redeemables import Evidence, RedeemableKind, register


def delivery_evidence(request: Any) -> list[Evidence]:
    """The service delivery: resolved by the provider, then confirmed and rated by the firm."""
    if request.closed_at is not None and request.rating is not None:
        lines = [_("Resolved by the provider at %(resolved)s; confirmed by the firm at %(closed)s.")
                 % {"resolved": local(request.resolved_at) if request.resolved_at else "—",
                    "closed": local(request.closed_at)},
                 _("Rating: %(n)d of 5") % {"n": request.rating},
                 *([request.rating_comment] if request.rating_comment else [])]
        return [Evidence(key="outcome", label=_("Service delivery"), present=True, at=request.closed_at, lines=lines)]
    return [Evidence(key="outcome", label=_("Service delivery"), present=False,
                     lines=[_("The firm has not confirmed the delivery yet (%(status)s).")
                            % {"status": request.get_status_display()}])]


def _provider(request: Any) -> tuple[int, int | None]:
    organisation = request.provider.organisation
    return organisation.pk, organisation.city_id


register(RedeemableKind(
    key="service_request", field="service_request", use=Use.TECHNICAL_SERVICES, label=lambda: _("service request"),
    model="services.ServiceRequest", problems=service_spending.request_problems, quote=service_spending.quote_request,
    provider=_provider, evidence=delivery_evidence,
    title=lambda r: _("Service request #%(n)d: %(service)s") % {"n": r.pk, "service": r.service or r.get_category_display()},
    select_related=("provider__organisation", "service", "wanted_service"),
    messages={
        "already_paid": lambda: _("A voucher already pays for this request."),
        "not_releasable": lambda: _("This share pays a service request: it is released when the request is rejected."),
    },
))
