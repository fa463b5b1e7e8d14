"""Where the current request came from, for the audit trail.

The middleware sets it per request; management commands and tasks leave it
empty (the entry then has no IP).
"""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    ip_address: str | None = None
    request_id: str = ""


current_origin: ContextVar[Origin] = ContextVar("innobelt_audit_origin", default=Origin())  # noqa: B039 (Origin is frozen)
