"""The reconciliation report, against localstripe: Stripe's payments and refunds and the ledger agree after
the ways money moves here (a card payment, a staff refund, the automatic refund of a payment the order
did not need), and each difference planted on purpose is found, in the management command and on the
admin screen."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from common.financial_years import FinancialYear
from portal.orders import reconciliation, selectors, stripe_gateway
from portal.orders.models import (
    DEMO_PAYMENT_INTENT_PREFIX,
    CardPayment,
    CardPaymentStatus,
    OrderStatus,
    Refund,
    RefundStatus,
)
from portal.orders.reconciliation import DifferenceKind
from portal.orders.services import card_payments, refunds
from tests.portal.orders.test_orders_demo import load_everything
from tests.portal.orders.test_paying_by_card import pay
from tests.portal.orders.test_payment_ledger import bank_confirms, left_at_the_bank_s_check, stripe_client
from tests.portal.orders.test_stripe_gateway import SUCCEEDS
from tests.workflows import staff_with

pytestmark = pytest.mark.django_db

REPORT_URL = "orders_admin_reconciliation"


@pytest.fixture
def card_order(fresh_localstripe, card_order):
    """The buying tests' card order, with localstripe emptied first."""
    return card_order


@pytest.fixture
def paid_card_order(buyer_client, card_order):
    """Paid through the portal (so a test wanting staff signed in names `staff_client` after this)."""
    pay(buyer_client, card_order, SUCCEEDS)
    card_order.refresh_from_db()
    assert card_order.status == OrderStatus.PAID
    return card_order


def _today():
    return timezone.localdate()


def _differences():
    return reconciliation.differences(start=_today(), end=_today())


def test_no_differences_after_a_payment_a_staff_refund_and_an_automatic_refund(
    buyer_client, card_order, staff_user, django_capture_on_commit_callbacks
):
    # One tab waits at the bank's check while another pays; the bank's check then completes.
    first_tab = left_at_the_bank_s_check(buyer_client, card_order)
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not cancelled it yet
        pay(buyer_client, card_order, SUCCEEDS)
    bank_confirms(first_tab)
    waiting = CardPayment.objects.get(payment_intent_id=first_tab.split("_secret_")[0])
    with django_capture_on_commit_callbacks(execute=True):
        card_payments.card_payment_confirm(payment_intent_id=waiting.payment_intent_id)
        refunds.order_refund(order=card_order, amount_pence=5_000, reason="Part", refunded_by=staff_user)

    card_order.refresh_from_db()
    assert card_order.paid_by_reference not in ("", waiting.payment_intent_id)
    assert sorted(Refund.objects.values_list("origin", "status", "amount_pence")) == [
        ("automatic", RefundStatus.REFUNDED, 55_000),
        ("staff", RefundStatus.REFUNDED, 5_000),
    ]
    assert _differences() == []


def test_a_refund_made_at_stripe_without_telling_us_is_found(paid_card_order):
    made = stripe_client().v1.refunds.create(
        params={"payment_intent": paid_card_order.paid_by_reference, "amount": 1_000}
    )

    (difference,) = _differences()

    assert difference.kind == DifferenceKind.REFUND_MISSING
    assert difference.order_reference == paid_card_order.reference
    assert difference.message == reconciliation.REFUND_MISSING.format(
        amount="£10", payment=paid_card_order.paid_by_reference, refund=made.id
    )


def test_a_ledger_payment_whose_amount_was_altered_is_found(paid_card_order):
    CardPayment.objects.filter(payment_intent_id=paid_card_order.paid_by_reference).update(
        amount_pence=50_000
    )

    (difference,) = _differences()

    assert difference.kind == DifferenceKind.PAYMENT_AMOUNT_DIFFERS
    assert difference.message == reconciliation.PAYMENT_AMOUNT_DIFFERS.format(
        stripe_amount="£550",
        payment=paid_card_order.paid_by_reference,
        order=paid_card_order.reference,
        amount="£500",
    )


def test_a_payment_made_at_stripe_for_our_order_and_never_recorded_is_found(card_order):
    client = stripe_client()
    card = {"number": SUCCEEDS, "exp_month": 12, "exp_year": 2030, "cvc": "123"}
    payment_method = client.v1.payment_methods.create(params={"type": "card", "card": card})
    made = client.v1.payment_intents.create(
        params={
            "amount": 55_000,
            "currency": "gbp",
            "payment_method": payment_method.id,
            "confirm": True,
            "metadata": {"order": card_order.reference},
        }
    )

    (difference,) = _differences()

    assert difference.kind == DifferenceKind.PAYMENT_MISSING
    assert (difference.payment_intent_id, difference.order_reference) == (made.id, card_order.reference)
    assert "Stripe took £550 on " in difference.message
    assert f"(payment {made.id}, for order {card_order.reference}), but the ledger has no such payment." in (
        difference.message
    )


