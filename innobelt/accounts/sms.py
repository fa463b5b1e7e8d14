"""Pluggable SMS sending. settings.SMS_BACKEND names the class.

`ConsoleSmsBackend` prints messages (the embedded default); `LocmemSmsBackend`
keeps them in `outbox` for tests, like Django's locmem e-mail backend. A
production backend implements `send(mobile, text)` for the operator's SMS
gateway.
"""

import sys

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list[tuple[str, str]] = []


class ConsoleSmsBackend:
    def send(self, mobile: str, text: str) -> None:
        sys.stdout.write(f"[SMS to {mobile}] {text}\n")
        sys.stdout.flush()


class LocmemSmsBackend:
    def send(self, mobile: str, text: str) -> None:
        outbox.append((mobile, text))


def send_sms(mobile: str, text: str) -> None:
    import_string(settings.SMS_BACKEND)().send(mobile, text)
