"""Background tasks of the placements domain, run by the task worker."""

from django.tasks import task
from django.utils import timezone

from portal.placements.services import attendance


@task()
def send_absence_alerts():
    """Tell home schools of their pupils absent from the unit without a reason today, once the terms'
    alert time has passed (every 15 minutes in school hours; each placement is told once a day)."""
    return attendance.absence_alerts_send(now=timezone.now())
