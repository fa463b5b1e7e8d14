import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _default_language():
    """Start every test in the default language (Chinese); a request to /en/ must not leak."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_outboxes():
    from innobelt.accounts import sms

    sms.outbox.clear()
    yield


@pytest.fixture
def belt(db):
    """The Belt's cities, industries, agreements and seed organisations, as `make run` loads them."""
    from innobelt.web.demo import load_demo

    return load_demo()
