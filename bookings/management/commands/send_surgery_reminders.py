"""`manage.py send_surgery_reminders`: queue the surgery reminder task. Cron runs it daily; each booking is
reminded once however often it runs."""

from django.core.management.base import BaseCommand

from bookings.tasks import send_surgery_reminders


class Command(BaseCommand):
    help = "Queue the task that reminds people booked at tomorrow's behaviour surgeries (sends once)."

    def handle(self, *args, **options):
        result = send_surgery_reminders.enqueue()
        self.stdout.write(f"Queued surgery reminders ({result.id}).")
