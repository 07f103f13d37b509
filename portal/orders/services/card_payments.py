"""Paying an order by card. The amount always comes from the order on the server; the order becomes
paid only when the server has seen Stripe say the PaymentIntent succeeded for that amount, currency and
order: on the buyer's return or by the `payment_intent.succeeded` webhook, whichever comes first (the
other finds the order paid by the same payment and changes nothing)."""

from django.db import transaction

from common import workflows
from common.errors import DomainError
from portal.orders import selectors, stripe_gateway
from portal.orders.models import CardPayment, CardPaymentStatus, Order, OrderStatus, PaymentMethod
from portal.orders.services.payments import order_mark_paid

NOT_AWAITING_CARD_PAYMENT = "Order {reference} is not waiting for a card payment."
UNKNOWN_PAYMENT = "This card payment is not one of ours."
PAYMENT_DOES_NOT_MATCH = (
    "Stripe's payment {payment} does not match order {reference}: it was not marked paid."
)


def _lock_awaiting(order) -> Order:
    order = Order.objects.select_for_update(of=("self",)).select_related("school").get(pk=order.pk)
    if order.payment_method != PaymentMethod.CARD or order.status != OrderStatus.AWAITING_PAYMENT:
        raise DomainError(NOT_AWAITING_CARD_PAYMENT.format(reference=order.reference))
    return order


@transaction.atomic
def card_payment_start(*, order, started_by) -> tuple[CardPayment, str]:
    """A new attempt: a SetupIntent for the browser to confirm with the card the buyer types. Returns
    the attempt and the SetupIntent's client secret, which only that browser is given."""
    order = _lock_awaiting(order)
    setup = stripe_gateway.card_setup_start(
        customer_id=selectors.stripe_customer_of(school=order.school),
        email=started_by.email,
        name=order.school.name,
    )
    payment = CardPayment.objects.create(
        order=order,
        started_by=started_by,
        stripe_customer_id=setup.customer_id,
        setup_intent_id=setup.setup_intent_id,
    )
    return payment, setup.client_secret


@transaction.atomic
def card_payment_charge(*, order, setup_intent_id) -> tuple[CardPayment, stripe_gateway.Charge]:
    """Charge the card the browser confirmed, once: a second call for the same attempt gets the first
    call's payment back instead of charging again."""
    order = _lock_awaiting(order)
    payment = (
        CardPayment.objects.select_for_update().filter(order=order, setup_intent_id=setup_intent_id).first()
    )
    if payment is None:
        raise DomainError(UNKNOWN_PAYMENT)
    if payment.payment_intent_id:
        charge = stripe_gateway.payment_intent_fetch(payment_intent_id=payment.payment_intent_id)
    else:
        charge = stripe_gateway.card_charge(
            setup_intent_id=setup_intent_id,
            amount_pence=order.total_pence,
            order_reference=order.reference,
            idempotency_key=f"order-{order.pk}-{setup_intent_id}",
        )
    payment = _record(
        payment,
        charge,
        payment_intent_id=charge.payment_intent_id or None,
        amount_pence=charge.amount_pence,
    )
    if charge.succeeded:
        _mark_paid(payment, charge)
    return payment, charge


def _record(payment, charge, **fields):
    """Record what Stripe says of the payment: the declared transition to its new state, or, when the
    state is unchanged, just the facts."""
    fields["decline_message"] = charge.decline_message[:500]
    if charge.succeeded:
        to = "succeed"
    elif charge.needs_authentication:
        to = "needs_authentication"
    else:
        to = "decline"
    if workflows.may(payment, to, None):
        return workflows.transition_apply(payment, to, by=None, changes=fields)
    for field, value in fields.items():
        setattr(payment, field, value)
    payment.save(update_fields=list(fields))
    return payment


def _mark_paid(payment, charge):
    order = payment.order
    if (charge.amount_pence, charge.currency, charge.order_reference) != (
        order.total_pence,
        stripe_gateway.CURRENCY,
        order.reference,
    ):
        raise DomainError(
            PAYMENT_DOES_NOT_MATCH.format(payment=charge.payment_intent_id, reference=order.reference)
        )
    order_mark_paid(
        order=order, paid_by_reference=charge.payment_intent_id, why="Card payment confirmed by Stripe"
    )


@transaction.atomic
def card_payment_confirm(*, payment_intent_id) -> CardPayment:
    """Ask Stripe again how a payment stands and record it: the buyer's return and the webhook both come
    here. The order is paid once, however many times this runs."""
    payment = (
        CardPayment.objects.select_for_update()
        .select_related("order")
        .filter(payment_intent_id=payment_intent_id)
        .first()
    )
    if payment is None:
        raise DomainError(UNKNOWN_PAYMENT)
    charge = stripe_gateway.payment_intent_fetch(payment_intent_id=payment_intent_id)
    if payment.status != CardPaymentStatus.SUCCEEDED:
        payment = _record(payment, charge)
    if charge.succeeded:
        _mark_paid(payment, charge)
    return payment
