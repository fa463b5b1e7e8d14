"""A firm chooses an innovation voucher to pay its share of a service request (issue 23).

The money moves in vouchers, through innobelt/services/hooks.py: reserved when the provider accepts,
redeemed when the firm confirms the resolved request, released when it is rejected.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.kit.api_errors import ConflictError
from innobelt.permissions import can
from innobelt.services.models import ServiceRequest
from innobelt.vouchers.domain.service_spending import check_for_request
from innobelt.vouchers.domain.spending import Quote

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.vouchers.models import Voucher


@transaction.atomic
def choose_voucher(*, actor: "User", request: ServiceRequest, voucher: "Voucher | None") -> Quote | None:
    """Pay the request with `voucher` (None: with none), while it is new. Returns the quote (bill, the
    voucher's share, the firm's co-payment). Raises PermissionDenied, ValidationError (not eligible),
    InsufficientBalance or ConflictError (409: the provider already accepted). Side effects: audit entry."""
    if not can(actor, "services.confirm_request", request):  # the firm's members
        raise PermissionDenied
    request = ServiceRequest.objects.select_for_update(of=("self",)).select_related("provider__organisation", "service").get(pk=request.pk)
    if request.status != ServiceRequest.Status.NEW:
        raise ConflictError(_("Choose the voucher before the provider accepts the request."), details={"status": request.status})
    bill = check_for_request(actor=actor, voucher=voucher, request=request) if voucher is not None else None
    request.voucher = voucher
    request.save(update_fields=["voucher"])
    record_action(
        actor=actor,
        action="service_request.voucher_chosen",
        target=request,
        data={"voucher": voucher.pk if voucher else None, "share_fen": bill.share_fen if bill else 0},
    )
    return bill
