"""Background tasks of retention, run by the task worker."""

from django.tasks import task
from django.utils import timezone

from records import services


@task()
def apply_retention():
    """Delete or anonymise what has passed its retention period, except records under a legal hold
    (daily; a second run the same day finds nothing more to do)."""
    run = services.retention_run(today=timezone.localdate())
    return str(run.uuid)
