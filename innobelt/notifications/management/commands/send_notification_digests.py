"""Send the daily digest e-mails (for cron, once a day; a second run the same day sends nothing new)."""

from django.core.management.base import BaseCommand

from innobelt.notifications.tasks import task_send_daily_digests


class Command(BaseCommand):
    help = "E-mail each person who chose a daily digest their unread notifications waiting for it."

    def handle(self, *args, **options):
        sent = task_send_daily_digests()  # in this process, also with a broker
        self.stdout.write(f"notification digests sent: {sent}")
