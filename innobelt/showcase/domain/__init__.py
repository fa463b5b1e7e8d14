"""State changes of achievements and award programmes (each checks the rule, writes, records the audit trail,
notifies)."""
