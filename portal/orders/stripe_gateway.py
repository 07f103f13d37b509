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
Stripe's own errors become `DomainError`s with a message for the buyer, and `StripeUnreachable` when
Stripe could not answer (the network, its own fault, its rate limit), so callers can try again later; a
declined card is a result, not an error.

Refunds carry our ledger's key (`Refund.ledger_key`) as their idempotency key and in their metadata, so a
refund retried after a lost answer is found at Stripe instead of being made twice.
"""

from dataclasses import dataclass

import stripe
from django.conf import settings

from common.errors import DomainError

CURRENCY = "gbp"
ORDER_METADATA_KEY = "order"
REFUND_METADATA_KEY = "ledger_refund"
UNREACHABLE = (
    "We could not reach the card payment service, so nothing has been charged. "
    "Try again in a few minutes, or choose to pay by invoice."
)
CHECK_UNREACHABLE = (
    "We could not check your payment with the card payment service just now. If you finished paying, "
    "the order will show as paid within a few minutes: please do not pay again."
)
REFUND_UNREACHABLE = "Stripe could not be reached, so nothing has been refunded yet."
NO_SUCH_PAYMENT = "There is no such card payment."
CARD_DECLINED = "The card was declined."
# Stripe did not answer, or answered that it could not do it now: worth trying again later.
_TRY_AGAIN_LATER = (
    stripe.APIConnectionError,
    stripe.APIError,
    stripe.RateLimitError,
    stripe.AuthenticationError,
)


class StripeUnreachable(DomainError):
    """Stripe could not be asked: nothing was done, and the same call may be made again later."""


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


@dataclass(frozen=True)
class StripeRefund:
    refund_id: str
    payment_intent_id: str
    amount_pence: int
    status: str  # Stripe's: "pending", "succeeded", "failed", "canceled", "requires_action"
    ledger_key: str
    failure_reason: str = ""

    @property
    def failed(self):
        return self.status in ("failed", "canceled")


@dataclass(frozen=True)
class StripePayment:
    """A succeeded charge at Stripe, for the reconciliation report."""

    payment_intent_id: str  # "" for a charge made without one (not through this site)
    amount_pence: int
    currency: str
    created: int  # Unix time
    charge_id: str = ""


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


def _customer_at_stripe(client, *, customer_id, email, name) -> str:
    """`customer_id` if Stripe still has that customer; otherwise a new one. A school's customer can be
    gone: deleted in Stripe's dashboard, or never made in the emulator `make run` starts afresh each time
    (the demo's card payment names one)."""
    if customer_id:
        try:
            customer = client.v1.customers.retrieve(customer_id)
        except stripe.InvalidRequestError as error:
            if error.http_status != 404:
                raise
        else:
            if not customer.to_dict().get("deleted"):
                return customer_id
    return client.v1.customers.create(params={"email": email, "name": name}).id


def card_setup_start(*, customer_id, email, name) -> CardSetup:
    """A SetupIntent for the browser to confirm with the card, for the school's customer (made first if
    there is none, or Stripe no longer has it: `CardSetup.customer_id` says which)."""
    client = _client()
    try:
        customer_id = _customer_at_stripe(client, customer_id=customer_id, email=email, name=name)
        setup_intent = client.v1.setup_intents.create(
            params={"customer": customer_id, "payment_method_types": ["card"], "usage": "on_session"}
        )
    except stripe.StripeError as error:
        raise StripeUnreachable(UNREACHABLE) from error
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
        message = error.user_message or CARD_DECLINED
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
        raise StripeUnreachable(UNREACHABLE) from error
    return _charge_from(payment_intent)


def setup_intent_secret_if_unused(*, setup_intent_id) -> str:
    """The client secret of a SetupIntent no card has been given to yet, so that opening the card page
    again reuses it; "" when it has moved on (a card given, checked or refused) and a new one is needed."""
    try:
        setup_intent = _client().v1.setup_intents.retrieve(setup_intent_id)
    except stripe.InvalidRequestError:
        return ""
    except stripe.StripeError as error:
        raise StripeUnreachable(UNREACHABLE) from error
    return setup_intent.client_secret if setup_intent.status == "requires_payment_method" else ""


def payment_intent_fetch(*, payment_intent_id) -> Charge:
    """The PaymentIntent as Stripe has it now (never trust a copy from the browser or an event)."""
    try:
        return _charge_from(_client().v1.payment_intents.retrieve(payment_intent_id))
    except stripe.InvalidRequestError as error:
        raise DomainError(NO_SUCH_PAYMENT) from error
    except stripe.StripeError as error:
        raise StripeUnreachable(CHECK_UNREACHABLE) from error


def payment_intent_cancel(*, payment_intent_id) -> Charge:
    """Cancel a PaymentIntent that has not taken money; returns how it stands, which is "succeeded" if the
    bank's check completed first (then it is not cancelled, and its money must be refunded)."""
    client = _client()
    try:
        return _charge_from(client.v1.payment_intents.cancel(payment_intent_id))
    except stripe.InvalidRequestError:
        # Stripe refuses to cancel a payment that has already succeeded or been cancelled.
        return payment_intent_fetch(payment_intent_id=payment_intent_id)
    except stripe.StripeError as error:
        raise StripeUnreachable(CHECK_UNREACHABLE) from error


def setup_intent_cancel(*, setup_intent_id) -> None:
    """Cancel a SetupIntent whose order no longer needs a card; one already used or cancelled is left."""
    try:
        _client().v1.setup_intents.cancel(setup_intent_id)
    except stripe.InvalidRequestError:
        return
    except stripe.StripeError as error:
        raise StripeUnreachable(CHECK_UNREACHABLE) from error


def webhook_event(*, payload: bytes, signature: str):
    """The event Stripe sent, once its signature is checked; DomainError for anything else."""
    try:
        return stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise DomainError("The webhook's signature is not valid.") from error


def _refund_from(refund) -> StripeRefund:
    fields = refund.to_dict()
    return StripeRefund(
        refund_id=fields["id"],
        payment_intent_id=fields.get("payment_intent") or "",
        amount_pence=fields["amount"],
        status=fields.get("status") or "",
        ledger_key=(fields.get("metadata") or {}).get(REFUND_METADATA_KEY, ""),
        failure_reason=fields.get("failure_reason") or "",
    )


def refunds_of(*, payment_intent_id) -> list[StripeRefund]:
    """Every refund Stripe has of a payment, however it was made (here or in Stripe's dashboard)."""
    try:
        listed = _client().v1.refunds.list(params={"payment_intent": payment_intent_id, "limit": 100})
        return [_refund_from(refund) for refund in listed.auto_paging_iter()]
    except stripe.InvalidRequestError as error:
        raise DomainError(NO_SUCH_PAYMENT) from error
    except stripe.StripeError as error:
        raise StripeUnreachable(REFUND_UNREACHABLE) from error


def refund_create(*, payment_intent_id, amount_pence, ledger_key) -> StripeRefund:
    """Refund part or all of a card payment, once per `ledger_key`: if Stripe already has a refund made
    with that key (an earlier try whose answer was lost), that refund is returned instead."""
    for made in refunds_of(payment_intent_id=payment_intent_id):
        if made.ledger_key == ledger_key:
            return made
    try:
        created = _client().v1.refunds.create(
            params={
                "payment_intent": payment_intent_id,
                "amount": amount_pence,
                "metadata": {REFUND_METADATA_KEY: ledger_key},
            },
            options={"idempotency_key": ledger_key},
        )
    except _TRY_AGAIN_LATER as error:
        raise StripeUnreachable(REFUND_UNREACHABLE) from error
    except stripe.StripeError as error:
        raise DomainError(f"Stripe refused the refund: {error.user_message or error}") from error
    return _refund_from(created)


def succeeded_payments_since(*, since: int) -> list[StripePayment]:
    """Every card payment that took money at Stripe after the Unix time `since` (for reconciliation)."""
    try:
        listed = _client().v1.charges.list(params={"created": {"gt": since}, "limit": 100})
        charges = [charge.to_dict() for charge in listed.auto_paging_iter()]
    except stripe.StripeError as error:
        raise StripeUnreachable(CHECK_UNREACHABLE) from error
    return [
        StripePayment(
            payment_intent_id=charge.get("payment_intent") or "",
            amount_pence=charge["amount"],
            currency=charge["currency"],
            created=charge["created"],
            charge_id=charge["id"],
        )
        for charge in charges
        if charge.get("status") == "succeeded" and charge.get("captured", True)
    ]