def test_a_ledger_payment_stripe_never_took_is_found(card_order, buyer):
    CardPayment.objects.create(
        order=card_order,
        started_by=buyer.user,
        stripe_customer_id="cus_none",
        setup_intent_id="seti_none",
        payment_intent_id="pi_never_at_stripe",
        amount_pence=55_000,
        status=CardPaymentStatus.SUCCEEDED,
    )

    (difference,) = _differences()

    assert difference.kind == DifferenceKind.PAYMENT_NOT_AT_STRIPE
    assert difference.message == reconciliation.PAYMENT_NOT_AT_STRIPE.format(
        payment="pi_never_at_stripe", amount="£550", order=card_order.reference
    )


def test_a_refund_the_ledger_says_stripe_made_but_stripe_never_did_is_found(paid_card_order, staff_user):
    payment = selectors.paying_card_payment_of(order=paid_card_order)
    Refund.objects.create(
        order=paid_card_order,
        card_payment=payment,
        amount_pence=2_000,
        status=RefundStatus.REFUNDED,
        stripe_refund_id="re_never_at_stripe",
        reason="Typed in by hand",
        refunded_by=staff_user,
    )

    (difference,) = _differences()

    assert difference.kind == DifferenceKind.REFUND_NOT_AT_STRIPE
    assert difference.message == reconciliation.REFUND_NOT_AT_STRIPE.format(
        refund="re_never_at_stripe", amount="£20", payment=payment.payment_intent_id
    )


def test_a_refund_waiting_for_stripe_too_long_is_found_and_one_just_made_is_not(paid_card_order, staff_user):
    payment = selectors.paying_card_payment_of(order=paid_card_order)
    now = timezone.now()
    for reason, waited in [
        ("Just made", datetime.timedelta(seconds=5)),
        ("Stripe could not be reached", selectors.REFUND_WAIT_BEFORE_SHOWN + datetime.timedelta(minutes=1)),
    ]:
        Refund.objects.create(
            order=paid_card_order,
            card_payment=payment,
            amount_pence=1_000,
            reason=reason,
            refunded_by=staff_user,
            refunded_at=now - waited,
        )

    (difference,) = _differences()

    assert difference.kind == DifferenceKind.REFUND_WAITING
    assert "has waited for Stripe since" in difference.message


def test_a_payment_that_did_not_pay_its_order_and_was_not_refunded_is_found(
    buyer_client, card_order, monkeypatch
):
    # Stripe took the money but the site never applied it to the order (nor refunded it).
    monkeypatch.setattr(card_payments, "_apply", lambda payment, charge: None)
    pay(buyer_client, card_order, SUCCEEDS)
    payment = CardPayment.objects.get()

    (difference,) = _differences()

    assert difference.kind == DifferenceKind.MONEY_KEPT
    assert difference.message == reconciliation.MONEY_KEPT.format(
        payment=payment.payment_intent_id, amount="£550", order=card_order.reference, refunded="£0"
    )


def test_differences_outside_the_days_asked_for_are_not_listed(paid_card_order):
    CardPayment.objects.filter(payment_intent_id=paid_card_order.paid_by_reference).update(amount_pence=1)
    yesterday = _today() - datetime.timedelta(days=1)

    assert reconciliation.differences(start=yesterday - datetime.timedelta(days=7), end=yesterday) == []
    assert len(reconciliation.differences(start=yesterday, end=_today())) == 1


