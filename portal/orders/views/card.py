"""Paying an order by card, and Stripe's webhook. The card form needs Stripe.js, so this page (alone)
lets the browser load it, talk to Stripe's API and show the bank's 3-D Secure frame."""

import logging
from contextlib import suppress
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from common.errors import DomainError
from common.money import format_pence
from portal.access import school_view
from portal.orders import selectors, stripe_gateway
from portal.orders.models import CardPaymentStatus, OrderStatus
from portal.orders.services import card_payments, stripe_events

logger = logging.getLogger(__name__)

NOT_NEEDED_REFUNDED = (
    "This order no longer needed this payment: it had already been paid, or cancelled, before your bank "
    "confirmed it. The {amount} is being refunded to the card automatically; you do not need to do anything."
)
ALREADY_PAID_NOT_CHARGED = (
    "Order {reference} had already been paid by another payment, so this card was not charged."
)
DECLINED = "{reason} Nothing has been charged. Check the card details, or try another card."


def _declined(reason):
    return DECLINED.format(reason=reason or stripe_gateway.CARD_DECLINED)


def _stripe_origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _with_stripe_allowed(response):
    """Add Stripe's origins to this response's Content Security Policy, and no other page's."""
    stripe_js = _stripe_origin(settings.STRIPE_JS_URL)
    api = _stripe_origin(settings.STRIPE_API_BASE or "https://api.stripe.com")
    policy = dict(settings.SECURE_CSP)
    policy["script-src"] = [*policy["script-src"], stripe_js]
    policy["connect-src"] = [*policy["connect-src"], api, stripe_js]
    policy["frame-src"] = [CSP.SELF, stripe_js, "https://hooks.stripe.com"]
    # What django.views.decorators.csp.csp_override sets, built per request from today's settings.
    response._csp_config = policy
    return response


def _order(request, pk):
    return get_object_or_404(selectors.orders_for(school=request.membership.school), pk=pk)


@school_view(needs="can_buy")
@require_GET
def pay_by_card(request, pk):
    order = _order(request, pk)
    if order.status != OrderStatus.AWAITING_PAYMENT:
        messages.info(request, f"Order {order.reference} is not waiting for a card payment.")
        return redirect("orders:order", pk=order.pk)
    # Read before this visit starts a new attempt, which becomes the latest (the bank's check of the payment
    # failed, or a declined card's page was opened again).
    latest_decline = selectors.latest_decline_of(order=order)
    try:
        payment, client_secret = card_payments.card_payment_start(order=order, started_by=request.user)
    except DomainError as error:
        return render(
            request,
            "orders/buy/pay_by_card.html",
            {"membership": request.membership, "order": order, "error": error},
            status=503,
        )
    response = render(
        request,
        "orders/buy/pay_by_card.html",
        {
            "membership": request.membership,
            "order": order,
            "payment": payment,
            "client_secret": client_secret,
            "decline": _declined(latest_decline.decline_message) if latest_decline else "",
            "stripe_js_url": settings.STRIPE_JS_URL,
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        },
    )
    return _with_stripe_allowed(response)


@school_view(needs="can_buy")
@require_POST
def charge_card(request, pk):
    """Called by the card form's script once Stripe.js has confirmed the card: charge it, and say
    whether the bank wants to check the payment too, or why the payment did not go through."""
    order = _order(request, pk)
    try:
        payment, charge = card_payments.card_payment_charge(
            order=order, setup_intent_id=request.POST.get("setup_intent", "")
        )
    except DomainError as error:
        return JsonResponse(_not_paid(request, order, status="refused", message=error.message), status=400)
    if payment.status == CardPaymentStatus.DECLINED:
        message = _declined(charge.decline_message)
        return JsonResponse(_not_paid(request, order, status=payment.status, message=message))
    return JsonResponse(
        {
            "status": payment.status,
            "client_secret": charge.client_secret if charge.needs_authentication else "",
            "message": charge.decline_message,
            "next_url": f"{reverse('orders:card_return', kwargs={'pk': order.pk})}?attempt={payment.pk}",
        }
    )


def _not_paid(request, order, *, status, message):
    """What the card form shows by the card when the payment did not go through, with a new attempt's
    secret for the next try, so the buyer tries again on the same page with what they typed."""
    answer = {"status": status, "message": message}
    # None when the order no longer waits for a card payment or Stripe cannot be reached: the message says so.
    with suppress(DomainError):
        _, answer["setup_secret"] = card_payments.card_payment_start(order=order, started_by=request.user)
    return answer


@school_view(needs="can_buy")
@require_GET
def card_return(request, pk):
    """Where the buyer lands after paying: ask Stripe how their attempt (the latest, unless the address
    names one of the order's) stands."""
    order = _order(request, pk)
    payment = selectors.card_payment_of(order=order, attempt=request.GET.get("attempt", ""))
    if payment is not None and payment.payment_intent_id:
        try:
            payment = card_payments.card_payment_confirm(payment_intent_id=payment.payment_intent_id)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("orders:order", pk=order.pk)
    order.refresh_from_db()
    refund = selectors.automatic_refund_of(payment=payment) if payment is not None else None
    if refund is not None:
        messages.warning(request, NOT_NEEDED_REFUNDED.format(amount=format_pence(refund.amount_pence)))
        return redirect("orders:order", pk=order.pk)
    if order.status == OrderStatus.PAID:
        if payment is not None and payment.payment_intent_id != order.paid_by_reference:
            messages.info(request, ALREADY_PAID_NOT_CHARGED.format(reference=order.reference))
            return redirect("orders:order", pk=order.pk)
        return redirect("orders:confirmation", pk=order.pk)
    if order.status == OrderStatus.AWAITING_PAYMENT:
        return redirect("orders:pay_by_card", pk=order.pk)
    return redirect("orders:order", pk=order.pk)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """A trigger, not a source of truth: check the signature, then ask Stripe about the payment again.
    2xx for an event applied or one that can never be (not ours), so Stripe stops sending it; 503 when
    Stripe could not be asked, so Stripe sends it again later."""
    try:
        event = stripe_gateway.webhook_event(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except DomainError:
        return HttpResponse(status=400)
    fields = event.data.object.to_dict()
    about = f"Stripe webhook {event.id} ({event.type} of {fields.get('id', '')})"
    try:
        stripe_events.stripe_event_apply(event_type=event.type, fields=fields)
    except stripe_gateway.StripeUnreachable as error:
        logger.warning("%s to be sent again: %s", about, error.message)
        return HttpResponse(status=503)
    except DomainError as error:
        logger.warning("%s not applied: %s", about, error.message)
    return HttpResponse(status=204)
