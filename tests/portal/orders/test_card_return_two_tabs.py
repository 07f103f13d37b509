"""Coming back to a tab left at the bank's check after another tab paid the order, when the unit had
already cancelled that tab's attempt at Stripe: the school is told the order was already paid and the
card not charged, rather than shown "Order placed" as if this tab had paid. (The tab whose bank's check
won the race is tested in test_payment_ledger.py.)"""

import pytest
from django.urls import reverse

from portal.orders.models import CardPayment, CardPaymentStatus, Refund
from portal.orders.views import card
from tests.portal.orders.test_paying_by_card import pay
from tests.portal.orders.test_payment_ledger import left_at_the_bank_s_check
from tests.portal.orders.test_stripe_gateway import SUCCEEDS

pytestmark = pytest.mark.django_db


def test_the_tab_whose_attempt_was_cancelled_is_told_the_order_was_already_paid(
    buyer_client, card_order, django_capture_on_commit_callbacks
):
    left_at_the_bank_s_check(buyer_client, card_order)
    first_attempt = CardPayment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # the worker cancels the attempt at once
        pay(buyer_client, card_order, SUCCEEDS)

    back = buyer_client.get(
        reverse("orders:card_return", args=[card_order.pk]), {"attempt": first_attempt.pk}, follow=True
    )

    assert back.redirect_chain[-1][0] == reverse("orders:order", args=[card_order.pk])
    assert card.ALREADY_PAID_NOT_CHARGED.format(reference=card_order.reference) in back.text
    first_attempt.refresh_from_db()
    assert first_attempt.status == CardPaymentStatus.CANCELLED
    assert not Refund.objects.exists()
