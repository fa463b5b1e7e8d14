"""Send the reminders of events starting within a day (for cron; idempotent)."""

from django.core.management.base import BaseCommand

from innobelt.events.tasks import task_send_event_reminders


class Command(BaseCommand):
    help = "Remind everyone registered for an event that starts within 24 hours (once each)."

    def handle(self, *args, **options):
        sent = task_send_event_reminders()  # in this process, also with a broker
        self.stdout.write(f"event reminders sent: {sent}")
