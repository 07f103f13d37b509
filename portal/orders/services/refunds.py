"""Refunds of card payments, recorded before Stripe is asked.

`refund_request` writes the refund as waiting (its row's key is what Stripe knows it by), in the order's
transaction; `refund_submit` then asks Stripe, outside any transaction, and records its answer. A crash or
a lost answer in between leaves a waiting refund that the next try finds at Stripe by its key, so money
goes back once. Staff refund from the admin; a card payment the order did not need (the order was paid
another way or cancelled first) is refunded automatically; a refund made in Stripe's dashboard is recorded
when Stripe tells us (`refunds_reconcile`).
"""

from functools import partial

from django.db import transaction
from django.tasks import task

from common import workflows
from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.money import format_pence
from portal.orders import selectors, stripe_gateway
from portal.orders.models import (
    CardPayment,
    Order,
    OrderStatus,
    PaymentMethod,
    Refund,
    RefundOrigin,
    RefundStatus,
)

REFUND_REQUESTED = "orders.refund_requested"
PAYMENT_NOT_NEEDED = "orders.payment_not_needed"

REASON_REQUIRED = "Enter the reason for the refund. It is recorded on the order's history."
AMOUNT_NOT_POSITIVE = "Enter an amount to refund of at least £0.01."
NOT_A_CARD_ORDER = "Order {reference} was not paid by card, so it cannot be refunded through Stripe."
NOT_PAID = "Order {reference} is {status}: only a paid card order can be refunded."
MORE_THAN_LEFT = "Enter an amount no more than {left}, what is left unrefunded on order {reference}."
ALREADY_PAID_REASON = "Order {reference} was already paid by another payment ({paid_by})."
CANCELLED_REASON = "Order {reference} had been cancelled before this payment arrived."
MISMATCH_REASON = "The payment did not match order {reference}'s total, so it was not taken as payment."
MADE_IN_STRIPE = "Made in Stripe's dashboard."


def _lock_order(order) -> Order:
    return (
        Order.objects.select_for_update(of=("self",)).select_related("school", "placed_by").get(pk=order.pk)
    )


def _request(*, order, payment, amount_pence, reason, origin, requested_by) -> Refund:
    refund = Refund.objects.create(
        order=order,
        card_payment=payment,
        amount_pence=amount_pence,
        origin=origin,
        reason=reason,
        refunded_by=requested_by,
    )
    record_change(
        instance=order,
        action=REFUND_REQUESTED,
        user=requested_by,
        about=f"{format_pence(amount_pence)} of payment {payment.payment_intent_id}, "
        f"{refund.get_origin_display().lower()}",
        why=reason,
    )
    return refund


