"""An order is cancelled: an invoiced one by staff with a credit note; an unpaid card order by its buyer
or staff. Nothing is cancelled automatically."""

from django.db import transaction
from django.utils import timezone

from common.audit import record_change
from common.errors import DomainError
from portal.orders.models import HoursEntry, Order, OrderStatus
from portal.orders.services import notifications
from portal.orders.services.invoices import credit_note_issue

ORDER_CANCELLED = "orders.order_cancelled"

REASON_REQUIRED = "Enter the reason for cancelling. It is printed on the credit note."
ONLY_INVOICED = (
    "Only an invoice still awaiting payment can be cancelled with a credit note. "
    "Order {reference} is {status}."
)
ONLY_AWAITING_PAYMENT = (
    "Order {reference} is {status}: only an order waiting for its card payment can be cancelled this way."
)
HOURS_DELIVERED = (
    "Hours have already been delivered against order {reference}, so it cannot be cancelled. "
    "Talk to the outreach coordinator about what is owed."
)


def _locked(order):
    return (
        Order.objects.select_for_update(of=("self",)).select_related("school", "placed_by").get(pk=order.pk)
    )


def _cancel(order, *, cancelled_by, why, about=""):
    """The one transition to "cancelled", recorded on the order; the callers check it is allowed."""
    before = order.get_status_display()
    order.status = OrderStatus.CANCELLED
    order.cancelled_at = timezone.now()
    order.save(update_fields=["status", "cancelled_at"])
    record_change(
        instance=order,
        action=ORDER_CANCELLED,
        user=cancelled_by,
        from_=before,
        to=order.get_status_display(),
        about=about,
        why=why,
    )


@transaction.atomic
def order_cancel_with_credit_note(*, order, cancelled_by, reason) -> Order:
    """Cancel an invoiced order that is not yet paid: a credit note for the whole invoice is issued (with
    its own gapless number) and emailed to the finance contact. What it bought is no longer held, so it
    is refused once hours have been delivered against it."""
    reason = reason.strip()
    if not reason:
        raise DomainError(REASON_REQUIRED, field="reason")
    order = _locked(order)
    if order.status != OrderStatus.INVOICED:
        raise DomainError(
            ONLY_INVOICED.format(reference=order.reference, status=order.get_status_display().lower())
        )
    if HoursEntry.objects.filter(line__order=order).exists():
        raise DomainError(HOURS_DELIVERED.format(reference=order.reference))
    credit_note = credit_note_issue(
        invoice=order.invoice, reason=reason, issued_by=cancelled_by, today=timezone.localdate()
    )
    _cancel(order, cancelled_by=cancelled_by, why=reason, about=f"credit note {credit_note.display_number}")
    notifications.send_credit_note(credit_note)
    return order


@transaction.atomic
def order_cancel_unpaid(*, order, cancelled_by, why="") -> Order:
    """Cancel an order still waiting for its card payment (the buyer gave up, or staff tidy up): it
    was never usable and has no invoice, so nothing else is issued. It frees the year's Universal Offer
    it had taken."""
    order = _locked(order)
    if order.status != OrderStatus.AWAITING_PAYMENT:
        raise DomainError(
            ONLY_AWAITING_PAYMENT.format(reference=order.reference, status=order.get_status_display().lower())
        )
    _cancel(order, cancelled_by=cancelled_by, why=why)
    return order
