"""State changes of the service zone: the catalogue, requests and their routing, service levels, escalation."""

from innobelt.services.domain.attachments import MAX_ATTACHMENTS, attach_files
from innobelt.services.domain.catalogue import (
    add_service,
    edit_service,
    offer_service,
    refresh_search_document,
    retire_service,
)
from innobelt.services.domain.escalation import escalate_overdue_requests
from innobelt.services.domain.reassignment import reassign_request, reassignment_candidates
from innobelt.services.domain.requests import (
    change_status,
    confirm_request,
    pass_on_request,
    request_service,
)

__all__ = ["MAX_ATTACHMENTS", "add_service", "attach_files", "change_status", "confirm_request", "edit_service",
           "escalate_overdue_requests", "offer_service", "pass_on_request", "reassign_request", "reassignment_candidates",
           "refresh_search_document", "request_service", "retire_service"]
