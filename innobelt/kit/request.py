"""The request's context: the client's address (behind trusted proxies), the request id, and the
embedded mode's loopback-only guard."""

import ipaddress
import secrets
from functools import lru_cache

from django.conf import settings
from django.http import HttpResponseForbidden
from django.utils import translation
from django.utils.translation import gettext as _


@lru_cache(maxsize=16)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _address(value: str | None):
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def _is_trusted(address, networks) -> bool:
    return address is not None and any(address in net for net in networks if address.version == net.version)


def client_ip(request) -> str | None:
    """The address of whoever sent the request.

    REMOTE_ADDR, unless it is one of settings.TRUSTED_PROXIES (IPs or CIDRs): then the right-most
    X-Forwarded-For entry that is not a trusted proxy (the entries to its left were written by the
    client and prove nothing). A client that is not a trusted proxy cannot choose its address by
    sending X-Forwarded-For. Axes counts the same address, an IPv6 one by its /64 (`client_network`).
    """
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _is_trusted(_address(remote), networks):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for entry in reversed(forwarded):
        address = _address(entry)
        if address is None:
            return remote  # garbage from the client's side: fall back to the proxy's address
        if not _is_trusted(address, networks):
            return str(address)
    return forwarded[0] if forwarded and _address(forwarded[0]) else remote


def address_network(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Network | None:
    """What a per-address limit or lockout counts an address as: an IPv4 address itself (an IPv4-mapped IPv6
    address too), an IPv6 address's /64 (one home, office or server holds a whole /64 and could take a new address
    for every request); None when it is not an address."""
    address = _address(value)
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        return ipaddress.IPv6Network((address, 64), strict=False)
    return address


def client_network(request) -> str | None:
    """`client_ip` as `address_network` counts it, written as an address (an IPv6 /64 as its first address): what
    the sign-in lockout counts (axes' AXES_CLIENT_IP_CALLABLE), so that a client holding a /64 meets one lockout
    and not one per address. Still a valid address, as axes stores it in an address column."""
    network = address_network(client_ip(request))
    if network is None:
        return client_ip(request)
    return str(network.network_address if isinstance(network, ipaddress.IPv6Network) else network)


class LoopbackOnlyMiddleware:
    """With the generated embedded key (no SECRET_KEY set), answer only this machine.

    The embedded mode is a local installation: serving other computers needs a real deployment
    (SECRET_KEY, SITE_URL, HTTPS). A request from a non-loopback address, or forwarded for one,
    is refused with 403.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "LOOPBACK_ONLY", False) and not self._local(request):
            with translation.override(translation.get_language_from_request(request, check_path=True)):
                return HttpResponseForbidden(
                    _("This innobelt runs in embedded mode with a generated key and only answers this "
                      "computer. To serve other computers, set SECRET_KEY and SITE_URL (see docs/settings.md)."),
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)

    @staticmethod
    def _local(request) -> bool:
        address = _address(client_ip(request))
        if address is None or not address.is_loopback:
            return False
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        return all((a := _address(part)) is not None and a.is_loopback
                   for part in forwarded.split(",") if part.strip())


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = secrets.token_hex(8)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response
