"""Background tasks of the orders domain, run by the task worker."""

from django.tasks import task
from django.utils import timezone

from portal.orders.services import renewals


@task()
def send_renewal_reminders():
    """Tell the schools due it that next year's Universal Offer can be bought (daily; sends once)."""
    return renewals.renewal_reminders_send(today=timezone.localdate())
