"""Refunds are recorded before Stripe is asked, against localstripe: Stripe out of reach leaves the refund
waiting (shown to staff, sent again by the hourly housekeeping), a lost answer is found again at Stripe by
the refund's key instead of refunding twice, and one Stripe refuses is settled another way by staff."""

from functools import partial

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.orders import selectors, stripe_gateway, tasks
from portal.orders.models import Refund, RefundStatus
from portal.orders.services import card_payments, refunds
from tests.portal.orders.conftest import at_once, both_lock_orders_together, kinds, postgresql_only
from tests.portal.orders.test_paying_by_card import pay
from tests.portal.orders.test_payment_ledger import bank_confirms, left_at_the_bank_s_check, stripe_client
from tests.portal.orders.test_stripe_gateway import SUCCEEDS
from tests.portal.orders.test_stripe_webhook_events import UNREACHABLE
from tests.workflows import staff_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(buyer_client, card_order):
    pay(buyer_client, card_order, SUCCEEDS)
    card_order.refresh_from_db()
    return card_order


def stripe_refunds_of(order):
    return stripe_client().v1.refunds.list(params={"payment_intent": order.paid_by_reference}).data


def an_hour_later(refund):
    Refund.objects.filter(pk=refund.pk).update(
        refunded_at=timezone.now() - selectors.REFUND_WAIT_BEFORE_SHOWN
    )


def test_a_refund_while_stripe_cannot_be_reached_waits_and_is_sent_again_once(
    settings, paid, staff_user, staff_client
):
    reachable = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = UNREACHABLE

    refund = refunds.order_refund(
        order=paid, amount_pence=10_000, reason="Overcharged", refunded_by=staff_user
    )

    assert (refund.status, refund.stripe_refund_id) == (RefundStatus.REQUESTED, None)
    an_hour_later(refund)
    dashboard = staff_client.get(reverse("wagtailadmin_home"))
    assert "Refunds needing attention" in dashboard.text
    assert reverse("orders_refund_modeladmin_send_again", args=[refund.pk]) in dashboard.text

    settings.STRIPE_API_BASE = reachable
    tasks.settle_card_payments.call()
    tasks.settle_card_payments.call()

    refund.refresh_from_db()
    assert refund.status == RefundStatus.REFUNDED
    assert [made.id for made in stripe_refunds_of(paid)] == [refund.stripe_refund_id]


def test_a_refund_whose_answer_was_lost_is_found_at_stripe_not_made_again(monkeypatch, paid, staff_user):
    with monkeypatch.context() as patched:
        # Stripe makes the refund, but its answer never reaches us (the connection drops).
        made_at_stripe = stripe_gateway.refund_create

        def answer_lost(**kwargs):
            made_at_stripe(**kwargs)
            raise stripe_gateway.StripeUnreachable(stripe_gateway.REFUND_UNREACHABLE)

        patched.setattr(stripe_gateway, "refund_create", answer_lost)
        refund = refunds.order_refund(
            order=paid, amount_pence=55_000, reason="Closed", refunded_by=staff_user
        )
    assert refund.status == RefundStatus.REQUESTED

    refund = refunds.refund_submit(refund=refund)

    assert refund.status == RefundStatus.REFUNDED
    assert [made.id for made in stripe_refunds_of(paid)] == [refund.stripe_refund_id]


def test_a_waiting_refund_counts_against_what_is_left(settings, paid, staff_user):
    settings.STRIPE_API_BASE = UNREACHABLE
    refunds.order_refund(order=paid, amount_pence=50_000, reason="Most", refunded_by=staff_user)

    with pytest.raises(refunds.DomainError, match="no more than £50"):
        refunds.order_refund_request(order=paid, amount_pence=5_001, reason="More", refunded_by=staff_user)


