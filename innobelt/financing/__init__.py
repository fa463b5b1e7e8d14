"""Funding needs, investors' theses and dedicated funds (issue 25)."""
