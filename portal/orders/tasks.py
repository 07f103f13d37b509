"""Background tasks of the orders domain, run by the task worker. (A task that follows one change is
beside the service that queues it: `card_payments.cancel_open_card_payments`, `refunds.submit_refund`.)"""

from django.tasks import task
from django.utils import timezone

from portal.orders import selectors, stripe_gateway
from portal.orders.services import cancellations, card_payments, refunds, renewals


@task()
def send_renewal_reminders():
    """Tell the schools due it that next year's Universal Offer can be bought (daily; sends once)."""
    return renewals.renewal_reminders_send(today=timezone.localdate())


@task()
def settle_card_payments():
    """Hourly: cancel unpaid card orders that have waited too long, send again the refunds Stripe could not
    take, and cancel the open attempts of orders that no longer need them."""
    try:
        expired = cancellations.unpaid_card_orders_expire(now=timezone.now())
        for refund in selectors.refunds_to_send_again():
            refunds.refund_submit(refund=refund)
        for order in selectors.orders_with_open_card_payments_not_needed():
            card_payments.open_card_payments_cancel(order=order)
    except stripe_gateway.StripeUnreachable:
        return "Stripe unreachable: tried again next hour"
    return f"{len(expired)} unpaid card order(s) cancelled"
