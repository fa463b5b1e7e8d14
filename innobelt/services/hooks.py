"""Hooks that other apps connect to, so that the service zone can tell them what happened to a request.

The same shape as resources/hooks.py: an app registers a receiver here (vouchers' receivers are registered
in ServicesConfig.ready(), because vouchers sits above services in the app table and may not import it),
and the services domain calls every receiver inside the transaction that changed the request, after the
row is written and while it is locked. A receiver that raises rolls the whole change back, so a request is
never accepted while its voucher share could not be reserved, nor rejected while its share stays reserved.

- `request_accepted`: the provider accepted the request (a voucher chosen on it reserves its share);
- `request_confirmed`: the firm confirmed the resolved request (the work is done: the share is redeemed);
- `request_ended`: the request was rejected or otherwise ended without the work (the share is released).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequestChanged:
    request: Any  # services.ServiceRequest, already saved in its new status
    actor: Any  # who changed it (the provider accepting or rejecting, the firm confirming)


Receiver = Callable[[RequestChanged], None]
ACCEPTED_RECEIVERS: dict[str, Receiver] = {}
CONFIRMED_RECEIVERS: dict[str, Receiver] = {}
ENDED_RECEIVERS: dict[str, Receiver] = {}


def on_request_accepted(name: str, receiver: Receiver) -> None:
    """Add (or replace, by name) a receiver; call it from AppConfig.ready()."""
    ACCEPTED_RECEIVERS[name] = receiver


def on_request_confirmed(name: str, receiver: Receiver) -> None:
    """Add (or replace, by name) a receiver; call it from AppConfig.ready()."""
    CONFIRMED_RECEIVERS[name] = receiver


def on_request_ended(name: str, receiver: Receiver) -> None:
    """Add (or replace, by name) a receiver; call it from AppConfig.ready()."""
    ENDED_RECEIVERS[name] = receiver


def request_accepted(*, request: Any, actor: Any) -> None:
    """Tell every receiver (called by services.domain.requests.change_status inside its transaction)."""
    for receiver in ACCEPTED_RECEIVERS.values():
        receiver(RequestChanged(request=request, actor=actor))


def request_confirmed(*, request: Any, actor: Any) -> None:
    """Tell every receiver (called by services.domain.requests.confirm_request inside its transaction)."""
    for receiver in CONFIRMED_RECEIVERS.values():
        receiver(RequestChanged(request=request, actor=actor))


def request_ended(*, request: Any, actor: Any) -> None:
    """Tell every receiver (called by services.domain.requests.change_status on a rejection)."""
    for receiver in ENDED_RECEIVERS.values():
        receiver(RequestChanged(request=request, actor=actor))
