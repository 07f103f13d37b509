"""Agreed training becomes an order at the agreed price, paid by invoice or by card, through the same order
creation as checkout; no Universal Offer is needed, and the line names the training format."""

import pytest
from django.db import IntegrityError

from common.errors import DomainError
from portal.orders.models import Order, OrderLine, OrderStatus, ProductKind
from portal.orders.services.agreed_orders import PAYMENT_METHOD_REQUIRED, order_place_for_agreed_training
from portal.orders.services.invoices import FINANCE_CONTACT_NAME_REQUIRED
from services.factories import TrainingFormatFactory
from tests.portal.orders.conftest import invoice_details

pytestmark = pytest.mark.django_db


def place(school, buyer, **changes):
    fields = {
        "school": school,
        "placed_by": buyer.user,
        "training_format": TrainingFormatFactory(name="Twilight"),
        "description": "Training: Twilight, 5 March 2027",
        "price_pence": 45_000,
        "payment_method": "invoice",
        "invoice_details": invoice_details(),
        **changes,
    }
    return order_place_for_agreed_training(**fields)


def test_by_invoice_it_is_invoiced_at_the_agreed_price(school, buyer, logged_changes):
    order = place(school, buyer)

    line = order.lines.get()
    assert (order.status, order.total_pence, order.includes_universal_offer) == (
        OrderStatus.INVOICED,
        45_000,
        False,
    )
    assert (line.kind, line.hours_per_unit, line.description) == (
        ProductKind.TRAINING,
        0,
        "Training: Twilight, 5 March 2027",
    )
    assert order.invoice.purchase_order_number == "PO-4471"
    assert logged_changes(order)[0][0] == "orders.order_placed"


def test_by_card_it_awaits_its_payment_without_an_invoice(school, buyer):
    order = place(school, buyer, payment_method="card", invoice_details=None)

    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert not hasattr(order, "invoice")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"payment_method": "cheque"}, PAYMENT_METHOD_REQUIRED),
        ({"invoice_details": invoice_details(finance_contact_name="")}, FINANCE_CONTACT_NAME_REQUIRED),
    ],
)
def test_bad_input_places_nothing(school, buyer, changes, message):
    with pytest.raises(DomainError) as refused:
        place(school, buyer, **changes)

    assert refused.value.message == message
    assert not Order.objects.exists()


def test_a_training_line_must_name_its_format(school, buyer):
    order = place(school, buyer)

    with pytest.raises(IntegrityError):
        OrderLine.objects.filter(order=order).update(training_format=None)
