"""Staff refund part or all of a card payment through Stripe: recorded on the order with who and why,
and the buyer is emailed."""

from django.db import transaction

from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.money import format_pence
from portal.orders import selectors, stripe_gateway
from portal.orders.models import CardPayment, CardPaymentStatus, Order, OrderStatus, PaymentMethod, Refund

ORDER_REFUNDED = "orders.order_refunded"

REASON_REQUIRED = "Enter the reason for the refund. It is recorded on the order's history."
AMOUNT_NOT_POSITIVE = "Enter an amount to refund of at least £0.01."
NOT_A_CARD_ORDER = "Order {reference} was not paid by card, so it cannot be refunded through Stripe."
NOT_PAID = "Order {reference} is {status}: only a paid card order can be refunded."
MORE_THAN_LEFT = "Enter an amount no more than {left}, what is left unrefunded on order {reference}."


@transaction.atomic
def order_refund(*, order, amount_pence, reason, refunded_by) -> Refund:
    """Refund `amount_pence` of a paid card order through Stripe. The order's row is locked, so two staff
    refunding at once cannot refund more than was paid; the idempotency key (the order and how many
    refunds it already has) makes a retried call refund once."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(REASON_REQUIRED, field="reason")
    if amount_pence <= 0:
        raise DomainError(AMOUNT_NOT_POSITIVE, field="amount")
    order = (
        Order.objects.select_for_update(of=("self",)).select_related("school", "placed_by").get(pk=order.pk)
    )
    if order.payment_method != PaymentMethod.CARD:
        raise DomainError(NOT_A_CARD_ORDER.format(reference=order.reference))
    payment = CardPayment.objects.filter(order=order, status=CardPaymentStatus.SUCCEEDED).first()
    if order.status != OrderStatus.PAID or payment is None:
        raise DomainError(
            NOT_PAID.format(reference=order.reference, status=order.get_status_display().lower())
        )
    left = selectors.refundable_pence(order=order)
    if amount_pence > left:
        raise DomainError(
            MORE_THAN_LEFT.format(left=format_pence(left), reference=order.reference), field="amount"
        )
    count = Refund.objects.filter(order=order).count()
    stripe_refund_id = stripe_gateway.refund(
        payment_intent_id=payment.payment_intent_id,
        amount_pence=amount_pence,
        idempotency_key=f"order-{order.pk}-refund-{count + 1}-{amount_pence}",
    )
    refund = Refund.objects.create(
        order=order,
        amount_pence=amount_pence,
        stripe_refund_id=stripe_refund_id,
        reason=reason,
        refunded_by=refunded_by,
    )
    record_change(
        instance=order,
        action=ORDER_REFUNDED,
        user=refunded_by,
        about=f"{format_pence(amount_pence)} refunded (Stripe refund {stripe_refund_id})",
        why=reason,
    )
    to = selectors.payment_contact(order=order)
    if to:
        send_after_commit(
            "orders/email/refund",
            to=to,
            context={
                "order": order,
                "refund": refund,
                "left_pence": left - amount_pence,
                "order_url": selectors.order_url(order=order),
            },
        )
    return refund
