"""The personal check-in token and its QR code.

The QR code holds a URL to the organiser's check-in page with a token signed with the
site's SECRET_KEY (django.core.signing, its own salt). The token names the registration
and its random check-in code, so it cannot be made up from an id, and a token of a
cancelled registration does not fit a new one of the same person.
"""

import io

import segno
from django.core import signing
from django.urls import reverse

from innobelt.events.models import Registration

SALT = "innobelt.events.check-in"


def check_in_token(registration: Registration) -> str:
    return signing.dumps([registration.pk, registration.code], salt=SALT, compress=False)


def registration_for_token(token: str, queryset=None) -> Registration | None:
    """The registration a genuine token names, or None for a forged, altered or stale one."""
    try:
        pk, code = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(code, str):
        return None
    queryset = queryset if queryset is not None else Registration.objects.all()
    return queryset.select_related("event", "user", "organisation").filter(pk=pk, code=code).first()


def check_in_path(registration: Registration) -> str:
    return reverse("events:check_in_token", kwargs={"token": check_in_token(registration)})


QR_COLOURS = {"dark": "#1c2430", "light": "#ffffff"}


def _qr(data: str) -> segno.QRCode:
    return segno.make(data, error="m", micro=False)  # error correction M


def qr_svg(data: str) -> bytes:
    """An SVG QR code (error correction M, a quiet zone of 4 modules)."""
    buffer = io.BytesIO()
    _qr(data).save(buffer, kind="svg", scale=6, border=4, xmldecl=False, svgns=True, **QR_COLOURS)
    return buffer.getvalue()


def qr_svg_inline(data: str, *, title: str = "") -> str:
    """The same QR code as an <svg> element to put in a page (badges): no size of its own (a viewBox: the page's
    CSS sizes it) and `title` (escaped) for screen readers."""
    return _qr(data).svg_inline(scale=1, border=4, omitsize=True, title=title or None, svgclass="qr", **QR_COLOURS)
