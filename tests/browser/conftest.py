"""The browser fixtures (Chromium launch arguments, console_errors, demo) live in tests/conftest.py, so that
each app's browser tests share them; re-exported here for conftests that import them from this module."""

from tests.conftest import CHROMIUM_ARGS as ARGS  # noqa: F401
from tests.conftest import browser_type_launch_args, console_errors, demo  # noqa: F401
