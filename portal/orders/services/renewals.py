"""From the day staff set (1 March unless changed), the finance contacts of schools holding this year's
Universal Offer (the school's finance contact and its members with the finance role) are told that next
year's can be bought. Each school is told once per year: the `RenewalReminder` row is created in the
same transaction that queues its emails."""

import datetime

from django.db import transaction
from django.urls import reverse

from common.email import send_after_commit
from common.financial_years import FinancialYear
from common.urls import absolute_url
from portal.orders import selectors
from portal.orders.models import RenewalReminder
from portal.schools import selectors as school_selectors


def renewal_reminders_send(*, today: datetime.date) -> int:
    """Email each school due a reminder; returns how many schools were told. Safe to run again, or twice
    at once: the unique `RenewalReminder` row decides who sends."""
    next_year = FinancialYear.containing(today).next
    sent = 0
    for school in selectors.schools_to_remind(today=today):
        contacts = school_selectors.finance_contacts_of(school=school)
        if not contacts:
            continue
        with transaction.atomic():
            _, created = RenewalReminder.objects.get_or_create(
                school=school,
                financial_year_start=next_year.start_year,
                defaults={"sent_to": ", ".join(contacts)},
            )
            if not created:
                continue
            context = {"school": school, "year": next_year, "buy_url": absolute_url(reverse("orders:basket"))}
            for contact in contacts:
                send_after_commit("orders/email/renewal_open", to=contact, context=context)
            sent += 1
    return sent
