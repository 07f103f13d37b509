"""An order is cancelled: an invoiced one by staff with a credit note; an unpaid card order by staff, by
the school that placed it, or by the system once it has waited longer than staff allow."""

from django.db import transaction
from django.utils import timezone

from common import workflows
from common.errors import DomainError
from portal.orders.models import HoursEntry, Order
from portal.orders.services import notifications
from portal.orders.services.invoices import credit_note_issue

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
        notify=notifications.card_order_settled if cancelled_by else notifications.card_order_expired,
    )
