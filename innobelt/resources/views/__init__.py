"""Pages of the resources app (they only translate between HTTP and the domain)."""
