"""`manage.py settle_card_payments`: queue the card payments' housekeeping. Cron runs it hourly: unpaid
card orders past the days staff allow are cancelled, refunds Stripe could not take are sent again, and
attempts of orders already paid or cancelled are cancelled at Stripe. Running it more often changes
nothing more."""

from django.core.management.base import BaseCommand

from portal.orders.tasks import settle_card_payments


class Command(BaseCommand):
    help = "Queue the task that expires unpaid card orders and sends waiting refunds to Stripe again."

    def handle(self, *args, **options):
        result = settle_card_payments.enqueue()
        self.stdout.write(f"Queued the card payments' housekeeping ({result.id}).")
