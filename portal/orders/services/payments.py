"""An order becomes paid: one function, for an invoice paid by bank transfer (staff mark it in the admin)
and for a card payment (the card-payment code calls it once the server has confirmed the payment)."""

import datetime

from django.db import transaction
from django.utils import timezone

from common.audit import record_change
from common.errors import DomainError
from portal.orders.models import Order, OrderStatus, PaymentMethod
from portal.orders.services import notifications

ORDER_PAID = "orders.order_paid"

PAYMENT_REFERENCE_REQUIRED = "Enter the payment's reference, such as the bank transfer's reference."
ALREADY_PAID = "Order {reference} was already paid on {date} (payment reference {paid_by})."
CANCELLED_NOT_PAID = "Order {reference} is cancelled, so it cannot be paid."


@transaction.atomic
def order_mark_paid(
    *, order, paid_by_reference, marked_by=None, paid_at: datetime.datetime | None = None, why=""
) -> Order:
    """Mark `order` paid (from "invoiced" or "awaiting card payment"), recording who, when and the
    payment's reference (a bank reference, or the card payment's id). The finance contact is emailed a
    receipt for an invoice; for a card the buyer now gets the order's confirmation, which says it is paid.

    Idempotent for one payment: called again with the same `paid_by_reference` (a webhook and the buyer's
    return both confirming one card payment) it changes nothing and sends nothing. Refused for a
    cancelled order, or an order already paid by another payment.
    """
    paid_by_reference = str(paid_by_reference).strip()
    if not paid_by_reference:
        raise DomainError(PAYMENT_REFERENCE_REQUIRED, field="paid_by_reference")
    order = (
        Order.objects.select_for_update(of=("self",)).select_related("school", "placed_by").get(pk=order.pk)
    )
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
    if order.status == OrderStatus.CANCELLED:
        raise DomainError(CANCELLED_NOT_PAID.format(reference=order.reference))
    before = order.get_status_display()
    order.status = OrderStatus.PAID
    order.paid_at = paid_at or timezone.now()
    order.paid_by_reference = paid_by_reference
    order.save(update_fields=["status", "paid_at", "paid_by_reference"])
    record_change(
        instance=order,
        action=ORDER_PAID,
        user=marked_by,
        from_=before,
        to=order.get_status_display(),
        about=f"payment reference {paid_by_reference}",
        why=why,
    )
    if order.payment_method == PaymentMethod.CARD:
        notifications.send_order_confirmation(order, list(order.lines.all()))
    else:
        notifications.send_payment_received(order)
    return order
