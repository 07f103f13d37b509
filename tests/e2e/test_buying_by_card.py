"""Paying by card through localstripe's stand-in Stripe.js: a card that pays, one that asks for 3-D
Secure, and one that is declined; axe on every page (but localstripe's own stand-in card fields, which
real Stripe replaces with its labelled frame)."""

import pytest
from playwright.sync_api import expect

from portal.orders.models import Order, OrderStatus
from portal.orders.services import basket as basket_services
from portal.orders.services import checkout
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import PASSWORD, VerifiedUserFactory
from services.factories import UniversalOfferFactory
from tests.e2e.conftest import assert_accessible, sign_in

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
    type_card(page, "4242424242424242")
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


def test_a_declined_card(page, live_site, bursar):
    order = card_order(bursar)
    signed_in(page, live_site, f"/portal/orders/{order.pk}/pay/")

    type_card(page, "4000000000000341")
    page.get_by_role("button", name="Pay £550").click()

    expect(page.get_by_role("alert").first).to_contain_text("Your card was declined.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pay £550 by card")
    assert_accessible(page, context=OUTSIDE_THE_CARD_FIELDS)
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT
