"""Demo buying: Riverside holds this year's Universal Offer (paid by card) and a Silver package (paid by
invoice) with some hours used, and has one invoiced order awaiting payment; Oakfield holds nothing.
Idempotent."""

import datetime
import zoneinfo
from io import StringIO

import pytest
import time_machine

from portal.orders import demo, selectors
from portal.orders.models import HoursEntry, Order, OrderStatus, PaymentMethod
from portal.schools import demo as schools_demo
from portal.users import demo as users_demo
from services import demo_content as services_demo

pytestmark = pytest.mark.django_db

AUTUMN_2026 = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


def load_everything():
    for loader in [
        users_demo.load,
        services_demo.load_universal_offers,
        services_demo.load_packages,
        schools_demo.load,
        demo.load,
    ]:
        loader(stdout=StringIO())


@time_machine.travel(AUTUMN_2026, tick=False)
def test_demo_orders_for_riverside_and_none_for_oakfield(settings, home_page):
    settings.DEBUG = True
    load_everything()
    load_everything()  # a second run adds nothing

    riverside = Order.objects.filter(school__urn=demo.RIVERSIDE_URN)
    by_card = riverside.get(status=OrderStatus.PAID, payment_method=PaymentMethod.CARD)
    paid = riverside.get(status=OrderStatus.PAID, payment_method=PaymentMethod.INVOICE)
    invoiced = riverside.get(status=OrderStatus.INVOICED)
    today = datetime.date(2026, 11, 24)
    assert riverside.count() == 3
    assert by_card.includes_universal_offer
    assert by_card.paid_by_reference == by_card.card_payments.get().payment_intent_id
    assert by_card.card_payments.get().amount_pence == by_card.total_pence == 55_000
    assert paid.invoice.number == 1
    assert selectors.holds_universal_offer(school=paid.school, on_date=today)
    silver = paid.lines.get(package__slug="silver-package")
    assert (
        silver.hours_bought,
        sum(HoursEntry.objects.filter(line=silver).values_list("quarter_hours", flat=True)),
    ) == (12, 20)
    assert invoiced.lines.get().description == "Consultancy"
    assert invoiced.invoice.has_no_purchase_order
    assert not Order.objects.filter(school__urn="900101").exists()
    assert selectors.buying_settings().bank_details.startswith("Account name: Stepping Stones")


def test_no_demo_orders_without_debug(settings):
    settings.DEBUG = False
    demo.load(stdout=StringIO())

    assert not Order.objects.exists()
