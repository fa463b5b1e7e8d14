"""Positions, talent profiles and recognitions (issue 25)."""
