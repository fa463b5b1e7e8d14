"""The firm's files on its request (ADR 0901, "Attachments" and "Files while waiting").

The firm attaches files when it asks and may add more while the request waits for a provider to accept it
(status new: routed or still waiting for an operator). From the acceptance on, files go in the request's
conversation with the provider, which starts then. A request holds at most MAX_ATTACHMENTS files, all of the
firm's own organisation.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.bilingual import join_list
from innobelt.kit.api_errors import ConflictError
from innobelt.notifications.domain import notify
from innobelt.organisations.models import Membership
from innobelt.permissions import require
from innobelt.services.models import ServiceRequest

if TYPE_CHECKING:
    from innobelt.accounts.models import User
    from innobelt.files.models import StoredFile
    from innobelt.organisations.models import Organisation

#: files a request holds at most (what the firm attached when it asked and added while it waited)
MAX_ATTACHMENTS = 5


def attachment_errors(firm: "Organisation", files: "list[StoredFile]", *, already: int = 0) -> list[str]:
    """What is wrong with attaching `files` to a request of `firm` that holds `already` files (empty: nothing)."""
    if any(f.organisation_id != firm.pk for f in files):
        return [_("Attach files of your own organisation.")]
    if already + len(files) > MAX_ATTACHMENTS:
        if already:
            return [_("A request holds at most %(n)d files: this one has %(has)d.") % {"n": MAX_ATTACHMENTS, "has": already}]
        return [_("Attach at most %(n)d files.") % {"n": MAX_ATTACHMENTS}]
    return []


@transaction.atomic
def attach_files(*, actor: "User", request: ServiceRequest, files: "Iterable[StoredFile]") -> ServiceRequest:
    """The firm adds files to its request while it waits for a provider to accept it.

    Raises ValidationError (no file, a file of another organisation, more than MAX_ATTACHMENTS in all) and
    ConflictError once the request is no longer new (files then go in the messages with the provider); nothing
    is attached then. A file already attached is not counted twice.
    Side effects: the files attached, an audit entry; the current provider's members are told.
    """
    require(actor, "services.attach_files", request)
    request = (ServiceRequest.objects.select_for_update(of=("self",))
               .select_related("firm", "provider__organisation").get(pk=request.pk))
    if request.status != ServiceRequest.Status.NEW:
        raise ConflictError(_("This request is %(status)s: send further files in the messages with the provider.")
                            % {"status": request.get_status_display()}, details={"status": request.status})
    current = set(request.attachments.values_list("pk", flat=True))
    new = list({f.pk: f for f in files if f.pk not in current}.values())
    if not new:
        raise ValidationError({"attachments": [_("Choose a file to add.")]})
    errors = attachment_errors(request.firm, new, already=len(current))
    if errors:
        raise ValidationError({"attachments": errors})
    request.attachments.add(*new)
    record_action(actor=actor, action="service_request.files_added", target=request,
                  data={"files": [str(f.pk) for f in new]})
    if request.provider is not None:
        members = [m.user for m in Membership.objects.filter(organisation=request.provider.organisation_id,
                                                             user__is_active=True).select_related("user")]
        notify(members, kind="services.request_routed",
               subject=lambda: _("%(firm)s added files to service request #%(n)d")
               % {"firm": request.firm.name, "n": request.pk},
               body=lambda: join_list(f.original_name for f in new), link=request.get_absolute_url())
    return request


__all__ = ["MAX_ATTACHMENTS", "attach_files", "attachment_errors"]
