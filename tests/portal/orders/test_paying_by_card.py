"""Paying an order by card, against localstripe: the amount comes from the order, the order is paid
only once the server has seen Stripe say so, and the buyer's return and the webhook agree."""

import json

import pytest
import stripe
from django.conf import settings
from django.urls import reverse

from portal.orders import selectors
from portal.orders.models import CardPayment, CardPaymentStatus, Order, OrderStatus, Refund
from portal.orders.services import basket as basket_services
from portal.orders.services import card_payments, refunds
from portal.orders.stripe_gateway import UNREACHABLE, StripeUnreachable
from portal.orders.views import card
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from tests.portal.orders.test_stripe_gateway import DECLINED, SUCCEEDS, signed

pytestmark = pytest.mark.django_db


def browser_confirms_card(client_secret, card_number):
    """What Stripe.js does in the buyer's browser: confirm the SetupIntent with the typed card."""
    client = stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE})
    card = {"number": card_number, "exp_month": 12, "exp_year": 2030, "cvc": "123"}
    payment_method = client.v1.payment_methods.create(params={"type": "card", "card": card})
    setup_intent_id = client_secret.split("_secret_")[0]
    client.v1.setup_intents.confirm(setup_intent_id, params={"payment_method": payment_method.id})
    return setup_intent_id


def pay(buyer_client, order, card_number):
    page = buyer_client.get(reverse("orders:pay_by_card", args=[order.pk]))
    setup_intent_id = browser_confirms_card(page.context["client_secret"], card_number)
    return buyer_client.post(
        reverse("orders:charge_card", args=[order.pk]), {"setup_intent": setup_intent_id}
    )


def test_checking_out_by_card_places_the_order_and_opens_the_card_page(
    buyer_client, buyer, basket_of, catalogue, localstripe
):
    basket_services.basket_add_universal_offer(basket=basket_of(buyer))

    response = buyer_client.post(reverse("orders:checkout_card"))

    order = Order.objects.get()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert response.url == reverse("orders:pay_by_card", args=[order.pk])
    page = buyer_client.get(response.url)
    assert "Pay £550 by card" in page.text
    assert settings.STRIPE_JS_URL in page.text
    # Only this page lets Stripe's script, API and 3-D Secure frame in.
    assert settings.STRIPE_API_BASE in page["Content-Security-Policy"]
    assert (
        settings.STRIPE_API_BASE not in buyer_client.get(reverse("orders:orders"))["Content-Security-Policy"]
    )


def test_a_good_card_pays_the_order_at_the_order_s_total(buyer_client, card_order):
    response = pay(buyer_client, card_order, SUCCEEDS)

    assert response.json()["status"] == "succeeded"
    card_order.refresh_from_db()
    payment = CardPayment.objects.get()
    assert card_order.status == OrderStatus.PAID
    assert card_order.paid_by_reference == payment.payment_intent_id
    assert payment.amount_pence == card_order.total_pence == 55_000
    assert buyer_client.get(response.json()["next_url"]).url == reverse(
        "orders:confirmation", args=[card_order.pk]
    )


def test_a_declined_card_leaves_the_order_waiting_says_why_and_offers_another_try(buyer_client, card_order):
    """The card form shows why by the card without leaving the page, and tries again with a new attempt."""
    response = pay(buyer_client, card_order, DECLINED)

    answer = response.json()
    assert answer["status"] == CardPaymentStatus.DECLINED
    assert "next_url" not in answer
    assert answer["message"] == card.DECLINED.format(reason="Your card was declined.")
    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.AWAITING_PAYMENT
    declined, next_try = CardPayment.objects.order_by("pk")
    assert declined.status == CardPaymentStatus.DECLINED
    assert next_try.status == CardPaymentStatus.STARTED
    assert answer["setup_secret"].startswith(next_try.setup_intent_id)
    setup_intent_id = browser_confirms_card(answer["setup_secret"], SUCCEEDS)
    paid = buyer_client.post(
        reverse("orders:charge_card", args=[card_order.pk]), {"setup_intent": setup_intent_id}
    )
    assert paid.json()["status"] == CardPaymentStatus.SUCCEEDED


