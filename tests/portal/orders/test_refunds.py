"""Refunds of card payments by staff, against localstripe: part or all of what was paid, never more,
only a paid card order, always with a reason; recorded with who and why, and the buyer is emailed."""

from functools import partial

import pytest
from django.core import mail
from django.urls import reverse

from common.errors import DomainError
from portal.orders import selectors
from portal.orders.models import Refund
from portal.orders.services import basket as basket_services
from portal.orders.services import card_payments, checkout, refunds
from portal.users.factories import VerifiedUserFactory
from tests.portal.orders.conftest import at_once, both_lock_orders_together, kinds, postgresql_only
from tests.portal.orders.test_paying_by_card import browser_confirms_card
from tests.portal.orders.test_stripe_gateway import SUCCEEDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_card_order(localstripe, buyer, basket_of, catalogue):
    """This year's Universal Offer (£550), paid by card through localstripe."""
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    order = checkout.order_place_for_card_payment(basket=basket, placed_by=buyer.user)
    _, client_secret = card_payments.card_payment_start(order=order, started_by=buyer.user)
    setup_intent_id = browser_confirms_card(client_secret, SUCCEEDS)
    card_payments.card_payment_charge(order=order, setup_intent_id=setup_intent_id)
    order.refresh_from_db()
    assert order.status == "paid"
    return order


def test_a_full_refund_goes_through_stripe_and_is_recorded_with_who_and_why(
    paid_card_order, staff_user, logged_changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        refund = refunds.order_refund(
            order=paid_card_order, amount_pence=55_000, reason="School closed", refunded_by=staff_user
        )

    assert refund.stripe_refund_id.startswith("re_")
    assert (refund.amount_pence, refund.reason, refund.refunded_by) == (55_000, "School closed", staff_user)
    assert refund.status == "refunded"
    assert selectors.refundable_pence(payment=refund.card_payment) == 0
    action, who, data = logged_changes(paid_card_order)[-1]
    assert (action, who, data["why"]) == (refunds.REFUND_REQUESTED, staff_user, "School closed")
    assert f"£550 of payment {paid_card_order.paid_by_reference}, by the unit's staff" == data["about"]
    (email,) = [message for message in mail.outbox if "Refund" in message.subject]
    assert email.to == ["bursar@riverside.test"]
    assert "We have refunded £550" in email.body
    assert "Reason: School closed" in email.body


def test_a_partial_refund_leaves_the_rest_refundable(paid_card_order, staff_user):
    refunds.order_refund(order=paid_card_order, amount_pence=10_000, reason="Part", refunded_by=staff_user)
    refunds.order_refund(order=paid_card_order, amount_pence=5_050, reason="More", refunded_by=staff_user)

    payment = selectors.paying_card_payment_of(order=paid_card_order)
    assert selectors.refundable_pence(payment=payment) == 55_000 - 15_050
    assert Refund.objects.filter(order=paid_card_order).count() == 2
    assert len(set(Refund.objects.values_list("stripe_refund_id", flat=True))) == 2


def test_refunding_more_than_is_left_is_refused_and_changes_nothing(paid_card_order, staff_user):
    refunds.order_refund(order=paid_card_order, amount_pence=50_000, reason="Part", refunded_by=staff_user)

    with pytest.raises(DomainError) as refused:
        refunds.order_refund(
            order=paid_card_order, amount_pence=5_001, reason="Too much", refunded_by=staff_user
        )

    assert refused.value.field == "amount"
    assert "£50" in refused.value.message
    assert Refund.objects.count() == 1


@pytest.mark.parametrize(("amount", "reason", "field"), [(100, "  ", "reason"), (0, "Why", "amount")])
def test_a_refund_needs_a_reason_and_an_amount(paid_card_order, staff_user, amount, reason, field):
    with pytest.raises(DomainError) as refused:
        refunds.order_refund(
            order=paid_card_order, amount_pence=amount, reason=reason, refunded_by=staff_user
        )

    assert refused.value.field == field
    assert not Refund.objects.exists()


def test_an_invoice_order_cannot_be_refunded_through_stripe(buyer, place_order, staff_user):
    order = place_order(buyer)

    with pytest.raises(DomainError, match="not paid by card"):
        refunds.order_refund(order=order, amount_pence=100, reason="Why", refunded_by=staff_user)

    assert not Refund.objects.exists()


def test_an_unpaid_card_order_cannot_be_refunded(localstripe, buyer, basket_of, catalogue, staff_user):
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    order = checkout.order_place_for_card_payment(basket=basket, placed_by=buyer.user)

    with pytest.raises(DomainError, match="only a paid card order"):
        refunds.order_refund(order=order, amount_pence=100, reason="Why", refunded_by=staff_user)


def refund_url(order):
    return reverse("orders_order_modeladmin_refund", args=[order.pk])


def test_staff_refund_from_the_admin(staff_client, paid_card_order):
    index = staff_client.get(reverse("orders_order_modeladmin_index"))
    assert refund_url(paid_card_order) in index.text
    page = staff_client.get(refund_url(paid_card_order))
    assert page.status_code == 200
    assert "Up to £550, what is left unrefunded." in page.text

    response = staff_client.post(refund_url(paid_card_order), {"amount": "125.50", "reason": "Overcharged"})

    assert response.status_code == 302
    assert Refund.objects.get().amount_pence == 12_550


def test_the_admin_shows_a_refusal_next_to_the_field_and_keeps_what_was_typed(staff_client, paid_card_order):
    response = staff_client.post(refund_url(paid_card_order), {"amount": "600", "reason": "Overcharged"})

    assert response.status_code == 400
    assert response.context["form"].errors["amount"] == [
        refunds.MORE_THAN_LEFT.format(left="£550", reference=paid_card_order.reference)
    ]
    assert 'value="Overcharged"' in response.text
    assert not Refund.objects.exists()

    missing = staff_client.post(refund_url(paid_card_order), {"amount": "10", "reason": ""})
    assert missing.status_code == 400
    assert missing.context["form"].errors["reason"] == [refunds.REASON_REQUIRED]


def test_an_invoice_order_has_no_refund_page(staff_client, buyer, place_order):
    order = place_order(buyer)

    assert refund_url(order) not in staff_client.get(reverse("orders_order_modeladmin_index")).text
    assert staff_client.get(refund_url(order)).status_code in (302, 403)
    assert not Refund.objects.exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_staff_refunding_at_once_never_refund_more_than_was_paid(
    monkeypatch, paid_card_order, staff_user
):
    colleague = VerifiedUserFactory(email="finance@stepping-stones.test", is_staff=True, is_superuser=True)
    both_lock_orders_together(monkeypatch)

    outcomes = at_once(
        *(
            partial(
                refunds.order_refund,
                order=paid_card_order,
                amount_pence=40_000,
                reason="Twice",
                refunded_by=by,
            )
            for by in (staff_user, colleague)
        )
    )

    assert kinds(outcomes) == ["done", "refused"], outcomes
    refused = next(message for kind, message in outcomes if kind == "refused")
    assert refused == refunds.MORE_THAN_LEFT.format(left="£150", reference=paid_card_order.reference)
    assert list(Refund.objects.values_list("amount_pence", flat=True)) == [40_000]
