"""VAT: each product has its own rate (0 % unless staff set one), worked out per line, shown on each line
and copied onto the order so a later change of rate leaves it as it was."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portal.orders import selectors
from portal.orders.services import basket as basket_services
from portal.orders.services import quotes
from tests.portal.orders.conftest import A_CLASS, A_PUPIL

pytestmark = pytest.mark.django_db


@pytest.fixture
def bronze_at_twenty_percent(catalogue):
    catalogue.bronze.vat_rate = Decimal(20)
    catalogue.bronze.save()
    return catalogue.bronze


def test_vat_is_worked_out_per_line_at_each_product_s_rate(
    catalogue, bronze_at_twenty_percent, buyer, basket_of
):
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    basket_services.basket_add_package(basket=basket, package=catalogue.bronze, focus=A_CLASS)
    basket_services.basket_add_package(basket=basket, package=catalogue.consultancy, focus=A_PUPIL, hours=3)

    quote = quotes.quote_basket(basket=basket, lines=selectors.basket_lines(basket=basket))

    rates = {line.description: (line.vat_rate, line.vat_pence) for line in quote.lines}
    assert rates[str(catalogue.offer)] == (Decimal(0), 0)
    assert rates["Bronze Package"] == (Decimal(20), 13_000)
    assert rates["Consultancy"] == (Decimal(0), 0)
    assert quote.vat_pence == 13_000
    assert quote.total_pence == 55_000 + 65_000 + 30_000 + 13_000


def test_vat_is_rounded_half_up_to_the_penny():
    assert quotes.vat_on(net_pence=1_001, rate=Decimal("17.5")) == 175  # 175.175
    assert quotes.vat_on(net_pence=1_010, rate=Decimal(5)) == 51  # 50.5


def test_the_order_keeps_the_rate_it_was_placed_at(bronze_at_twenty_percent, buyer, place_order):
    order = place_order(buyer, packages=[(bronze_at_twenty_percent, A_CLASS)])
    bronze_at_twenty_percent.vat_rate = Decimal(0)
    bronze_at_twenty_percent.save()

    order.refresh_from_db()
    line = order.lines.get(package=bronze_at_twenty_percent)
    assert (line.vat_rate, line.vat_pence) == (Decimal(20), 13_000)
    assert order.vat_pence == 13_000
    assert order.total_pence == 55_000 + 65_000 + 13_000


def test_the_basket_and_the_order_show_each_line_s_rate(
    bronze_at_twenty_percent, buyer, buyer_client, place_order, basket_of
):
    order = place_order(buyer, packages=[(bronze_at_twenty_percent, A_CLASS)])
    basket_services.basket_add_package(
        basket=basket_of(buyer), package=bronze_at_twenty_percent, focus=A_PUPIL
    )
    basket_page = buyer_client.get(reverse("orders:basket"))
    order_page = buyer_client.get(reverse("orders:order", args=[order.pk]))

    for page in (basket_page, order_page):
        assert "£130 VAT at 20%" in page.text
    assert "No VAT is charged" in order_page.text, "the Universal Offer's line"
    assert " 0%" not in order_page.text
    assert ">£0<" not in order_page.text


def test_the_buy_pages_say_the_vat_of_every_price_before_the_basket(
    bronze_at_twenty_percent, catalogue, buyer_client
):
    basket_page = buyer_client.get(reverse("orders:basket"))
    package_page = buyer_client.get(reverse("orders:add_package", args=[bronze_at_twenty_percent.slug]))
    silver_page = buyer_client.get(reverse("orders:add_package", args=[catalogue.silver.slug]))

    assert basket_page.text.count("Plus VAT at 20%") == 1
    # The Universal Offer, Silver, Top-Up, EHC and consultancy
    assert basket_page.text.count("No VAT is charged") == 5
    assert "£650 for 7 hours of specialist-teacher time. Plus VAT at 20%." in package_page.text
    assert "£1,000 for 12 hours of specialist-teacher time. No VAT is charged." in silver_page.text