def test_the_card_page_opened_after_a_decline_says_why_by_the_card(buyer_client, card_order):
    """As when the bank's check of the payment failed, and the browser came back from it to the site."""
    page = buyer_client.get(reverse("orders:pay_by_card", args=[card_order.pk]))
    setup_intent_id = browser_confirms_card(page.context["client_secret"], DECLINED)
    card_payments.card_payment_charge(order=card_order, setup_intent_id=setup_intent_id)

    again = buyer_client.get(reverse("orders:pay_by_card", args=[card_order.pk]))

    assert again.text.count(card.DECLINED.format(reason="Your card was declined.")) == 2
    assert "<title>Error: " in again.text
    assert "data-error-summary" in again.text


def stripe_out_of_reach(**kwargs):
    raise StripeUnreachable(UNREACHABLE)


def test_a_refused_charge_says_why_and_offers_another_try(buyer_client, card_order, monkeypatch):
    page = buyer_client.get(reverse("orders:pay_by_card", args=[card_order.pk]))
    setup_intent_id = browser_confirms_card(page.context["client_secret"], SUCCEEDS)
    monkeypatch.setattr(card_payments.stripe_gateway, "card_charge", stripe_out_of_reach)

    response = buyer_client.post(
        reverse("orders:charge_card", args=[card_order.pk]), {"setup_intent": setup_intent_id}
    )

    assert response.status_code == 400
    answer = response.json()
    assert (answer["status"], answer["message"]) == ("refused", UNREACHABLE)
    assert "next_url" not in answer
    assert answer["setup_secret"]  # a new attempt: the confirmed card's SetupIntent is used up
    assert not answer["setup_secret"].startswith(setup_intent_id)


def test_a_school_whose_stripe_customer_is_gone_pays_as_a_new_customer(buyer_client, buyer, card_order):
    """The demo's card payment names a customer the emulator `make run` starts has never had."""
    CardPayment.objects.create(
        order=card_order,
        started_by=buyer.user,
        stripe_customer_id="cus_demo_riverside",
        setup_intent_id="seti_demo_riverside",
        status=CardPaymentStatus.CANCELLED,
    )

    response = pay(buyer_client, card_order, SUCCEEDS)

    assert response.json()["status"] == CardPaymentStatus.SUCCEEDED
    customer_id = CardPayment.objects.get(status=CardPaymentStatus.SUCCEEDED).stripe_customer_id
    assert customer_id.startswith("cus_")
    assert customer_id != "cus_demo_riverside"
    assert selectors.stripe_customer_of(school=card_order.school) == customer_id


def test_charging_the_same_card_twice_charges_once(buyer_client, card_order):
    page = buyer_client.get(reverse("orders:pay_by_card", args=[card_order.pk]))
    setup_intent_id = browser_confirms_card(page.context["client_secret"], SUCCEEDS)
    url = reverse("orders:charge_card", args=[card_order.pk])

    first = buyer_client.post(url, {"setup_intent": setup_intent_id})
    second = buyer_client.post(url, {"setup_intent": setup_intent_id})

    assert first.json()["status"] == "succeeded"
    assert second.status_code == 400  # the order is paid: nothing more to charge
    assert "not waiting for a card payment" in second.json()["message"]
    assert CardPayment.objects.filter(payment_intent_id__isnull=False).count() == 1


def test_a_setup_intent_from_another_order_is_refused(buyer_client, card_order):
    response = buyer_client.post(
        reverse("orders:charge_card", args=[card_order.pk]), {"setup_intent": "seti_other"}
    )

    assert response.status_code == 400
    assert response.json()["message"] == card_payments.UNKNOWN_PAYMENT
    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.AWAITING_PAYMENT


