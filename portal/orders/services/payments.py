"""An order becomes paid: one function, for an invoice paid by bank transfer (staff mark it in the admin)
and for a card payment (the card-payment code calls it once the server has confirmed the payment)."""

import datetime

from django.db import transaction
from django.utils import timezone

from common import workflows
from common.errors import DomainError
from portal.orders.models import Order, OrderStatus, PaymentMethod
from portal.orders.services import notifications

ALREADY_PAID = "Order {reference} was already paid on {date} (payment reference {paid_by})."


def _send_paid(order):
    if order.payment_method == PaymentMethod.CARD:
        notifications.send_order_confirmation(order, list(order.lines.all()))
    else:
        notifications.send_payment_received(order)


@transaction.atomic
def order_mark_paid(
    *, order, paid_by_reference, marked_by=None, paid_at: datetime.datetime | None = None, why=""
) -> Order:
    """Mark `order` paid: an invoice by staff (`marked_by`), with the bank transfer's reference; an order
    awaiting its card payment by the system, with the card payment's id. The finance contact is emailed a
    receipt for an invoice; for a card the buyer now gets the order's confirmation, which says it is paid.

    Idempotent for one payment: called again with the same `paid_by_reference` (a webhook and the buyer's
    return both confirming one card payment) it changes nothing and sends nothing. Refused for a
    cancelled order, or an order already paid by another payment.
    """
    paid_by_reference = str(paid_by_reference).strip()
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status == OrderStatus.PAID:
        if order.paid_by_reference == paid_by_reference:
            return order
        raise DomainError(
            ALREADY_PAID.format(
                reference=order.reference,
                date=timezone.localtime(order.paid_at).strftime("%-d %B %Y"),
                paid_by=order.paid_by_reference,
            )
        )
    return workflows.transition_apply(
        order,
        "card_paid" if order.status == OrderStatus.AWAITING_PAYMENT else "mark_paid",
        by=marked_by,
        about=f"payment reference {paid_by_reference}" if paid_by_reference else "",
        why=why,
        changes={"paid_at": paid_at or timezone.now(), "paid_by_reference": paid_by_reference},
        notify=_send_paid,
    )
