"""The service zone's catalogue and requests (issue 24)."""
