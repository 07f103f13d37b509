"""The Stripe gateway against localstripe: the same calls production makes to Stripe."""

import hashlib
import hmac
import json
import time

import pytest
import stripe
from django.conf import settings

from common.errors import DomainError
from portal.orders import stripe_gateway

SUCCEEDS = "4242424242424242"
NEEDS_3D_SECURE = "4000002760003184"
DECLINED = "4000000000000341"


def confirmed_setup(card_number, *, customer_id=None):
    """What the browser does with Stripe.js: confirm the SetupIntent with the card the buyer typed."""
    setup = stripe_gateway.card_setup_start(customer_id=customer_id, email="finance@brook.test", name="Brook")
    client = stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE})
    card = {"number": card_number, "exp_month": 12, "exp_year": 2030, "cvc": "123"}
    payment_method = client.v1.payment_methods.create(params={"type": "card", "card": card})
    client.v1.setup_intents.confirm(setup.setup_intent_id, params={"payment_method": payment_method.id})
    return setup


def test_a_good_card_is_charged_the_amount_the_server_gives(localstripe):
    setup = confirmed_setup(SUCCEEDS)

    charge = stripe_gateway.card_charge(
        setup_intent_id=setup.setup_intent_id,
        amount_pence=55_000,
        order_reference="ORD-00001",
        idempotency_key="a",
    )

    assert charge.succeeded
    assert (charge.amount_pence, charge.currency, charge.order_reference) == (55_000, "gbp", "ORD-00001")
    assert stripe_gateway.payment_intent_fetch(payment_intent_id=charge.payment_intent_id) == charge


def test_starting_a_card_setup_makes_a_customer_once(localstripe):
    first = stripe_gateway.card_setup_start(customer_id=None, email="f@brook.test", name="Brook")
    again = stripe_gateway.card_setup_start(customer_id=first.customer_id, email="f@brook.test", name="Brook")

    assert first.customer_id.startswith("cus_")
    assert again.customer_id == first.customer_id
    assert again.setup_intent_id != first.setup_intent_id
    assert first.client_secret.startswith(first.setup_intent_id)


@pytest.mark.parametrize("gone", ["never-made", "deleted"])
def test_a_customer_stripe_no_longer_has_is_made_again_and_the_card_charged(localstripe, gone):
    """The demo's customer is one the emulator `make run` starts has never heard of; a real one can be
    deleted in Stripe's dashboard. Either way paying goes on, for a new customer."""
    if gone == "deleted":
        customer_id = stripe_gateway.card_setup_start(
            customer_id=None, email="f@brook.test", name="Brook"
        ).customer_id
        stripe.StripeClient(
            settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE}
        ).v1.customers.delete(customer_id)
    else:
        customer_id = "cus_demo_riverside"

    setup = confirmed_setup(SUCCEEDS, customer_id=customer_id)
    charge = stripe_gateway.card_charge(
        setup_intent_id=setup.setup_intent_id, amount_pence=100, order_reference="ORD-6", idempotency_key="g"
    )

    assert setup.customer_id.startswith("cus_")
    assert setup.customer_id != customer_id
    assert charge.succeeded


def test_a_card_still_waiting_for_3d_secure_is_not_charged(localstripe):
    setup = confirmed_setup(NEEDS_3D_SECURE)  # the browser has not finished the bank's check

    with pytest.raises(DomainError, match="not been confirmed"):
        stripe_gateway.card_charge(
            setup_intent_id=setup.setup_intent_id,
            amount_pence=100,
            order_reference="ORD-5",
            idempotency_key="3",
        )


def test_a_declined_card_is_a_result_with_the_reason(localstripe):
    setup = confirmed_setup(DECLINED)

    charge = stripe_gateway.card_charge(
        setup_intent_id=setup.setup_intent_id,
        amount_pence=65_000,
        order_reference="ORD-3",
        idempotency_key="d",
    )

    assert not charge.succeeded
    assert charge.decline_message == "Your card was declined."


def test_an_unconfirmed_card_is_refused_before_any_charge(localstripe):
    setup = stripe_gateway.card_setup_start(customer_id=None, email="f@brook.test", name="Brook")

    with pytest.raises(DomainError, match="not been confirmed"):
        stripe_gateway.card_charge(
            setup_intent_id=setup.setup_intent_id,
            amount_pence=100,
            order_reference="ORD-4",
            idempotency_key="u",
        )


def test_stripe_out_of_reach_is_a_message_not_a_crash(settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.STRIPE_SECRET_KEY = "sk_test_unreachable"

    with pytest.raises(DomainError, match="could not reach the card payment service"):
        stripe_gateway.card_setup_start(customer_id=None, email="f@brook.test", name="Brook")


def signed(payload, *, secret, timestamp=None):
    timestamp = timestamp or int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def test_a_webhook_with_a_good_signature_gives_its_event(localstripe):
    payload = json.dumps({"id": "evt_1", "object": "event", "type": "payment_intent.succeeded"}).encode()

    event = stripe_gateway.webhook_event(
        payload=payload, signature=signed(payload, secret="whsec_test_webhook")
    )

    assert event.type == "payment_intent.succeeded"


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "t=1,v1=0000",
        signed(b"{}", secret="whsec_someone_else"),
        signed(b'{"type": "payment_intent.succeeded"}', secret="whsec_test_webhook", timestamp=1_000),
    ],
    ids=["missing", "nonsense", "another-secret", "too-old"],
)
def test_a_forged_or_replayed_webhook_is_refused(localstripe, signature):
    with pytest.raises(DomainError, match="signature is not valid"):
        stripe_gateway.webhook_event(payload=b'{"type": "payment_intent.succeeded"}', signature=signature)
