import pytest

from innobelt.accounts import ratelimit


@pytest.fixture(autouse=True)
def one_rate_limit_window(request, monkeypatch):
    """Counting up to a limit must not straddle two fixed windows (a rare flake otherwise): the
    rate-limit clock stands still in the middle of a window for each test."""
    if request.node.get_closest_marker("real_clock"):
        return  # counts shared with other processes, which keep the real clock
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000.0)
