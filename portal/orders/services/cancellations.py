"""An order is cancelled: an invoiced one by staff with a credit note; an unpaid card order by staff, by
the school that placed it, or by the system once it has waited longer than staff allow."""

import datetime

from django.db import transaction
from django.utils import timezone

from common import workflows
from common.errors import DomainError
from portal.orders import selectors
from portal.orders.models import HoursEntry, Order
from portal.orders.services import card_payments, notifications
from portal.orders.services.invoices import credit_note_issue

EXPIRED_UNPAID = "Not paid within {days} days of being placed."
HOURS_DELIVERED = (
    "Hours have already been delivered against order {reference}, so it cannot be cancelled. "
    "Talk to the outreach coordinator about what is owed."
)


def _check_no_hours_delivered(order):
    if HoursEntry.objects.filter(line__order=order).exists():
        raise DomainError(HOURS_DELIVERED.format(reference=order.reference))


@transaction.atomic
def order_cancel_with_credit_note(*, order, cancelled_by, reason) -> Order:
    """Cancel an invoiced order that is not yet paid: a credit note for the whole invoice is issued (with
    its own gapless number) and emailed to the finance contact. What it bought is no longer held, so it
    is refused once hours have been delivered against it."""
    order = workflows.transition_apply(
        order,
        "cancel_with_credit_note",
        by=cancelled_by,
        why=reason,
        changes={"cancelled_at": timezone.now()},
        check=_check_no_hours_delivered,
    )
    credit_note = credit_note_issue(
        invoice=order.invoice, reason=reason.strip(), issued_by=cancelled_by, today=timezone.localdate()
    )
    notifications.send_credit_note(credit_note)
    return order


@transaction.atomic
def order_cancel_unpaid(*, order, cancelled_by, why="") -> Order:
    """Cancel an order still waiting for its card payment (the school gave up, staff tidy up, or it
    expired unpaid: `cancelled_by` None): it was never usable and has no invoice, so nothing else is
    issued. It frees the year's Universal Offer it had taken. Its open card attempts are cancelled at
    Stripe once this commits; the buyer is told when it expired."""
    return workflows.transition_apply(
        order,
        "cancel_unpaid",
        by=cancelled_by,
        why=why,
        changes={"cancelled_at": timezone.now()},
        notify=_after_cancelled_unpaid if cancelled_by else _after_expired,
    )


def _after_cancelled_unpaid(order):
    card_payments.cancel_open_card_payments.enqueue(order_id=order.pk)


def _after_expired(order):
    _after_cancelled_unpaid(order)
    notifications.send_unpaid_cancelled(order)


def unpaid_card_orders_expire(*, now: datetime.datetime) -> list[Order]:
    """Cancel the card orders still unpaid after the days staff set, once Stripe has been asked again
    about their attempts (a payment whose webhook was lost pays its order instead). `StripeUnreachable`
    stops it: nothing is cancelled that Stripe might say was paid."""
    days = selectors.buying_settings().unpaid_card_orders_expire_after_days
    why = EXPIRED_UNPAID.format(days=days)
    expired = []
    for order in selectors.card_orders_unpaid_since(placed_before=now - datetime.timedelta(days=days)):
        for payment in order.card_payments.exclude(payment_intent_id=None):
            card_payments.card_payment_confirm(payment_intent_id=payment.payment_intent_id)
        try:
            expired.append(order_cancel_unpaid(order=order, cancelled_by=None, why=why))
        except DomainError:
            continue  # paid after all, just now
    return expired
