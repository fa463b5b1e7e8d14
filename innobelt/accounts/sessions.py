"""The session engine (settings.SESSION_ENGINE): Django's database sessions, in a table that knows whose
session each row is (ADR 0015).

Django's own session table has no user column, so "my sessions" could not be listed nor ended without
decoding every row. This engine keeps Django's database backend and its model's columns (key, data,
expiry) and adds, for the person's settings page, the user, a hash of the key (the public reference used
in URLs: the key itself is as good as a password and is never shown), the browser's user agent, the
address, when it signed in and when it was last seen. They are copied from the session's own data on
every save (`create_model_instance`), so they cannot drift from it: the sign-in signal (`note_sign_in`)
writes the device into the data, `SessionActivityMiddleware` refreshes "last seen" at most once a minute,
and ending a session is deleting its row, which is deleting it from the store.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils.translation import gettext as _

from innobelt.kit.request import client_ip

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from innobelt.accounts.models import UserSession

META = "_innobelt_device"  # in the session's data: {"ua", "ip", "created", "seen"} (times as Unix seconds)
SEEN_EVERY = 60  # seconds: "last seen" is written at most this often per session
USER_AGENT_LENGTH = 300


def key_hash(session_key: str) -> str:
    """The public reference of a session: the SHA-256 of its key (the key stays secret)."""
    return hashlib.sha256(session_key.encode()).hexdigest()


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls) -> type[UserSession]:
        from innobelt.accounts.models import UserSession  # lazy: the engine is imported before the app registry is ready

        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> UserSession:
        obj = cast("UserSession", super().create_model_instance(data))
        user_id = str(data.get(SESSION_KEY) or "")
        obj.user_id = int(user_id) if user_id.isdigit() else None
        obj.key_hash = key_hash(obj.session_key)
        device = data.get(META) or {}
        obj.user_agent = str(device.get("ua") or "")[:USER_AGENT_LENGTH]
        obj.ip_address = _valid_ip(device.get("ip"))
        obj.created_at = _moment(device.get("created"))
        obj.last_seen = _moment(device.get("seen"))
        return obj


def _valid_ip(value: object) -> str | None:
    try:
        return str(ipaddress.ip_address(str(value))) if value else None
    except ValueError:
        return None


def _moment(value: object) -> datetime | None:
    return datetime.fromtimestamp(value, tz=UTC) if isinstance(value, int | float) else None


def _device(request: HttpRequest, *, created: float, seen: float) -> dict[str, Any]:
    return {"ua": request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH], "ip": client_ip(request),
            "created": created, "seen": seen}


def note_sign_in(sender: object, request: HttpRequest | None, user: object, **kwargs: Any) -> None:
    """user_logged_in: write the device into the new session's data (its row takes it on saving)."""
    session = getattr(request, "session", None)
    if request is None or session is None:
        return
    now = int(time.time())
    session[META] = _device(request, created=now, seen=now)


class SessionActivityMiddleware:
    """After AuthenticationMiddleware: a signed-in session's "last seen" (and address and browser) is
    refreshed at most once a minute, so the write is light; anonymous requests are not touched."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key and SESSION_KEY in session:
            device = session.get(META) or {}
            now = int(time.time())
            seen = device.get("seen")
            if not isinstance(seen, int | float) or now - seen >= SEEN_EVERY:
                created = device.get("created")
                session[META] = _device(request, created=created if isinstance(created, int | float) else now, seen=now)
        response: HttpResponse = self.get_response(request)
        return response


BROWSERS = [("Edg/", "Edge"), ("MicroMessenger", "WeChat"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
            ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari")]
SYSTEMS = [("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("HarmonyOS", "HarmonyOS"),
           ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux")]


def describe_user_agent(user_agent: str) -> str:
    """A short name for a browser ("Chrome on Windows") from its user agent; the full string is shown beside it."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("Unknown browser")
