"""`manage.py send_absence_alerts`: queue the unexplained absence alert task. Cron runs it every 15 minutes
in school hours; each placement's home school is told once a day however often it runs."""

from django.core.management.base import BaseCommand

from portal.placements.tasks import send_absence_alerts


class Command(BaseCommand):
    help = "Queue the task that tells home schools of pupils absent from the unit without a reason today."

    def handle(self, *args, **options):
        result = send_absence_alerts.enqueue()
        self.stdout.write(f"Queued absence alerts ({result.id}).")
