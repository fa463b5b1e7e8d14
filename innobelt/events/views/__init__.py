"""Pages of the meeting zone: events and programme, registration, check-in, roadshow pitches."""
