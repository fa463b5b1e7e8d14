"""Pages of needs (and, later, challenges)."""
