"""Background tasks of the orders domain, run by the task worker."""

from django.tasks import task
from django.utils import timezone

from portal.orders import selectors, stripe_gateway
from portal.orders.models import Order, Refund
from portal.orders.services import card_payments, refunds, renewals


@task()
def send_renewal_reminders():
    """Tell the schools due it that next year's Universal Offer can be bought (daily; sends once)."""
    return renewals.renewal_reminders_send(today=timezone.localdate())


@task()
def submit_refund(*, refund_id):
    """Send a recorded refund to Stripe; one Stripe cannot take now waits for `settle_card_payments`."""
    return refunds.refund_submit(refund=Refund.objects.get(pk=refund_id)).status


@task()
def cancel_open_card_payments(*, order_id):
    """Cancel at Stripe the attempts of an order that was paid or cancelled; if Stripe cannot be reached
    they are cancelled by `settle_card_payments` later."""
    try:
        card_payments.open_card_payments_cancel(order=Order.objects.get(pk=order_id))
    except stripe_gateway.StripeUnreachable:
        return "Stripe unreachable: left for the next settle_card_payments"
    return "done"


@task()
def settle_card_payments():
    """Hourly: cancel unpaid card orders that have waited too long, send again the refunds Stripe could not
    take, and cancel the open attempts of orders that no longer need them."""
    try:
        expired = card_payments.unpaid_card_orders_expire(now=timezone.now())
        for refund in selectors.refunds_to_send_again():
            refunds.refund_submit(refund=refund)
        for order in selectors.orders_with_open_card_payments_not_needed():
            card_payments.open_card_payments_cancel(order=order)
    except stripe_gateway.StripeUnreachable:
        return "Stripe unreachable: tried again next hour"
    return f"{len(expired)} unpaid card order(s) cancelled"
