"""Every card payment Stripe took is in the ledger, against localstripe: a payment the order did not need
is refunded automatically and staff are told; open attempts are cancelled once the order is settled; the
card page reuses an attempt no card was given to."""

import json
import urllib.request

import pytest
import stripe
from django.conf import settings
from django.urls import reverse

from portal.orders import selectors
from portal.orders.models import (
    CardPayment,
    CardPaymentStatus,
    OrderStatus,
    Refund,
    RefundOrigin,
    RefundStatus,
)
from portal.orders.services import cancellations, card_payments, refunds
from tests.portal.orders.test_paying_by_card import browser_confirms_card, pay
from tests.portal.orders.test_stripe_gateway import NEEDS_3D_SECURE, SUCCEEDS

pytestmark = pytest.mark.django_db


def stripe_client():
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE})


def left_at_the_bank_s_check(buyer_client, order):
    """A tab where the buyer typed a card that needs 3-D Secure and the bank's window for the payment is
    open: returns the PaymentIntent's client secret, which the bank's window confirms."""
    page = buyer_client.get(reverse("orders:pay_by_card", args=[order.pk]))
    setup_intent_id = browser_confirms_card(page.context["client_secret"], NEEDS_3D_SECURE)
    stripe_client().v1.setup_intents.confirm(setup_intent_id)  # the bank's check of the card itself
    charged = buyer_client.post(
        reverse("orders:charge_card", args=[order.pk]), {"setup_intent": setup_intent_id}
    )
    assert charged.json()["status"] == CardPaymentStatus.NEEDS_AUTHENTICATION
    return charged.json()["client_secret"]


def bank_confirms(client_secret):
    """What the bank's 3-D Secure window does when the buyer completes it (localstripe's own route)."""
    payment_intent_id = client_secret.split("_secret_")[0]
    request = urllib.request.Request(  # noqa: S310 (localstripe, on this machine)
        f"{settings.STRIPE_API_BASE}/v1/payment_intents/{payment_intent_id}/_authenticate?success=true",
        data=json.dumps({"key": settings.STRIPE_PUBLISHABLE_KEY, "client_secret": client_secret}).encode(),
        method="POST",
    )
    with urllib.request.urlopen(request) as response:  # noqa: S310 (localstripe, on this machine)
        return json.loads(response.read())


@pytest.fixture
def payments_email(home_page):
    buying = selectors.buying_settings()
    buying.email = "accounts@stepping-stones.test"
    buying.save()
    return buying.email


def test_a_payment_confirmed_at_the_bank_after_another_paid_the_order_is_refunded_automatically(
    buyer_client, card_order, payments_email, sent, logged_changes
):
    first_tab = left_at_the_bank_s_check(buyer_client, card_order)
    # The bank's check completes before the unit's cancellation of that attempt reaches Stripe.
    assert bank_confirms(first_tab)["status"] == "succeeded"

    with sent() as emails:
        pay(buyer_client, card_order, SUCCEEDS)

    card_order.refresh_from_db()
    paying = selectors.paying_card_payment_of(order=card_order)
    not_needed = CardPayment.objects.exclude(pk=paying.pk).get()
    assert card_order.status == OrderStatus.PAID
    assert (not_needed.status, not_needed.amount_pence) == (CardPaymentStatus.SUCCEEDED, 55_000)
    (refund,) = Refund.objects.all()
    assert (refund.card_payment, refund.amount_pence) == (not_needed, 55_000)
    assert (refund.origin, refund.status) == (RefundOrigin.AUTOMATIC, RefundStatus.REFUNDED)
    assert refund.reason == refunds.ALREADY_PAID_REASON.format(
        reference=card_order.reference, paid_by=paying.payment_intent_id
    )
    stripe_refunds = stripe_client().v1.refunds.list(params={"payment_intent": not_needed.payment_intent_id})
    assert [made.id for made in stripe_refunds.data] == [refund.stripe_refund_id]
    assert refunds.PAYMENT_NOT_NEEDED in [action for action, *_ in logged_changes(card_order)]
    to_staff = [email for email in emails.messages if email.to == [payments_email]]
    assert len(to_staff) == 1
    assert "not needed" in to_staff[0].subject
    assert any(
        "We have refunded £550" in email.body for email in emails.messages if email.to != [payments_email]
    )


