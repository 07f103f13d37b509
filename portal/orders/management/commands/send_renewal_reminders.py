"""`manage.py send_renewal_reminders`: queue the renewal reminder task. Cron runs it daily; each school
is emailed once per year however often it runs."""

from django.core.management.base import BaseCommand

from portal.orders.tasks import send_renewal_reminders


class Command(BaseCommand):
    help = "Queue the task that emails schools that next year's Universal Offer can be bought (sends once)."

    def handle(self, *args, **options):
        result = send_renewal_reminders.enqueue()
        self.stdout.write(f"Queued renewal reminders ({result.id}).")