def test_a_refund_stripe_refuses_is_failed_and_staff_record_how_it_was_paid_back(
    monkeypatch, paid, staff_user, staff_client, logged_changes
):
    monkeypatch.setattr(
        stripe_gateway,
        "refund_create",
        lambda **kwargs: stripe_gateway.StripeRefund(
            refund_id="re_failed",
            payment_intent_id=paid.paid_by_reference,
            amount_pence=100,
            status="failed",
            ledger_key=kwargs["ledger_key"],
            failure_reason="expired_or_canceled_card",
        ),
    )
    refund = refunds.order_refund(order=paid, amount_pence=100, reason="Goodwill", refunded_by=staff_user)
    assert (refund.status, refund.failure_message) == (RefundStatus.FAILED, "expired_or_canceled_card")
    url = reverse("orders_refund_modeladmin_settle_elsewhere", args=[refund.pk])
    assert url in staff_client.get(reverse("wagtailadmin_home")).text

    missing = staff_client.post(url, {"why": "  "})
    settled = staff_client.post(url, {"why": "Bank transfer 12 Dec, ref SS-100"})

    assert missing.status_code == 400
    assert missing.context["form"].errors["why"]
    assert settled.status_code == 302
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SETTLED_ELSEWHERE
    assert logged_changes(refund)[-1][2]["why"] == "Bank transfer 12 Dec, ref SS-100"
    assert "No refund is waiting" in staff_client.get(reverse("wagtailadmin_home")).text


def test_staff_send_a_waiting_refund_again_from_the_admin(settings, paid, staff_user, staff_client):
    reachable = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = UNREACHABLE
    refund = refunds.order_refund(order=paid, amount_pence=2_000, reason="Part", refunded_by=staff_user)
    settings.STRIPE_API_BASE = reachable
    url = reverse("orders_refund_modeladmin_send_again", args=[refund.pk])

    assert staff_client.get(reverse("orders_refund_modeladmin_index")).status_code == 200
    assert staff_client.post(url, {}).status_code == 302

    refund.refresh_from_db()
    assert refund.status == RefundStatus.REFUNDED
    assert staff_client.get(url).status_code == 302  # nothing more to send


def test_staff_without_the_right_cannot_send_a_refund_again(client, settings, paid, staff_user):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    settings.STRIPE_API_BASE = UNREACHABLE
    refund = refunds.order_refund(order=paid, amount_pence=2_000, reason="Part", refunded_by=staff_user)
    client.force_login(staff_with("orders.view_refund"))

    response = client.post(reverse("orders_refund_modeladmin_send_again", args=[refund.pk]), {})

    assert response.status_code == 302
    refund.refresh_from_db()
    assert refund.status == RefundStatus.REQUESTED


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_refund_racing_a_payment_the_order_did_not_need_refunds_each_once(
    monkeypatch, buyer_client, card_order, staff_user
):
    first_tab = left_at_the_bank_s_check(buyer_client, card_order)
    bank_confirms(first_tab)
    pay(buyer_client, card_order, SUCCEEDS)
    card_order.refresh_from_db()
    not_needed = card_order.card_payments.exclude(payment_intent_id=card_order.paid_by_reference).get()
    both_lock_orders_together(monkeypatch)
    outcomes = at_once(
        partial(
            refunds.order_refund, order=card_order, amount_pence=55_000, reason="All", refunded_by=staff_user
        ),
        partial(card_payments.card_payment_confirm, payment_intent_id=not_needed.payment_intent_id),
    )
    monkeypatch.undo()
    for refund in Refund.objects.filter(status=RefundStatus.REQUESTED):
        refunds.refund_submit(refund=refund)

    assert kinds(outcomes) == ["done", "done"], outcomes
    by_payment = {
        refund.card_payment.payment_intent_id: refund.amount_pence for refund in Refund.objects.all()
    }
    assert by_payment == {card_order.paid_by_reference: 55_000, not_needed.payment_intent_id: 55_000}
    assert {refund.status for refund in Refund.objects.all()} == {RefundStatus.REFUNDED}
    assert len(stripe_refunds_of(card_order)) == 1