def test_the_buyer_back_from_the_bank_is_told_the_payment_is_refunded(
    buyer_client, card_order, django_capture_on_commit_callbacks
):
    first_tab = left_at_the_bank_s_check(buyer_client, card_order)
    first_attempt = CardPayment.objects.get()
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not cancelled the attempt yet
        pay(buyer_client, card_order, SUCCEEDS)
    bank_confirms(first_tab)

    with django_capture_on_commit_callbacks(execute=True):
        back = buyer_client.get(
            reverse("orders:card_return", args=[card_order.pk]), {"attempt": first_attempt.pk}, follow=True
        )

    assert back.redirect_chain[-1][0] == reverse("orders:order", args=[card_order.pk])
    assert "is being refunded to the card automatically" in back.text
    assert "Refund, automatic" in back.text
    assert Refund.objects.get().status == RefundStatus.REFUNDED


def test_a_payment_for_an_order_cancelled_first_is_refunded(
    buyer_client, buyer, card_order, django_capture_on_commit_callbacks
):
    first_tab = left_at_the_bank_s_check(buyer_client, card_order)
    bank_confirms(first_tab)
    payment = CardPayment.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        cancellations.order_cancel_unpaid(order=card_order, cancelled_by=buyer)

    with django_capture_on_commit_callbacks(execute=True):
        card_payments.card_payment_confirm(payment_intent_id=payment.payment_intent_id)

    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.CANCELLED
    refund = Refund.objects.get()
    assert refund.reason == refunds.CANCELLED_REASON.format(reference=card_order.reference)
    assert refund.status == RefundStatus.REFUNDED


def test_paying_cancels_the_attempt_left_at_the_bank_s_check_so_it_cannot_take_money(
    buyer_client, card_order, django_capture_on_commit_callbacks
):
    first_tab = left_at_the_bank_s_check(buyer_client, card_order)

    with django_capture_on_commit_callbacks(execute=True):
        pay(buyer_client, card_order, SUCCEEDS)

    left_open = CardPayment.objects.get(status=CardPaymentStatus.CANCELLED)
    assert stripe_client().v1.payment_intents.retrieve(left_open.payment_intent_id).status == "canceled"
    with pytest.raises(urllib.error.HTTPError):
        bank_confirms(first_tab)
    assert not Refund.objects.exists()
    assert CardPayment.objects.filter(status=CardPaymentStatus.SUCCEEDED).count() == 1


def test_an_attempt_still_waiting_for_a_card_is_cancelled_too(
    buyer_client, buyer, card_order, django_capture_on_commit_callbacks
):
    page = buyer_client.get(reverse("orders:pay_by_card", args=[card_order.pk]))

    with django_capture_on_commit_callbacks(execute=True):
        cancellations.order_cancel_unpaid(order=card_order, cancelled_by=buyer)

    attempt = page.context["payment"]
    attempt.refresh_from_db()
    assert attempt.status == CardPaymentStatus.CANCELLED
    assert stripe_client().v1.setup_intents.retrieve(attempt.setup_intent_id).status == "canceled"


def test_opening_the_card_page_again_reuses_the_attempt_no_card_was_given_to(buyer_client, card_order):
    url = reverse("orders:pay_by_card", args=[card_order.pk])

    first = buyer_client.get(url)
    again = buyer_client.get(url)

    assert CardPayment.objects.count() == 1
    assert again.context["client_secret"] == first.context["client_secret"]
    # Once a card has been given to it, the next visit starts afresh.
    browser_confirms_card(again.context["client_secret"], NEEDS_3D_SECURE)
    buyer_client.get(url)
    assert CardPayment.objects.count() == 2


def test_the_same_confirmation_ten_times_pays_once_and_refunds_nothing(
    buyer_client, card_order, django_capture_on_commit_callbacks, logged_changes
):
    pay(buyer_client, card_order, SUCCEEDS)
    payment = CardPayment.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(10):
            card_payments.card_payment_confirm(payment_intent_id=payment.payment_intent_id)

    assert [action for action, *_ in logged_changes(card_order)].count("orders.order_card_paid") == 1
    assert not Refund.objects.exists()
