"""Phrases of the service zone shown by other apps (notification kinds, the periodic schedule's label).

Marked here so that this app's catalogue translates them: those apps' catalogues are theirs to keep.
"""

from django.utils.translation import gettext_noop

PHRASES = [
    gettext_noop("Service zone"),
    gettext_noop("A service request was routed to your organisation"),
    gettext_noop("No provider could take a service request in your district"),
    gettext_noop("Your organisation's service request moved on"),
    gettext_noop("A firm confirmed and rated your service"),
    gettext_noop("A service request is overdue"),
    gettext_noop("Overdue service requests are escalated to their provider and district operators"),
    gettext_noop("Services"),
]
