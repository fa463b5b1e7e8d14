"""Who may see how the platform runs."""

import rules

from innobelt.accounts.rules import is_platform_operator

rules.add_perm("ops.view_periodic_runs", is_platform_operator)
