"""Paying an order by card. The amount always comes from the order on the server; the order becomes
paid only when the server has seen Stripe say the PaymentIntent succeeded for that amount, currency and
order: on the buyer's return or by a webhook, whichever comes first (the other finds the order paid by
the same payment and changes nothing).

Every payment Stripe says succeeded is recorded, whatever its order's state: one that its order did not
need (the order was paid another way or cancelled first, typically a bank's check completed in a tab left
open) is refunded automatically (`refunds.unneeded_payment_refund`). When an order is paid or cancelled,
its other open attempts are cancelled at Stripe (`open_card_payments_cancel`) so that they cannot take
money too.
"""

from functools import partial

from django.db import transaction
from django.tasks import task

from common import workflows
from common.errors import DomainError
from portal.orders import selectors, stripe_gateway
from portal.orders.models import (
    OPEN_CARD_PAYMENT_STATUSES,
    CardPayment,
    CardPaymentStatus,
    Order,
    OrderStatus,
    PaymentMethod,
)
from portal.orders.services import refunds
from portal.orders.services.payments import order_mark_paid

NOT_AWAITING_CARD_PAYMENT = "Order {reference} is not waiting for a card payment."
UNKNOWN_PAYMENT = "This card payment is not one of ours."


def _lock_awaiting(order) -> Order:
    order = Order.objects.select_for_update(of=("self",)).select_related("school").get(pk=order.pk)
    if order.payment_method != PaymentMethod.CARD or order.status != OrderStatus.AWAITING_PAYMENT:
        raise DomainError(NOT_AWAITING_CARD_PAYMENT.format(reference=order.reference))
    return order


@transaction.atomic
def card_payment_start(*, order, started_by) -> tuple[CardPayment, str]:
    """The attempt the card page offers, and the SetupIntent's client secret, which only that browser is
    given. Opening the page again reuses the order's latest attempt while no card has been given to it;
    otherwise a new attempt starts (with the school's Stripe customer, made the first time, or again when
    Stripe no longer has it)."""
    order = _lock_awaiting(order)
    latest = selectors.latest_card_payment_of(order=order)
    if latest is not None and latest.status == CardPaymentStatus.STARTED:
        client_secret = stripe_gateway.setup_intent_secret_if_unused(setup_intent_id=latest.setup_intent_id)
        if client_secret:
            return latest, client_secret
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
    call's payment back instead of charging again. Refused before Stripe is asked once the order is paid
    or cancelled."""
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
        _apply(payment, charge)
    return payment, charge


def _record(payment, charge, **fields):
    """Record what Stripe says of the payment: the declared transition to its new state, or, when the
    state is unchanged, just the facts."""
    fields["decline_message"] = charge.decline_message[:500]
    if charge.succeeded:
        fields["amount_pence"] = charge.amount_pence
        to = "succeed"
    elif charge.needs_authentication:
        to = "needs_authentication"
    elif charge.status == "canceled":
        to = "cancel"
    else:
        to = "decline"
    if workflows.may(payment, to, None):
        return workflows.transition_apply(payment, to, by=None, changes=fields)
    for field, value in fields.items():
        setattr(payment, field, value)
    payment.save(update_fields=list(fields))
    return payment


def _matches(order, charge):
    return (charge.amount_pence, charge.currency, charge.order_reference) == (
        order.total_pence,
        stripe_gateway.CURRENCY,
        order.reference,
    )


def _apply(payment, charge):
    """A succeeded payment pays its order if the order is waiting for it and it matches; the payment
    that already paid it changes nothing; any other is refunded as not needed."""
    order = Order.objects.select_for_update(of=("self",)).get(pk=payment.order_id)
    if order.status == OrderStatus.PAID and order.paid_by_reference == charge.payment_intent_id:
        return
    if order.status == OrderStatus.AWAITING_PAYMENT and _matches(order, charge):
        order_mark_paid(
            order=order, paid_by_reference=charge.payment_intent_id, why="Card payment confirmed by Stripe"
        )
        transaction.on_commit(partial(cancel_open_card_payments.enqueue, order_id=order.pk))
        return
    refunds.unneeded_payment_refund(payment=payment)


@transaction.atomic
def card_payment_confirm(*, payment_intent_id) -> CardPayment:
    """Ask Stripe again how a payment stands and record it: the buyer's return and the webhook both come
    here. The order is paid once, and a payment it did not need is refunded once, however many times
    this runs. `StripeUnreachable` when Stripe cannot be asked: nothing is recorded, ask again later."""
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
        _apply(payment, charge)
    return payment


def open_card_payments_cancel(*, order) -> None:
    """Once an order is paid or cancelled, cancel its attempts that could still take money: at Stripe
    first, then here. An attempt whose bank check completed first is recorded as the payment it is (and
    refunded as not needed). `StripeUnreachable` leaves the rest for the next try."""
    for payment in order.card_payments.filter(status__in=OPEN_CARD_PAYMENT_STATUSES):
        if payment.payment_intent_id:
            charge = stripe_gateway.payment_intent_cancel(payment_intent_id=payment.payment_intent_id)
            if charge.succeeded:
                card_payment_confirm(payment_intent_id=payment.payment_intent_id)
                continue
        else:
            stripe_gateway.setup_intent_cancel(setup_intent_id=payment.setup_intent_id)
        _cancel_if_open(payment)


@transaction.atomic
def _cancel_if_open(payment):
    payment = CardPayment.objects.select_for_update().get(pk=payment.pk)
    if workflows.may(payment, "cancel", None):
        workflows.transition_apply(payment, "cancel", by=None)


@task()
def cancel_open_card_payments(*, order_id):
    """From the worker, once an order is paid or cancelled; if Stripe cannot be reached, the hourly
    `settle_card_payments` cancels them later."""
    try:
        open_card_payments_cancel(order=Order.objects.get(pk=order_id))
    except stripe_gateway.StripeUnreachable:
        return "Stripe unreachable: left for settle_card_payments"
    return "done"
