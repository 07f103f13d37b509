"""Invoice numbers run 1, 2, 3 with no gap, whatever rolls back or runs at once; credit notes have a
sequence of their own."""

import threading

import pytest
from django.db import transaction

from portal.orders.models import Invoice, NumberSequence, Order
from portal.orders.services import basket as basket_services
from portal.orders.services import cancellations, checkout, notifications, numbering
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from tests.portal.orders.conftest import at_once, invoice_details, kinds, postgresql_only


def finance_member():
    return MembershipFactory(school=SchoolFactory(), roles=[Role.FINANCE])


@pytest.mark.django_db
def test_invoices_are_numbered_in_order_across_schools(catalogue, place_order):
    orders = [place_order(finance_member()) for _ in range(3)]

    assert [order.invoice.number for order in orders] == [1, 2, 3]
    assert [order.invoice.display_number for order in orders] == ["INV-00001", "INV-00002", "INV-00003"]


@pytest.mark.django_db
def test_an_order_that_rolls_back_gives_its_number_back(monkeypatch, catalogue, place_order):
    first = place_order(finance_member())

    def mail_server_down(invoice):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(notifications, "send_invoice", mail_server_down)
    with pytest.raises(ConnectionError):
        place_order(finance_member())
    monkeypatch.undo()
    third = place_order(finance_member())

    assert (first.invoice.number, third.invoice.number) == (1, 2)
    assert Order.objects.count() == 2


@pytest.mark.django_db
def test_a_number_taken_in_a_transaction_that_rolls_back_is_taken_again(db):
    def take_a_number_then_fail():
        with transaction.atomic():
            numbering.next_number(numbering.INVOICE)
            raise RuntimeError("the invoice was not saved")

    with pytest.raises(RuntimeError):
        take_a_number_then_fail()

    with transaction.atomic():
        assert numbering.next_number(numbering.INVOICE) == 1


@pytest.mark.django_db
def test_credit_notes_have_their_own_sequence(catalogue, place_order, staff_user):
    orders = [place_order(finance_member()) for _ in range(3)]

    for order in orders[1:]:
        cancellations.order_cancel_with_credit_note(
            order=order, cancelled_by=staff_user, reason="Ordered twice"
        )

    numbers = [
        (order.invoice.display_number, order.invoice.credit_note.display_number) for order in orders[1:]
    ]
    assert numbers == [("INV-00002", "CN-00001"), ("INV-00003", "CN-00002")]
    assert dict(NumberSequence.objects.values_list("name", "last_number")) == {
        "order": 3,
        "invoice": 3,
        "credit_note": 2,
    }


@pytest.mark.django_db(transaction=True)
def test_a_number_is_taken_only_inside_the_transaction_that_saves_the_document(db):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        numbering.next_number(numbering.INVOICE)

    assert not NumberSequence.objects.exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_invoices_issued_at_once_take_consecutive_numbers(monkeypatch, catalogue, basket_of):
    members = [finance_member() for _ in range(4)]
    baskets = [basket_of(member) for member in members]
    for basket in baskets:
        basket_services.basket_add_universal_offer(basket=basket)
    ready = threading.Barrier(len(members), timeout=10)
    check_invoice_details = checkout.check_invoice_details

    def check_when_all_are_ready(details):
        ready.wait()  # all four start checking out at the same moment, before any lock is taken
        return check_invoice_details(details)

    monkeypatch.setattr(checkout, "check_invoice_details", check_when_all_are_ready)

    outcomes = at_once(
        *[
            (
                lambda basket=basket, member=member: checkout.order_place_by_invoice(
                    basket=basket, placed_by=member.user, invoice_details=invoice_details()
                )
            )
            for basket, member in zip(baskets, members, strict=True)
        ]
    )

    assert kinds(outcomes) == ["done"] * 4, outcomes
    assert sorted(Invoice.objects.values_list("number", flat=True)) == [1, 2, 3, 4]
