"""Paying by card through localstripe's stand-in Stripe.js: a card that pays, one that asks for 3-D
Secure, and one that is declined; axe on every page (but localstripe's own stand-in card fields, which
real Stripe replaces with its labelled frame)."""

import re

import pytest
from playwright.sync_api import expect

from portal.orders import stripe_gateway
from portal.orders.models import Order, OrderStatus
from portal.orders.services import basket as basket_services
from portal.orders.services import card_payments, checkout
from portal.orders.views import card
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import PASSWORD, VerifiedUserFactory
from services.factories import UniversalOfferFactory
from tests.e2e.conftest import assert_accessible, sign_in
from tests.portal.orders.test_stripe_gateway import DECLINED, SUCCEEDS

pytestmark = pytest.mark.django_db(transaction=True)

OUTSIDE_THE_CARD_FIELDS = {"exclude": [["#card-element"]]}


@pytest.fixture
def bursar(localstripe):
    UniversalOfferFactory(price_pence=55_000)
    school = SchoolFactory(name="Riverside Primary School", finance_email="finance@riverside-primary.test")
    user = VerifiedUserFactory(email="bursar@riverside-primary.test")
    return MembershipFactory(user=user, school=school, roles=[Role.FINANCE])


def signed_in(page, live_site, path):
    page.goto(live_site.url + path)
    sign_in(page, "bursar@riverside-primary.test", PASSWORD)


def type_card(page, number):
    fields = page.locator("#card-element input")
    for placeholder, value in [("number", number), ("exp_month", "12"), ("exp_year", "30"), ("cvc", "123")]:
        fields.and_(page.locator(f"[placeholder={placeholder}]")).fill(value)


def card_order(bursar):
    basket = basket_services.basket_open(school=bursar.school, user=bursar.user)
    basket_services.basket_add_universal_offer(basket=basket)
    return checkout.order_place_for_card_payment(basket=basket, placed_by=bursar.user)


def test_buying_the_offer_by_card(page, live_site, bursar):
    signed_in(page, live_site, "/portal/buy/")
    page.get_by_role("button", name="Add the Universal Support Offer to your basket").click()
    page.get_by_role("link", name="Continue to checkout").click()
    page.get_by_label("By card").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Pay by card")
    assert_accessible(page)
    page.get_by_role("button", name="Place order and pay £550").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Pay £550 by card")
    assert_accessible(page, context=OUTSIDE_THE_CARD_FIELDS)
    type_card(page, SUCCEEDS)
    page.get_by_role("button", name="Pay £550").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Order placed")
    assert_accessible(page)
    assert Order.objects.get().status == OrderStatus.PAID


def test_a_card_that_asks_for_3d_secure(page, live_site, bursar):
    order = card_order(bursar)
    signed_in(page, live_site, f"/portal/orders/{order.pk}/pay/")

    type_card(page, "4000002760003184")
    page.get_by_role("button", name="Pay £550").click()
    # The bank checks the card when it is saved and again for the payment.
    page.get_by_role("button", name="Complete authentication").click()
    page.get_by_role("button", name="Complete authentication").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Order placed")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def expect_told_by_the_card(page, message):
    """The reason is in the error summary, which has focus, and by the card field; the title says Error."""
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page.locator("#card-errors")).to_have_text(f"Error: {message}")
    expect(page).to_have_title(re.compile(r"^Error: Pay for order"))


def test_a_declined_card_is_told_by_the_card_and_another_card_pays(page, live_site, bursar):
    order = card_order(bursar)
    signed_in(page, live_site, f"/portal/orders/{order.pk}/pay/")
    page.evaluate("window.notReloaded = true")

    type_card(page, DECLINED)
    page.get_by_role("button", name="Pay £550").click()

    expect_told_by_the_card(page, card.DECLINED.format(reason="Your card was declined."))
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator("#card-element [placeholder=number]")).to_have_value(DECLINED)
    assert_accessible(page, context=OUTSIDE_THE_CARD_FIELDS)
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT

    page.locator(".error-summary").get_by_role("link").click()
    expect(page.locator("#card-element [placeholder=number]")).to_be_focused()
    type_card(page, SUCCEEDS)
    page.get_by_role("button", name="Pay £550").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Order placed")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_a_refused_charge_is_told_by_the_card_not_sent_to_a_missing_page(
    page, live_site, bursar, monkeypatch
):
    """Stripe cannot be reached just as the card is charged (the live server runs in this process)."""

    def stripe_out_of_reach(**kwargs):
        raise stripe_gateway.StripeUnreachable(stripe_gateway.UNREACHABLE)

    monkeypatch.setattr(card_payments.stripe_gateway, "card_charge", stripe_out_of_reach)
    order = card_order(bursar)
    pay_url = f"{live_site.url}/portal/orders/{order.pk}/pay/"
    signed_in(page, live_site, f"/portal/orders/{order.pk}/pay/")

    type_card(page, SUCCEEDS)
    page.get_by_role("button", name="Pay £550").click()

    expect_told_by_the_card(page, stripe_gateway.UNREACHABLE)
    assert page.url == pay_url
    assert_accessible(page, context=OUTSIDE_THE_CARD_FIELDS)

    monkeypatch.undo()
    page.get_by_role("button", name="Pay £550").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Order placed")


def test_an_order_left_unpaid_is_paid_later_from_the_orders_list(page, live_site, bursar):
    """The school closed the card page: the order waits in the list and on its page with a way to pay."""
    order = card_order(bursar)
    signed_in(page, live_site, "/portal/orders/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Orders and invoices")
    assert_accessible(page)
    page.get_by_role("link", name=f"Pay by card for order {order.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pay £550 by card")

    page.goto(f"{live_site.url}/portal/orders/{order.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Pay £550 by card").click()
    type_card(page, SUCCEEDS)
    page.get_by_role("button", name="Pay £550").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Order placed")
    page.goto(f"{live_site.url}/portal/orders/")
    expect(page.get_by_role("link", name=re.compile("Pay by card"))).to_have_count(0)
