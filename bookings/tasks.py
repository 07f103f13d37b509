"""Background tasks of surgeries, run by the task worker."""

from django.tasks import task
from django.utils import timezone

from bookings.services import surgeries


@task()
def send_surgery_reminders():
    """Remind everyone booked at tomorrow's surgeries (daily; each booking is reminded once)."""
    return surgeries.reminders_send(today=timezone.localdate())
