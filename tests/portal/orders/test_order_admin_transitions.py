"""Each transition of an order offered in the admin (mark paid, cancel with a credit note, cancel unpaid)
shows its button and opens its screen only for staff its declaration allows; others are refused by URL."""

import pytest

from portal.orders.factories import InvoiceFactory, OrderFactory
from portal.orders.models import Order, OrderStatus
from tests.workflows import check_admin_transitions_are_guarded

pytestmark = pytest.mark.django_db


def an_order(status):
    order = OrderFactory(status=status)
    if status == OrderStatus.INVOICED:
        InvoiceFactory(order=order)
    return order


def test_each_order_transition_in_the_admin_is_guarded_by_its_declaration(client):
    assert check_admin_transitions_are_guarded(client, model=Order, make_record=an_order) == 3
