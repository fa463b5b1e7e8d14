"""Fixtures of the 1:1 meetings tests. The browser fixtures (Debian's Chromium, console
errors) are defined in tests/browser/conftest.py; they are re-exported here so that
tests/meetings/test_browser.py can use them without moving them."""

from tests.browser.conftest import browser_type_launch_args, console_errors  # noqa: F401
