"""Pages of 1:1 meetings: organisers (organiser.py) and participants (participant.py)."""
