from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "innobelt.meetings"
    verbose_name = _("1:1 meetings")

    def ready(self):
        # The event page links to the 1:1 programme, but events may not import meetings (ADR 0001):
        # meetings registers a panel provider in events' small hook registry (events/page_panels.py),
        # and the event page includes whatever panels are registered, knowing nothing of meetings.
        from innobelt.events.page_panels import register_panel
        from innobelt.meetings.event_panel import event_page_panel

        register_panel("meetings", event_page_panel)

        # A cancelled registration cancels the person's meetings (issue 19, bug 2), in the same
        # transaction, through events' hook registry (events/hooks.py), for the same reason.
        from innobelt.events.hooks import on_registration_left
        from innobelt.meetings.domain.cancellation import cancel_meetings_of_registration

        on_registration_left("meetings", cancel_meetings_of_registration)
