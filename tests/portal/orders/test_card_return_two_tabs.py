"""Coming back from paying in one of two tabs: the return names the tab's own attempt, so the tab whose
bank's check completed after the other tab paid is told its payment is refunded, and the tab whose attempt
was cancelled first is told the order was already paid and its card not charged."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from common.money import format_pence
from portal.orders.models import CardPaymentStatus, OrderStatus, Refund, RefundStatus
from portal.orders.services import basket as basket_services
from portal.orders.services import card_payments, checkout
from portal.orders.views import card
from tests.portal.orders.test_paying_by_card import pay
from tests.portal.orders.test_reconciliation import bank_completes_check, card_attempt
from tests.portal.orders.test_stripe_gateway import NEEDS_3D_SECURE, SUCCEEDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def card_order(localstripe, buyer, basket_of, catalogue):
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    return checkout.order_place_for_card_payment(basket=basket, placed_by=buyer.user)


@pytest.fixture
def left_at_the_bank_s_check(card_order, buyer):
    """One tab's attempt waiting at the bank's check of its payment, after another tab paid the order."""
    waiting = card_attempt(card_order, buyer, NEEDS_3D_SECURE)
    card_attempt(card_order, buyer, SUCCEEDS)
    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.PAID
    return waiting


def return_of(order, payment):
    return f"{reverse('orders:card_return', args=[order.pk])}?payment_intent={payment.payment_intent_id}"


def test_the_card_form_returns_to_an_address_naming_its_attempt(buyer_client, card_order):
    response = pay(buyer_client, card_order, SUCCEEDS)

    card_order.refresh_from_db()
    assert response.json()["next_url"] == return_of(card_order, card_order.card_payments.get())


def test_the_tab_whose_bank_check_completed_last_is_told_its_payment_is_refunded(
    buyer_client, card_order, left_at_the_bank_s_check, django_capture_on_commit_callbacks
):
    bank_completes_check(left_at_the_bank_s_check.payment_intent_id)

    with django_capture_on_commit_callbacks(execute=True):
        response = buyer_client.get(return_of(card_order, left_at_the_bank_s_check))

    assert response.url == reverse("orders:order", args=[card_order.pk])
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        card.NOT_NEEDED_REFUNDED.format(amount=format_pence(55_000))
    ]
    (refund,) = Refund.objects.all()
    assert (refund.card_payment, refund.origin, refund.status) == (
        left_at_the_bank_s_check,
        "automatic",
        RefundStatus.REFUNDED,
    )
    # The order page lists both payments and the refund.
    page = buyer_client.get(response.url)
    assert page.status_code == 200
    assert page.text.count("Card payment <span") == 2
    assert "Refund, automatic: the order did not need the payment" in page.text


def test_the_tab_whose_attempt_was_cancelled_is_told_the_order_was_already_paid(
    buyer_client, card_order, left_at_the_bank_s_check
):
    card_payments.open_card_payments_cancel(order=card_order)

    response = buyer_client.get(return_of(card_order, left_at_the_bank_s_check))

    assert response.url == reverse("orders:order", args=[card_order.pk])
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        card.ALREADY_PAID_NOT_CHARGED.format(reference=card_order.reference)
    ]
    left_at_the_bank_s_check.refresh_from_db()
    assert left_at_the_bank_s_check.status == CardPaymentStatus.CANCELLED
    assert not Refund.objects.exists()
