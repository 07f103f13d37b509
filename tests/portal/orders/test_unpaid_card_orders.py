"""Card orders that are never paid do not pile up: the school can cancel its own, and the hourly
housekeeping cancels those unpaid after the days staff set (once Stripe has been asked about them), which
frees the Universal Offer they held."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.orders import selectors, tasks
from portal.orders.models import CardPayment, Order, OrderStatus
from portal.orders.services import card_payments
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from tests.portal.orders.test_paying_by_card import pay
from tests.portal.orders.test_stripe_gateway import SUCCEEDS
from tests.portal.orders.test_stripe_webhook_events import UNREACHABLE

pytestmark = pytest.mark.django_db


def placed_days_ago(order, days):
    Order.objects.filter(pk=order.pk).update(placed_at=timezone.now() - datetime.timedelta(days=days))


def cancel_url(order):
    return reverse("orders:cancel_unpaid", args=[order.pk])


def test_the_school_cancels_its_own_unpaid_card_order(buyer_client, buyer, card_order, logged_changes):
    page = buyer_client.get(reverse("orders:order", args=[card_order.pk]))
    assert cancel_url(card_order) in page.text

    response = buyer_client.post(cancel_url(card_order), follow=True)

    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.CANCELLED
    assert f"Order {card_order.reference} is cancelled" in response.text
    action, who, data = logged_changes(card_order)[-1]
    assert (action, who) == ("orders.order_cancel_unpaid", buyer.user)
    assert data["why"] == "Cancelled by the school before paying."
    assert cancel_url(card_order) not in response.text


def test_a_paid_order_cannot_be_cancelled_by_the_school(buyer_client, card_order):
    pay(buyer_client, card_order, SUCCEEDS)

    response = buyer_client.post(cancel_url(card_order), follow=True)

    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.PAID
    assert "only an order waiting for its card payment can be cancelled" in response.text


def test_another_school_s_order_gives_404_and_a_member_without_finance_is_refused(client, card_order, school):
    other = MembershipFactory(school=SchoolFactory(name="School B"), roles=[Role.FINANCE])
    client.force_login(other.user)
    assert client.post(cancel_url(card_order)).status_code == 404

    member = MembershipFactory(school=school, roles=[Role.MEMBER])
    client.force_login(member.user)
    assert client.post(cancel_url(card_order)).status_code == 403

    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.AWAITING_PAYMENT


def test_an_unpaid_card_order_expires_after_the_days_staff_set_and_the_buyer_is_told(
    card_order, django_capture_on_commit_callbacks
):
    days = selectors.buying_settings().unpaid_card_orders_expire_after_days
    placed_days_ago(card_order, days - 1)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.settle_card_payments.call()
    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.AWAITING_PAYMENT

    placed_days_ago(card_order, days + 1)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.settle_card_payments.call()

    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.CANCELLED
    (email,) = [message for message in mail.outbox if "is cancelled" in message.subject]
    assert email.to == ["bursar@riverside.test"]
    assert "Nothing has been charged" in email.body


def test_an_order_whose_payment_confirmation_was_lost_is_paid_not_expired(
    buyer_client, card_order, monkeypatch
):
    with monkeypatch.context() as patched:
        patched.setattr(card_payments, "_apply", lambda payment, charge: None)
        pay(buyer_client, card_order, SUCCEEDS)
    placed_days_ago(card_order, 30)

    tasks.settle_card_payments.call()

    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.PAID
    assert card_order.paid_by_reference == CardPayment.objects.get().payment_intent_id


def test_while_stripe_cannot_be_reached_nothing_expires(settings, buyer_client, card_order, monkeypatch):
    with monkeypatch.context() as patched:
        patched.setattr(card_payments, "_apply", lambda payment, charge: None)
        pay(buyer_client, card_order, SUCCEEDS)
    placed_days_ago(card_order, 30)
    settings.STRIPE_API_BASE = UNREACHABLE

    result = tasks.settle_card_payments.call()

    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.AWAITING_PAYMENT
    assert "Stripe unreachable" in result


def test_the_command_queues_the_housekeeping(card_order, capsys):
    placed_days_ago(card_order, 30)

    call_command("settle_card_payments")

    assert "Queued the card payments' housekeeping" in capsys.readouterr().out
    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.CANCELLED  # the test settings run tasks at once
