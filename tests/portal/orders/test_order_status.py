"""An order's status changes through one function per transition, each recording who, when, from, to
and why on the order: paid (by bank transfer, or by card once confirmed; the same payment twice changes
nothing), cancelled with a credit note, or an unpaid card order cancelled."""

import pytest
from django.utils import timezone

from common.errors import DomainError
from common.workflows import action_of
from portal.orders import selectors
from portal.orders.models import CreditNote, HoursKind, Order, OrderStatus, PaymentMethod
from portal.orders.services import basket as basket_services
from portal.orders.services import cancellations, checkout, hours, payments
from tests.portal.orders.conftest import A_PUPIL

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoiced(catalogue, buyer, place_order):
    return place_order(buyer, packages=[(catalogue.bronze, A_PUPIL)])


@pytest.fixture
def awaiting_card(catalogue, buyer, basket_of):
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    return checkout.order_place_for_card_payment(basket=basket, placed_by=buyer.user)


def test_staff_mark_an_invoice_paid(invoiced, staff_user, logged_changes):
    order = payments.order_mark_paid(
        order=invoiced, paid_by_reference="BACS 0412", marked_by=staff_user, why="Seen on the bank statement"
    )

    assert (order.status, order.paid_by_reference) == (OrderStatus.PAID, "BACS 0412")
    assert order.paid_at is not None
    action, who, data = logged_changes(order)[-1]
    assert (action, who) == (action_of(Order, "mark_paid"), staff_user)
    assert data == {
        "from": "Invoiced, awaiting payment",
        "to": "Paid",
        "about": "payment reference BACS 0412",
        "why": "Seen on the bank statement",
    }


def test_a_card_order_is_paid_from_awaiting_payment(awaiting_card, logged_changes):
    assert (awaiting_card.status, awaiting_card.payment_method) == (
        OrderStatus.AWAITING_PAYMENT,
        PaymentMethod.CARD,
    )
    assert not hasattr(awaiting_card, "invoice")

    order = payments.order_mark_paid(order=awaiting_card, paid_by_reference="pi_3Abc")

    assert order.status == OrderStatus.PAID
    action, who, data = logged_changes(order)[-1]
    assert (action, who, data["from"]) == (action_of(Order, "card_paid"), None, "Awaiting card payment")


def test_the_same_payment_confirmed_twice_changes_nothing(
    awaiting_card, logged_changes, django_capture_on_commit_callbacks
):
    first = payments.order_mark_paid(order=awaiting_card, paid_by_reference="pi_3Abc")
    entries = len(logged_changes(awaiting_card))

    with django_capture_on_commit_callbacks() as callbacks:
        again = payments.order_mark_paid(order=awaiting_card, paid_by_reference="pi_3Abc")

    assert again.paid_at == first.paid_at
    assert len(logged_changes(awaiting_card)) == entries
    assert callbacks == []  # no second receipt


def test_a_second_different_payment_is_refused(invoiced, staff_user):
    payments.order_mark_paid(order=invoiced, paid_by_reference="BACS 1", marked_by=staff_user)

    with pytest.raises(DomainError, match=r"was already paid on .* \(payment reference BACS 1\)"):
        payments.order_mark_paid(order=invoiced, paid_by_reference="BACS 2", marked_by=staff_user)


def test_a_payment_needs_its_reference(invoiced, staff_user):
    with pytest.raises(DomainError) as error:
        payments.order_mark_paid(order=invoiced, paid_by_reference="  ", marked_by=staff_user)

    assert error.value.field == "paid_by_reference"


def test_staff_cancel_an_invoice_with_a_credit_note(invoiced, staff_user, logged_changes):
    order = cancellations.order_cancel_with_credit_note(
        order=invoiced, cancelled_by=staff_user, reason="Ordered twice"
    )

    credit_note = CreditNote.objects.get()
    assert order.status == OrderStatus.CANCELLED
    assert (credit_note.invoice, credit_note.amount_pence, credit_note.reason, credit_note.issued_by) == (
        order.invoice,
        120_000,
        "Ordered twice",
        staff_user,
    )
    action, who, data = logged_changes(order)[-1]
    assert (action, who, data["from"], data["to"], data["why"]) == (
        action_of(Order, "cancel_with_credit_note"),
        staff_user,
        "Invoiced, awaiting payment",
        "Cancelled",
        "Ordered twice",
    )


def test_a_cancelled_order_is_held_no_longer_and_cannot_be_paid(invoiced, staff_user, buyer):
    cancellations.order_cancel_with_credit_note(
        order=invoiced, cancelled_by=staff_user, reason="Ordered twice"
    )

    assert not selectors.holds_universal_offer(school=buyer.school, on_date=timezone.localdate())
    assert not selectors.package_lines_for(school=buyer.school).exists()
    with pytest.raises(DomainError, match="is cancelled, so it cannot be paid"):
        payments.order_mark_paid(order=invoiced, paid_by_reference="BACS 1", marked_by=staff_user)


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_needs_a_reason(invoiced, staff_user, reason):
    with pytest.raises(DomainError) as error:
        cancellations.order_cancel_with_credit_note(order=invoiced, cancelled_by=staff_user, reason=reason)

    assert error.value.field == "why"
    assert not CreditNote.objects.exists()


def test_a_paid_invoice_is_not_cancelled_with_a_credit_note(invoiced, staff_user):
    payments.order_mark_paid(order=invoiced, paid_by_reference="BACS 1", marked_by=staff_user)

    with pytest.raises(DomainError, match="Only an invoice still awaiting payment"):
        cancellations.order_cancel_with_credit_note(order=invoiced, cancelled_by=staff_user, reason="Refund")


def test_an_order_with_hours_delivered_is_not_cancelled(invoiced, staff_user):
    line = invoiced.lines.get(package__isnull=False)
    hours.hours_record(
        line=line,
        worked_on=invoiced.placed_at.date(),
        hours=1,
        kind=HoursKind.OBSERVATION,
        delivered_by="Sam",
        recorded_by=staff_user,
    )

    with pytest.raises(DomainError, match="Hours have already been delivered"):
        cancellations.order_cancel_with_credit_note(
            order=invoiced, cancelled_by=staff_user, reason="Ordered twice"
        )
    assert not CreditNote.objects.exists()


def test_an_unpaid_card_order_is_cancelled_without_a_credit_note(awaiting_card, staff_user, logged_changes):
    order = cancellations.order_cancel_unpaid(
        order=awaiting_card, cancelled_by=staff_user, why="Changed my mind"
    )

    assert order.status == OrderStatus.CANCELLED
    assert not CreditNote.objects.exists()
    assert logged_changes(order)[-1][2]["why"] == "Changed my mind"


def test_only_an_order_awaiting_card_payment_is_cancelled_that_way(invoiced, staff_user):
    with pytest.raises(DomainError, match="only an order waiting for its card payment"):
        cancellations.order_cancel_unpaid(order=invoiced, cancelled_by=staff_user)
