"""A person's service requests and what they wrote about them, in their PIPL export (accounts.personal_data).

The section lists the requests the person made (for their firm): the need, the cities, the status, the
due days, their rating and comment; the steps they took on any request (as the firm, the provider or an
operator: status changes, pass-ons, reassignments, with their reasons); and the messages they wrote in the
conversations of those requests. Erasure keeps all of it: a request is the firm's and the provider's record
(and the operators' figures count it); the person's row stays as the account's pseudonym.
"""

from typing import Any

from innobelt.accounts import personal_data
from innobelt.conversations.models import Message
from innobelt.services.models import RequestStep, ServiceRequest


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _export(user) -> list[dict[str, Any]]:
    requests = list(ServiceRequest.objects.filter(requested_by=user)
                    .select_related("firm", "firm_city", "target_city", "provider__organisation")
                    .order_by("created_at", "pk"))
    threads = [r.thread_id for r in requests if r.thread_id]
    messages: dict[int, list[dict[str, Any]]] = {}
    for m in Message.objects.filter(author=user, thread_id__in=threads).order_by("created_at", "pk"):
        messages.setdefault(m.thread_id, []).append({"body": m.body, "written_at": _when(m.created_at)})
    out: list[dict[str, Any]] = [{
        "request": r.pk, "for_organisation": r.firm.slug, "category": r.category, "need": r.need,
        "firm_city": r.firm_city.slug, "target_city": r.target_city.slug, "language": r.language,
        "provider": r.provider.organisation.slug if r.provider is not None else None, "status": r.status,
        "reason": r.reason, "made_at": _when(r.created_at), "response_due_on": _when(r.response_due_on),
        "resolution_due_on": _when(r.resolution_due_on), "rating": r.rating, "rating_comment": r.rating_comment,
        "conversation": r.thread_id, "my_messages": messages.get(r.thread_id, []) if r.thread_id else [],
    } for r in requests]
    out.extend({"step_of_request": s.request_id, "from_status": s.from_status, "to_status": s.to_status,
                "passed_on": s.passed_on, "reassigned": s.reassigned_from_id is not None, "reason": s.reason,
                "at": _when(s.at)}
               for s in RequestStep.objects.filter(actor=user).order_by("at", "pk"))
    return out


def register() -> None:
    personal_data.register("service_requests", export=_export)
