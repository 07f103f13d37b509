"""What a Stripe webhook event sets going. An event is only a trigger: each handler asks Stripe again
about the payment it names and records that, so an event delivered twice, late or out of order changes
nothing more than the first. `StripeUnreachable` propagates, so the webhook answers with an error and
Stripe sends the event again later; a `DomainError` means the event can never be applied here."""

from portal.orders.models import CardPaymentStatus
from portal.orders.services import card_payments, refunds

PAYMENT_EVENTS = {
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
    "payment_intent.requires_action",
}
REFUND_EVENTS = {
    "charge.refunded",
    "charge.refund.updated",
    "refund.created",
    "refund.updated",
    "refund.failed",
}


def _payment_intent_of(event_type, fields):
    if event_type in PAYMENT_EVENTS:
        return fields.get("id") or ""
    return fields.get("payment_intent") or ""


def stripe_event_apply(*, event_type, fields) -> bool:
    """Apply an event of `event_type` whose object is `fields` (the event's copy, read only for ids);
    False for events that say nothing about our payments."""
    if event_type not in PAYMENT_EVENTS | REFUND_EVENTS:
        return False
    payment_intent_id = _payment_intent_of(event_type, fields)
    payment = card_payments.card_payment_confirm(payment_intent_id=payment_intent_id)
    if event_type in REFUND_EVENTS and payment.status == CardPaymentStatus.SUCCEEDED:
        refunds.refunds_reconcile(payment_intent_id=payment_intent_id)
    return True