@transaction.atomic
def order_refund_request(*, order, amount_pence, reason, refunded_by) -> Refund:
    """Staff refund `amount_pence` of a paid card order. The order's row is locked and refunds still
    waiting count as made, so two staff refunding at once cannot refund more than was paid."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(REASON_REQUIRED, field="reason")
    if amount_pence <= 0:
        raise DomainError(AMOUNT_NOT_POSITIVE, field="amount")
    order = _lock_order(order)
    if order.payment_method != PaymentMethod.CARD:
        raise DomainError(NOT_A_CARD_ORDER.format(reference=order.reference))
    payment = CardPayment.objects.filter(order=order, payment_intent_id=order.paid_by_reference).first()
    if order.status != OrderStatus.PAID or payment is None:
        raise DomainError(
            NOT_PAID.format(reference=order.reference, status=order.get_status_display().lower())
        )
    left = selectors.refundable_pence(payment=payment)
    if amount_pence > left:
        raise DomainError(
            MORE_THAN_LEFT.format(left=format_pence(left), reference=order.reference), field="amount"
        )
    return _request(
        order=order,
        payment=payment,
        amount_pence=amount_pence,
        reason=reason,
        origin=RefundOrigin.STAFF,
        requested_by=refunded_by,
    )


def order_refund(*, order, amount_pence, reason, refunded_by) -> Refund:
    """Refund part of a paid card order now: recorded, then sent to Stripe. If Stripe cannot be reached
    the refund waits (listed on the dashboard) and is sent again later: the returned refund says which."""
    refund = order_refund_request(
        order=order, amount_pence=amount_pence, reason=reason, refunded_by=refunded_by
    )
    return refund_submit(refund=refund)


def unneeded_payment_refund(*, payment) -> Refund | None:
    """A card payment took money its order did not need (the order was paid another way or cancelled
    before it, or the payment does not match it): record a refund of all of it, once, and tell staff.
    Called inside the transaction that recorded the payment; `refund_submit` runs once it commits."""
    order = _lock_order(payment.order)
    if Refund.objects.filter(card_payment=payment, origin=RefundOrigin.AUTOMATIC).exists():
        return None
    if order.status == OrderStatus.PAID:
        reason = ALREADY_PAID_REASON.format(reference=order.reference, paid_by=order.paid_by_reference)
    elif order.status == OrderStatus.CANCELLED:
        reason = CANCELLED_REASON.format(reference=order.reference)
    else:
        reason = MISMATCH_REASON.format(reference=order.reference)
    record_change(
        instance=order,
        action=PAYMENT_NOT_NEEDED,
        user=None,
        about=f"{format_pence(payment.amount_pence)} by payment {payment.payment_intent_id}",
        why=reason,
    )
    refund = _request(
        order=order,
        payment=payment,
        amount_pence=selectors.refundable_pence(payment=payment),
        reason=reason,
        origin=RefundOrigin.AUTOMATIC,
        requested_by=None,
    )
    contact = selectors.buying_settings().email
    if contact:
        send_after_commit(
            "orders/email/payment_not_needed",
            to=contact,
            context={
                "order": order,
                "refund": refund,
                "order_admin_url": selectors.order_admin_url(order=order),
            },
        )
    transaction.on_commit(partial(submit_refund.enqueue, refund_id=refund.pk))
    return refund


@task()
def submit_refund(*, refund_id):
    """Send a recorded refund to Stripe from the worker; one Stripe cannot take now waits for the hourly
    `settle_card_payments`."""
    return refund_submit(refund=Refund.objects.get(pk=refund_id)).status


def refund_submit(*, refund) -> Refund:
    """Ask Stripe to make a waiting refund and record its answer. Outside any transaction: the refund is
    already recorded, and Stripe finds an earlier try by the refund's key. Stripe unreachable leaves it
    waiting; Stripe refusing it marks it failed, for staff to settle another way."""
    refund = Refund.objects.select_related("card_payment").get(pk=refund.pk)
    if refund.status != RefundStatus.REQUESTED:
        return refund
    try:
        made = stripe_gateway.refund_create(
            payment_intent_id=refund.card_payment.payment_intent_id,
            amount_pence=refund.amount_pence,
            ledger_key=refund.ledger_key,
        )
    except stripe_gateway.StripeUnreachable:
        return refund
    except DomainError as error:
        return _record_answer(refund, refund_id=None, failed=True, failure=error.message)
    return _record_answer(refund, refund_id=made.refund_id, failed=made.failed, failure=made.failure_reason)


@transaction.atomic
def _record_answer(refund, *, refund_id, failed, failure="") -> Refund:
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    changes = {"stripe_refund_id": refund_id or refund.stripe_refund_id}
    if failed:
        if not workflows.may_leave(refund, "fail"):
            return refund
        changes["failure_message"] = (failure or "Stripe could not refund the card.")[:500]
        return workflows.transition_apply(refund, "fail", by=None, changes=changes, notify=_tell_staff_failed)
    if not workflows.may_leave(refund, "accept"):
        return refund
    return workflows.transition_apply(refund, "accept", by=None, changes=changes, notify=_tell_buyer)


def _tell_buyer(refund):
    order = Order.objects.select_related("school", "placed_by").get(pk=refund.order_id)
    to = selectors.payment_contact(order=order)
    if to:
        send_after_commit(
            "orders/email/refund",
            to=to,
            context={
                "order": order,
                "refund": refund,
                "left_pence": selectors.refundable_pence(payment=refund.card_payment),
                "order_url": selectors.order_url(order=order),
            },
        )


def _tell_staff_failed(refund):
    contact = selectors.buying_settings().email
    if contact:
        send_after_commit(
            "orders/email/refund_failed",
            to=contact,
            context={
                "order": refund.order,
                "refund": refund,
                "order_admin_url": selectors.order_admin_url(order=refund.order),
            },
        )


@transaction.atomic
def refund_settle_elsewhere(*, refund, settled_by, why) -> Refund:
    """Staff paid back a refund Stripe could not make, another way (the way is the reason)."""
    return workflows.transition_apply(refund, "settle_elsewhere", by=settled_by, why=why)


def refunds_reconcile(*, payment_intent_id) -> list[Refund]:
    """Record what Stripe says of a payment's refunds: ours now made or failed, and any made in Stripe's
    dashboard (a new row, keyed on Stripe's id, so a replayed event adds nothing)."""
    payment = CardPayment.objects.filter(payment_intent_id=payment_intent_id).first()
    if payment is None:
        raise DomainError(stripe_gateway.NO_SUCH_PAYMENT)
    recorded = []
    for made in stripe_gateway.refunds_of(payment_intent_id=payment_intent_id):
        recorded.append(_reconcile_one(payment, made))
    return recorded


@transaction.atomic
def _reconcile_one(payment, made) -> Refund:
    refund = Refund.objects.select_for_update().filter(
        stripe_refund_id=made.refund_id
    ).first() or _ours_by_key(payment, made.ledger_key)
    if refund is None:
        refund = _request(
            order=_lock_order(payment.order),
            payment=payment,
            amount_pence=made.amount_pence,
            reason=MADE_IN_STRIPE,
            origin=RefundOrigin.STRIPE,
            requested_by=None,
        )
    return _record_answer(refund, refund_id=made.refund_id, failed=made.failed, failure=made.failure_reason)


def _ours_by_key(payment, ledger_key):
    pk = Refund.pk_of_ledger_key(ledger_key)
    if pk is None:
        return None
    return Refund.objects.select_for_update().filter(pk=pk, card_payment=payment).first()
