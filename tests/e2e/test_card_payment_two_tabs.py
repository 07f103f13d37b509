"""Paying one order in two tabs: a school leaves one tab at the bank's 3-D Secure window for the payment,
pays in another, then confirms the first. Either the bank's confirmation reaches Stripe before the site
cancels that attempt (the school sees one payment and one automatic refund), or the cancellation does (the
school is told the order was already paid, and nothing is charged twice). Either way the reconciliation
report finds Stripe and the ledger agree."""

import time

import pytest
from django.tasks.backends.dummy import DummyBackend
from django.utils import timezone
from playwright.sync_api import expect

from common.money import format_pence
from portal.orders import reconciliation, stripe_gateway
from portal.orders.models import CardPaymentStatus, Refund, RefundOrigin, RefundStatus
from portal.orders.views import card
from tests.e2e import test_buying_by_card as buying_by_card
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_buying_by_card import card_order, signed_in, type_card
from tests.portal.orders.test_stripe_gateway import NEEDS_3D_SECURE, SUCCEEDS

pytestmark = pytest.mark.django_db(transaction=True)

MINUS = "\N{MINUS SIGN}"  # as the payments table writes a refund
# The fixture of the school's member with the finance role (and this year's offer), used here too.
bursar = buying_by_card.bursar


class HeldTasks(DummyBackend):
    """A task worker that has not got round to the queue yet: what the site enqueues (from the live
    server's thread too) waits here until the test runs it."""

    waiting = []  # shared by every thread's instance

    def __init__(self, alias, params):
        super().__init__(alias, params)
        self.results = self.waiting


@pytest.fixture
def held_tasks(settings):
    HeldTasks.waiting.clear()
    settings.TASKS = {"default": {"BACKEND": f"{__name__}.HeldTasks"}}
    yield
    HeldTasks.waiting.clear()


def run_held_tasks():
    """The worker catches up: run what was queued, in order (a task may queue more)."""
    while HeldTasks.waiting:
        result = HeldTasks.waiting.pop(0)
        result.task.call(*result.args, **result.kwargs)


@pytest.fixture
def school_tab(browser, browser_context_args, live_site, bursar, fresh_localstripe):
    """A browser of the school's, signed in; its tabs share the sign-in."""
    context = browser.new_context(**browser_context_args)
    tab = context.new_page()
    signed_in(tab, live_site, "/portal/")
    yield tab
    context.close()


def leave_at_the_bank_s_window(tab, url):
    """Pay with a card whose bank checks it, complete the card's own check, and stop at the window of the
    bank's check of the payment."""
    tab.goto(url)
    type_card(tab, NEEDS_3D_SECURE)
    tab.get_by_role("button", name="Pay £550").click()
    with tab.expect_response("**/pay/charge/") as charged:
        tab.get_by_role("button", name="Complete authentication").click()
    assert charged.value.json()["status"] == CardPaymentStatus.NEEDS_AUTHENTICATION
    expect(tab.get_by_role("button", name="Complete authentication")).to_be_visible()


def pay_in_another_tab(tab, url):
    other = tab.context.new_page()
    other.goto(url)
    type_card(other, SUCCEEDS)
    other.get_by_role("button", name="Pay £550").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Order placed")
    return other


def payment_rows(tab):
    table = tab.get_by_role("table", name="Card payments and refunds")
    return [" ".join(row.split()) for row in table.locator("tbody tr").all_inner_texts()]


def charges_at_stripe():
    return stripe_gateway.succeeded_payments_since(since=int(time.time()) - 3600)


def test_the_bank_s_confirmation_wins_one_payment_and_one_automatic_refund(
    school_tab,
    live_site,
    bursar,
    held_tasks,
    signed_in_staff,
):
    """The race this stands for: the school completes the bank's check in the tab left open within
    moments of paying in the other, before the task worker has cancelled that tab's payment at Stripe
    (the worker is busy, or Stripe did not answer it). The tasks are held until then, then run."""
    order = card_order(bursar)
    pay_url = f"{live_site.url}/portal/orders/{order.pk}/pay/"
    leave_at_the_bank_s_window(school_tab, pay_url)
    pay_in_another_tab(school_tab, pay_url)

    school_tab.get_by_role("button", name="Complete authentication").click()

    expect(school_tab.get_by_role("heading", level=1)).to_have_text(f"Order {order.reference}")
    expect(
        school_tab.get_by_text(card.NOT_NEEDED_REFUNDED.format(amount=format_pence(55_000)))
    ).to_be_visible()
    run_held_tasks()
    school_tab.reload()
    order.refresh_from_db()
    paid_by = order.card_payments.get(payment_intent_id=order.paid_by_reference)
    other = order.card_payments.exclude(pk=paid_by.pk).get()
    *card_payment_rows, refund_row = payment_rows(school_tab)
    assert sorted(card_payment_rows) == sorted(
        f"{timezone.localtime(payment.started_at):%-d %B %Y, %H:%M} "
        f"Card payment {payment.payment_intent_id} £550 Succeeded"
        for payment in (paid_by, other)
    )
    assert "Refund, automatic: the order did not need the payment" in refund_row
    assert refund_row.endswith(f"{MINUS}£550 Refunded")
    (refund,) = Refund.objects.all()
    assert (refund.card_payment, refund.origin, refund.status) == (
        other,
        RefundOrigin.AUTOMATIC,
        RefundStatus.REFUNDED,
    )
    assert_accessible(school_tab)

    staff = signed_in_staff
    staff.goto(live_site.url + "/admin/orders/reconciliation/")
    staff.get_by_role("button", name="Compare").click()
    expect(staff.get_by_text("No differences: Stripe and the ledger agree.")).to_be_visible()
    assert_accessible(staff)


def test_the_cancellation_wins_the_first_tab_is_told_and_nothing_is_charged_twice(
    school_tab, live_site, bursar
):
    """The race the other way: the task worker cancels the waiting tab's payment at Stripe as soon as the
    other tab has paid (tasks run at once here), before the school completes the bank's check."""
    order = card_order(bursar)
    pay_url = f"{live_site.url}/portal/orders/{order.pk}/pay/"
    leave_at_the_bank_s_window(school_tab, pay_url)
    pay_in_another_tab(school_tab, pay_url)

    school_tab.get_by_role("button", name="Complete authentication").click()

    expect(school_tab.get_by_role("heading", level=1)).to_have_text(f"Order {order.reference}")
    order.refresh_from_db()
    expect(
        school_tab.get_by_text(card.ALREADY_PAID_NOT_CHARGED.format(reference=order.reference))
    ).to_be_visible()
    assert_accessible(school_tab)
    (row,) = payment_rows(school_tab)
    assert f"Card payment {order.paid_by_reference} £550 Succeeded" in row
    assert sorted(order.card_payments.values_list("status", flat=True)) == [
        CardPaymentStatus.CANCELLED,
        CardPaymentStatus.SUCCEEDED,
    ]
    assert [charge.amount_pence for charge in charges_at_stripe()] == [55_000]
    assert not Refund.objects.exists()
    today = timezone.localdate()
    assert reconciliation.differences(start=today, end=today) == []