def webhook(client, event, *, secret="whsec_test_webhook"):  # noqa: S107 (the test settings' secret)
    payload = json.dumps(event).encode()
    return client.post(
        reverse("orders:stripe_webhook"),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signed(payload, secret=secret),
    )


def succeeded_event(payment_intent_id):
    return {
        "id": "evt_test",
        "object": "event",
        "type": "payment_intent.succeeded",
        "data": {"object": {"id": payment_intent_id, "object": "payment_intent", "amount": 1}},
    }


@pytest.fixture
def charged_but_unconfirmed(buyer_client, card_order, monkeypatch):
    """A card charged at Stripe whose confirmation has not reached the site yet (the buyer closed the tab)."""
    monkeypatch.setattr(card_payments, "_apply", lambda payment, charge: None)
    pay(buyer_client, card_order, SUCCEEDS)
    monkeypatch.undo()
    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.AWAITING_PAYMENT
    return CardPayment.objects.get()


def test_the_webhook_pays_the_order_and_a_replay_changes_nothing(
    client, card_order, charged_but_unconfirmed, logged_changes
):
    event = succeeded_event(charged_but_unconfirmed.payment_intent_id)

    assert webhook(client, event).status_code == 204
    assert webhook(client, event).status_code == 204

    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.PAID
    assert [action for action, *_ in logged_changes(card_order)].count("orders.order_card_paid") == 1


def test_the_buyer_s_return_pays_the_order_when_the_webhook_is_late(
    buyer_client, card_order, charged_but_unconfirmed
):
    response = buyer_client.get(reverse("orders:card_return", args=[card_order.pk]))

    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.PAID
    assert response.url == reverse("orders:confirmation", args=[card_order.pk])


def test_a_forged_webhook_changes_nothing(client, card_order, charged_but_unconfirmed):
    response = webhook(
        client, succeeded_event(charged_but_unconfirmed.payment_intent_id), secret="whsec_forged"
    )

    assert response.status_code == 400
    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.AWAITING_PAYMENT


def test_a_webhook_for_an_unknown_payment_is_acknowledged_and_changes_nothing(client, card_order, caplog):
    assert webhook(client, succeeded_event("pi_not_ours")).status_code == 204
    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.AWAITING_PAYMENT
    assert "pi_not_ours" in caplog.text


def test_a_payment_for_another_amount_never_pays_the_order_and_is_refunded(
    card_order, charged_but_unconfirmed, django_capture_on_commit_callbacks
):
    Order.objects.filter(pk=card_order.pk).update(subtotal_pence=60_000, total_pence=60_000)

    with django_capture_on_commit_callbacks(execute=True):
        card_payments.card_payment_confirm(payment_intent_id=charged_but_unconfirmed.payment_intent_id)

    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.AWAITING_PAYMENT
    (refund,) = Refund.objects.all()
    assert (refund.amount_pence, refund.status, refund.origin) == (55_000, "refunded", "automatic")
    assert refund.reason == refunds.MISMATCH_REASON.format(reference=card_order.reference)


@pytest.mark.parametrize("route", ["orders:pay_by_card", "orders:card_return"])
def test_another_school_s_order_gives_404(client, home_page, card_order, route):
    other = MembershipFactory(school=SchoolFactory(name="School B"), roles=[Role.FINANCE])
    client.force_login(other.user)

    assert client.get(reverse(route, args=[card_order.pk])).status_code == 404
    assert (
        client.post(reverse("orders:charge_card", args=[card_order.pk]), {"setup_intent": "x"}).status_code
        == 404
    )


def test_a_member_without_the_finance_role_cannot_pay(client, home_page, card_order, school):
    member = MembershipFactory(school=school, roles=[Role.MEMBER])
    client.force_login(member.user)

    assert client.get(reverse("orders:pay_by_card", args=[card_order.pk])).status_code == 403
