"""Innovation vouchers spent across the Belt (issue 23)."""
