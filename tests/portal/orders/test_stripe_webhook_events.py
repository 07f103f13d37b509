"""Stripe's webhook, against localstripe: 503 when Stripe cannot be asked (so Stripe sends the event
again), 2xx once applied or when it can never be; refunds made in Stripe's dashboard are recorded; the
same events delivered many times and out of order change the ledger once."""

import random

import pytest

from portal.orders.models import CardPayment, OrderStatus, Refund, RefundOrigin, RefundStatus
from portal.orders.services import card_payments, refunds
from tests.portal.orders.test_paying_by_card import pay, succeeded_event, webhook
from tests.portal.orders.test_payment_ledger import stripe_client
from tests.portal.orders.test_stripe_gateway import SUCCEEDS

pytestmark = pytest.mark.django_db

UNREACHABLE = "http://127.0.0.1:9"  # nothing listens on the discard port


@pytest.fixture
def charged_but_unconfirmed(buyer_client, card_order, monkeypatch):
    """A card charged at Stripe whose confirmation has not reached the site (the buyer closed the tab)."""
    with monkeypatch.context() as patched:
        patched.setattr(card_payments, "_apply", lambda payment, charge: None)
        pay(buyer_client, card_order, SUCCEEDS)
    return CardPayment.objects.get()


def refund_event(payment_intent_id, *, event_type="charge.refunded"):
    return {
        "id": f"evt_{event_type}",
        "object": "event",
        "type": event_type,
        "data": {"object": {"id": "ch_test", "object": "charge", "payment_intent": payment_intent_id}},
    }


def test_the_webhook_answers_503_while_stripe_cannot_be_asked_then_applies_the_event(
    client, settings, card_order, charged_but_unconfirmed, caplog
):
    event = succeeded_event(charged_but_unconfirmed.payment_intent_id)
    reachable = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = UNREACHABLE

    assert webhook(client, event).status_code == 503
    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.AWAITING_PAYMENT
    assert "to be sent again" in caplog.text

    settings.STRIPE_API_BASE = reachable
    assert webhook(client, event).status_code == 204
    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.PAID


def test_the_buyer_s_return_while_stripe_cannot_be_asked_says_not_to_pay_again(
    buyer_client, settings, card_order, charged_but_unconfirmed
):
    settings.STRIPE_API_BASE = UNREACHABLE

    back = buyer_client.get(f"/portal/orders/{card_order.pk}/pay/done/", follow=True)

    assert "please do not pay again" in back.text
    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.AWAITING_PAYMENT
    assert CardPayment.objects.count() == 1  # no new attempt was started


def test_an_event_about_something_else_is_acknowledged(client, localstripe):
    event = {
        "id": "evt_other",
        "object": "event",
        "type": "customer.created",
        "data": {"object": {"id": "cus_1"}},
    }

    assert webhook(client, event).status_code == 204


def test_a_refund_made_in_stripe_s_dashboard_is_recorded_once(
    client, buyer_client, card_order, django_capture_on_commit_callbacks
):
    pay(buyer_client, card_order, SUCCEEDS)
    payment = CardPayment.objects.get()
    made = stripe_client().v1.refunds.create(
        params={"payment_intent": payment.payment_intent_id, "amount": 5_000}
    )

    with django_capture_on_commit_callbacks(execute=True):
        for event_type in ("charge.refunded", "refund.created", "charge.refunded"):
            assert (
                webhook(client, refund_event(payment.payment_intent_id, event_type=event_type)).status_code
                == 204
            )

    refund = Refund.objects.get()
    assert (refund.stripe_refund_id, refund.amount_pence) == (made.id, 5_000)
    assert (refund.origin, refund.status, refund.reason) == (
        RefundOrigin.STRIPE,
        RefundStatus.REFUNDED,
        refunds.MADE_IN_STRIPE,
    )


def test_the_same_events_ten_times_out_of_order_change_the_ledger_once(
    client, card_order, charged_but_unconfirmed, logged_changes, django_capture_on_commit_callbacks
):
    payment_intent_id = charged_but_unconfirmed.payment_intent_id
    stripe_client().v1.refunds.create(params={"payment_intent": payment_intent_id, "amount": 1_000})
    events = [succeeded_event(payment_intent_id), refund_event(payment_intent_id)] * 10
    random.Random(18).shuffle(events)
    events.insert(0, refund_event(payment_intent_id))  # a refund's event before the payment's

    with django_capture_on_commit_callbacks(execute=True):
        answers = {webhook(client, event).status_code for event in events}

    assert answers == {204}
    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.PAID
    assert [action for action, *_ in logged_changes(card_order)].count("orders.order_card_paid") == 1
    assert Refund.objects.count() == 1
