"""`manage.py reconcile_stripe [--from YYYY-MM-DD] [--to YYYY-MM-DD]`: print every difference between
Stripe's payments and refunds and the ledger for those days (by default the financial year to date), or
"No differences". It exits with 1 when there are differences and 2 when Stripe cannot be reached, so a
cron job that runs it daily alerts someone. It runs at once rather than on the task worker: it only reads,
and its output is the point."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common.financial_years import FinancialYear
from portal.orders import reconciliation, stripe_gateway

NO_DIFFERENCES = "No differences between Stripe and the ledger from {start} to {end}."
DIFFERENCES_FOUND = "{count} difference(s) between Stripe and the ledger from {start} to {end}."
NOT_A_DATE = "{value} is not a date: write it as YYYY-MM-DD, like 2026-04-01."


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(NOT_A_DATE.format(value=value)) from None


class Command(BaseCommand):
    help = "List every difference between Stripe's payments and refunds and the ledger for a range of days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="start", help="The first day (default: the financial year's first)."
        )
        parser.add_argument("--to", dest="end", help="The last day, included (default: today).")

    def handle(self, *args, start, end, **options):
        end = _date(end) if end else timezone.localdate()
        start = _date(start) if start else FinancialYear.containing(end).first_day
        if end < start:
            raise CommandError(reconciliation.RANGE_BACKWARDS)
        try:
            found = reconciliation.differences(start=start, end=end)
        except stripe_gateway.StripeUnreachable as error:
            raise CommandError(error.message, returncode=2) from error
        dates = {"start": start.isoformat(), "end": end.isoformat()}
        if not found:
            self.stdout.write(NO_DIFFERENCES.format(**dates))
            return
        for difference in found:
            self.stdout.write(f"{difference.kind.label}: {difference.message}")
        raise CommandError(DIFFERENCES_FOUND.format(count=len(found), **dates), returncode=1)
