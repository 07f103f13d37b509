"""`manage.py requeue_stalled_tasks`: put back in the queue the tasks a worker took and never finished
(operations/task_queue.py). A regular job (operations/schedule.py); safe to run at any time."""

from django.core.management.base import BaseCommand

from operations.task_queue import stalled_tasks_requeue


class Command(BaseCommand):
    help = "Put back in the queue the tasks still marked running past TASK_STALLED_AFTER_SECONDS."

    def handle(self, *args, **options):
        self.stdout.write(f"{stalled_tasks_requeue()} stalled task(s) put back in the queue")
