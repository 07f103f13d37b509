"""The one module that talks to Stripe.

The card flow works the same on Stripe and on localstripe (the emulator used locally and in tests):
1. `card_setup_start`: a Customer and a SetupIntent; the browser confirms the SetupIntent with the
   card element (`stripe.confirmCardSetup`), which also runs 3-D Secure for the card if it needs it;
2. `card_charge`: the server charges the saved card with a PaymentIntent it confirms at once, for
   an amount that always comes from the server's order, never from the browser;
3. only if the PaymentIntent needs action, the browser runs `stripe.confirmCardPayment`;
4. the order becomes paid when the server sees a succeeded PaymentIntent: `payment_intent_fetch`
   when the buyer comes back, or a `payment_intent.succeeded` webhook (`webhook_event` checks its
   signature; the handler fetches the PaymentIntent again rather than trusting the event's copy).
Stripe's own errors become `DomainError`s with a message for the buyer; a declined card is a result,
not an error.
"""

from dataclasses import dataclass

import stripe
from django.conf import settings

from common.errors import DomainError

CURRENCY = "gbp"
ORDER_METADATA_KEY = "order"
UNREACHABLE = (
    "We could not reach the card payment service, so nothing has been charged. "
    "Try again in a few minutes, or choose to pay by invoice."
)


@dataclass(frozen=True)
class CardSetup:
    customer_id: str
    setup_intent_id: str
    client_secret: str


@dataclass(frozen=True)
class Charge:
    """A PaymentIntent as the rest of the site needs it."""

    payment_intent_id: str
    status: str  # Stripe's: "succeeded", "requires_action", "requires_payment_method", ...
    amount_pence: int
    currency: str
    order_reference: str
    client_secret: str = ""
    decline_message: str = ""

    @property
    def succeeded(self):
        return self.status == "succeeded"

    @property
    def needs_authentication(self):
        return self.status == "requires_action"


def _client():
    base_addresses = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=base_addresses, max_network_retries=2
    )


def _charge_from(payment_intent, *, decline_message=""):
    fields = payment_intent.to_dict()  # Stripe and localstripe leave out different empty fields
    return Charge(
        payment_intent_id=fields["id"],
        status=fields["status"],
        amount_pence=fields["amount"],
        currency=fields["currency"],
        order_reference=(fields.get("metadata") or {}).get(ORDER_METADATA_KEY, ""),
        client_secret=fields.get("client_secret") or "",
        decline_message=decline_message or (fields.get("last_payment_error") or {}).get("message", ""),
    )


def card_setup_start(*, customer_id, email, name) -> CardSetup:
    """A SetupIntent for the browser to confirm with the card; a Customer first if there is none."""
    client = _client()
    try:
        if not customer_id:
            customer_id = client.v1.customers.create(params={"email": email, "name": name}).id
        setup_intent = client.v1.setup_intents.create(
            params={"customer": customer_id, "payment_method_types": ["card"], "usage": "on_session"}
        )
    except stripe.StripeError as error:
        raise DomainError(UNREACHABLE) from error
    return CardSetup(
        customer_id=customer_id, setup_intent_id=setup_intent.id, client_secret=setup_intent.client_secret
    )


def card_charge(*, setup_intent_id, amount_pence, order_reference, idempotency_key) -> Charge:
    """Charge the card saved by a confirmed SetupIntent; the key makes a repeated call charge once."""
    client = _client()
    try:
        setup_intent = client.v1.setup_intents.retrieve(setup_intent_id)
        if setup_intent.status != "succeeded" or not setup_intent.payment_method:
            raise DomainError("The card has not been confirmed yet. Enter the card details again.")
        payment_intent = client.v1.payment_intents.create(
            params={
                "amount": amount_pence,
                "currency": CURRENCY,
                "customer": setup_intent.customer,
                "payment_method": setup_intent.payment_method,
                "confirm": True,
                "metadata": {ORDER_METADATA_KEY: order_reference},
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.CardError as error:
        payment_intent = (error.error and error.error.payment_intent) or None
        message = error.user_message or "The card was declined."
        if payment_intent is None:
            return Charge(
                payment_intent_id="",
                status="requires_payment_method",
                amount_pence=amount_pence,
                currency=CURRENCY,
                order_reference=order_reference,
                decline_message=message,
            )
        return _charge_from(payment_intent, decline_message=message)
    except stripe.StripeError as error:
        raise DomainError(UNREACHABLE) from error
    return _charge_from(payment_intent)


def payment_intent_fetch(*, payment_intent_id) -> Charge:
    """The PaymentIntent as Stripe has it now (never trust a copy from the browser or an event)."""
    try:
        return _charge_from(_client().v1.payment_intents.retrieve(payment_intent_id))
    except stripe.InvalidRequestError as error:
        raise DomainError("There is no such card payment.") from error
    except stripe.StripeError as error:
        raise DomainError(UNREACHABLE) from error


def webhook_event(*, payload: bytes, signature: str):
    """The event Stripe sent, once its signature is checked; DomainError for anything else."""
    try:
        return stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise DomainError("The webhook's signature is not valid.") from error


def refund(*, payment_intent_id, amount_pence, idempotency_key) -> str:
    """Refund part or all of a card payment; returns Stripe's refund id."""
    try:
        created = _client().v1.refunds.create(
            params={"payment_intent": payment_intent_id, "amount": amount_pence},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as error:
        raise DomainError(f"Stripe refused the refund: {error.user_message or error}") from error
    return created.id
