"""Expire the open needs whose deadline has passed (for cron, after midnight China time; idempotent)."""

from django.core.management.base import BaseCommand

from innobelt.challenges.tasks import task_expire_needs


class Command(BaseCommand):
    help = "Expire the open needs whose deadline has passed."

    def handle(self, *args, **options):
        expired = task_expire_needs()  # in this process, also with a broker
        self.stdout.write(f"needs expired: {expired}")
