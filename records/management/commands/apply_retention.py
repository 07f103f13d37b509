"""`manage.py apply_retention`: queue the retention task. Cron runs it daily; a record is deleted or
anonymised once however often it runs."""

from django.core.management.base import BaseCommand

from records.tasks import apply_retention


class Command(BaseCommand):
    help = "Queue the task that deletes or anonymises the records past their retention period."

    def handle(self, *args, **options):
        result = apply_retention.enqueue()
        self.stdout.write(f"Queued the retention run ({result.id}).")
