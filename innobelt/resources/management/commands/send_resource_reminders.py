"""Send the booking and outcome-report reminders that are due (for cron; idempotent)."""

from django.core.management.base import BaseCommand

from innobelt.resources.tasks import task_send_booking_reminders, task_send_outcome_report_reminders


class Command(BaseCommand):
    help = "Send the booking and outcome-report reminders that are due."

    def handle(self, *args, **options):
        bookings = task_send_booking_reminders()  # in this process, also with a broker
        outcomes = task_send_outcome_report_reminders()
        self.stdout.write(f"booking reminders: {bookings}, outcome report reminders: {outcomes}")
