"""Dashboards, the display wall and open data, read-only (issue 27)."""
