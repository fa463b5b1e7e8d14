"""Achievements, exhibition pages and award programmes (issue 26)."""