@pytest.fixture
def stripe_unreachable(settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.STRIPE_SECRET_KEY = "sk_test_unreachable"


def test_stripe_out_of_reach_is_a_message_for_staff(stripe_unreachable):
    with pytest.raises(stripe_gateway.StripeUnreachable) as unreachable:
        _differences()

    assert unreachable.value.message == reconciliation.STRIPE_UNREACHABLE


# --- The demo ---------------------------------------------------------------------------------------------


def test_the_demo_content_against_a_fresh_localstripe_has_no_differences(
    settings, home_page, fresh_localstripe
):
    settings.DEBUG = True
    load_everything()
    demo_payment = CardPayment.objects.get()
    year = FinancialYear.current()

    assert reconciliation.differences(start=year.first_day, end=_today()) == []
    # Left out, and said so: the demo never made its payment at Stripe.
    assert demo_payment.payment_intent_id.startswith(DEMO_PAYMENT_INTENT_PREFIX)
    assert reconciliation.demo_payments_left_out(start=year.first_day, end=_today()) == 1
    assert call_command("reconcile_stripe") is None


# --- The management command -------------------------------------------------------------------------------


def test_the_command_says_no_differences_for_the_financial_year_to_date(paid_card_order, capsys):
    call_command("reconcile_stripe")

    first_day = FinancialYear.current().first_day
    assert capsys.readouterr().out == (
        f"No differences between Stripe and the ledger from {first_day.isoformat()} "
        f"to {_today().isoformat()}.\n"
    )


def test_the_command_prints_each_difference_and_exits_1(paid_card_order, capsys):
    CardPayment.objects.filter(payment_intent_id=paid_card_order.paid_by_reference).update(amount_pence=1)
    today = _today().isoformat()

    with pytest.raises(CommandError) as failed:
        call_command("reconcile_stripe", "--from", today, "--to", today)

    assert failed.value.returncode == 1
    assert str(failed.value) == f"1 difference(s) between Stripe and the ledger from {today} to {today}."
    assert capsys.readouterr().out.startswith("Payment amounts differ: Stripe took £550 by payment ")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2026-13-01"], "2026-13-01 is not a date"),
        (["--from", "2026-05-02", "--to", "2026-05-01"], reconciliation.RANGE_BACKWARDS),
    ],
    ids=["not-a-date", "backwards"],
)
def test_the_command_refuses_bad_dates(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("reconcile_stripe", *arguments)


def test_the_command_exits_2_when_stripe_is_out_of_reach(stripe_unreachable):
    with pytest.raises(CommandError, match="Stripe could not be reached") as failed:
        call_command("reconcile_stripe")

    assert failed.value.returncode == 2


# --- The admin screen -------------------------------------------------------------------------------------


def test_the_screen_offers_the_financial_year_to_date_under_reports(staff_client):
    page = staff_client.get(reverse(REPORT_URL))
    home = staff_client.get(reverse("wagtailadmin_home"))

    assert page.status_code == 200
    assert f'value="{FinancialYear.current().first_day.isoformat()}"' in page.text
    assert f'value="{_today().isoformat()}"' in page.text
    assert reverse(REPORT_URL) in home.text
    assert "Stripe reconciliation" in home.text


def _compare(client, start, end):
    return client.post(reverse(REPORT_URL), {"start": start, "end": end})


def test_the_screen_lists_no_differences(paid_card_order, staff_client):
    response = _compare(staff_client, _today().isoformat(), _today().isoformat())

    assert response.status_code == 200
    assert "No differences: Stripe and the ledger agree." in response.text


def test_the_screen_lists_each_difference_in_a_table(paid_card_order, staff_client):
    CardPayment.objects.filter(payment_intent_id=paid_card_order.paid_by_reference).update(amount_pence=1)

    response = _compare(staff_client, _today().isoformat(), _today().isoformat())

    assert response.status_code == 200
    assert "1 difference between Stripe and the ledger." in response.text
    assert '<th scope="row">Payment amounts differ</th>' in response.text
    assert paid_card_order.reference in response.text
    assert "<caption" in response.text


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-05-02", "2026-05-01", reconciliation.RANGE_BACKWARDS),
        ("not a date", "2026-05-01", "Enter a real date, like 14 October 2026."),
        ("", "", "Enter a real date, like 14 October 2026."),
    ],
    ids=["backwards", "not-a-date", "missing"],
)
def test_the_screen_refuses_bad_dates_beside_the_field(staff_client, start, end, message):
    response = _compare(staff_client, start, end)

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert response.context["form"].errors
    assert response.text.count(message.replace('"', "&quot;")) >= 2  # in the summary and beside the field


def test_the_screen_says_when_stripe_is_out_of_reach(staff_client, stripe_unreachable):
    response = _compare(staff_client, _today().isoformat(), _today().isoformat())

    assert response.status_code == 503
    assert reconciliation.STRIPE_UNREACHABLE in response.text


def test_staff_who_may_view_orders_may_run_it(client, fresh_localstripe, settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(staff_with("orders.view_order"))

    assert client.get(reverse(REPORT_URL)).status_code == 200
    assert _compare(client, _today().isoformat(), _today().isoformat()).status_code == 200


def test_staff_without_the_permission_are_refused(client, fresh_localstripe, settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(staff_with("orders.view_refund"))

    refused = [client.get(reverse(REPORT_URL)), _compare(client, _today().isoformat(), _today().isoformat())]

    # Wagtail's admin answers a refusal by sending them to the dashboard with a message.
    assert [(response.status_code, response.url) for response in refused] == [(302, "/admin/")] * 2
    assert reverse(REPORT_URL) not in client.get(reverse("wagtailadmin_home")).text
