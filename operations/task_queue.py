"""The task queue's tasks left marked running by a worker that died (killed, or its server lost).

django-tasks-db's worker takes a task by marking its row running in a transaction of its own, then runs
it, then marks it done or failed. A worker killed in between leaves the row running, and no worker ever
takes a running row again: without this the task would be lost. So a task still running after
`TASK_STALLED_AFTER_SECONDS` is put back in the queue, from the regular job `requeue_stalled_tasks`,
and the next free worker runs it again. That makes the queue at-least-once: every task here is safe to
run twice (operations/schedule.py says how each job's task is), except that an email whose worker died
after the mail server accepted it, and before its row was marked, goes out twice. A duplicate email
rather than a lost one.

The limit must be longer than any task runs: the longest are the retention run and the card payments'
housekeeping, minutes at most; an email's send gives up after DJANGO_EMAIL_TIMEOUT (20 s).
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone

logger = logging.getLogger(__name__)


def stalled_tasks_requeue() -> int:
    """Put back in the queue each task marked running for longer than the limit; how many."""
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - datetime.timedelta(seconds=settings.TASK_STALLED_AFTER_SECONDS)
    requeued = 0
    stalled = DBTaskResult.objects.running().filter(started_at__lt=since)
    for task_id, task_path, started_at, worker_ids in stalled.values_list(
        "id", "task_path", "started_at", "worker_ids"
    ):
        with transaction.atomic():
            # Only if it is still the same run: a worker may have finished it meanwhile, or another
            # run of this job put it back first.
            put_back = DBTaskResult.objects.filter(
                pk=task_id, status=TaskResultStatus.RUNNING, started_at=started_at
            ).update(status=TaskResultStatus.READY, started_at=None)
        if put_back:
            requeued += 1
            logger.warning(
                "Task %s (%s) was still running after %d s, on worker %s: put back in the queue.",
                task_id,
                task_path,
                settings.TASK_STALLED_AFTER_SECONDS,
                worker_ids[-1] if worker_ids else "unknown",
                extra={"task_id": str(task_id), "task": task_path},
            )
    return requeued
