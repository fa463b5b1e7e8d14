"""``python -m innobelt.meetings.scheduling`` runs the scheduler's command line."""

import sys

from .cli import main

sys.exit(main())
