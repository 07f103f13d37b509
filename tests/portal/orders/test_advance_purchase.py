"""From a date staff set (1 March unless they change it), schools can buy next financial year's Universal
Offer and packages in advance, at next year's prices."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from common.errors import DomainError
from common.financial_years import FinancialYear
from portal.orders import selectors
from portal.orders.models import BuyingSettings
from portal.orders.services import basket as basket_services
from portal.orders.services import checkout, rules
from services.models import SupportPackagePriceChange
from tests.portal.orders.conftest import A_CLASS, invoice_details

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
THIS_YEAR, NEXT_YEAR = FinancialYear(2026), FinancialYear(2027)


def move_to(time_machine, day):
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(10), tzinfo=LONDON), tick=False)


@pytest.fixture(autouse=True)
def late_february_2027(time_machine):
    """Autouse, so it runs before the catalogue is made: the catalogue prices 2026-27 and 2027-28."""
    move_to(time_machine, datetime.date(2027, 2, 20))


def test_before_1_march_only_this_year_is_on_sale(catalogue, buyer, basket_of):
    assert selectors.years_on_sale(today=datetime.date(2027, 2, 28)) == [THIS_YEAR]
    with pytest.raises(DomainError) as error:
        basket_services.basket_choose_year(basket=basket_of(buyer), year=NEXT_YEAR)

    assert error.value.message == rules.YEAR_NOT_ON_SALE.format(years="2026-27")
    assert error.value.field == "year"


def test_from_1_march_next_year_is_on_sale_too(catalogue):
    assert selectors.years_on_sale(today=datetime.date(2027, 3, 1)) == [THIS_YEAR, NEXT_YEAR]
    assert selectors.years_on_sale(today=datetime.date(2027, 4, 1)) == [NEXT_YEAR]


def buy_next_year_s_offer_and_bronze(time_machine, catalogue, buyer, basket_of):
    """On 1 March 2027, when advance purchase opens, `buyer` orders 2027-28's offer and a Bronze package."""
    move_to(time_machine, datetime.date(2027, 3, 1))
    basket = basket_services.basket_choose_year(basket=basket_of(buyer), year=NEXT_YEAR)
    basket_services.basket_add_universal_offer(basket=basket)
    basket_services.basket_add_package(basket=basket, package=catalogue.bronze, focus=A_CLASS)
    return checkout.order_place_by_invoice(
        basket=basket, placed_by=buyer.user, invoice_details=invoice_details()
    )


def test_next_year_s_offer_is_bought_at_next_year_s_price(time_machine, catalogue, buyer, basket_of):
    order = buy_next_year_s_offer_and_bronze(time_machine, catalogue, buyer, basket_of)

    assert order.financial_year == NEXT_YEAR
    assert order.lines.first().universal_offer == catalogue.next_offer
    assert order.total_pence == 57_500 + 65_000
    assert selectors.holds_universal_offer(school=buyer.school, on_date=datetime.date(2027, 4, 1))
    assert not selectors.holds_universal_offer(school=buyer.school, on_date=datetime.date(2027, 3, 1))


def test_a_package_bought_for_next_year_costs_next_year_s_price(time_machine, catalogue, buyer, basket_of):
    SupportPackagePriceChange.objects.create(package=catalogue.bronze, from_year=2027, price_pence=70_000)
    SupportPackagePriceChange.objects.create(package=catalogue.bronze, from_year=2028, price_pence=75_000)
    order = buy_next_year_s_offer_and_bronze(time_machine, catalogue, buyer, basket_of)

    prices = {
        year: selectors.package_on_sale(slug="bronze-package", year=year).year_price_pence
        for year in (THIS_YEAR, NEXT_YEAR, FinancialYear(2028), FinancialYear(2030))
    }
    assert prices == {
        THIS_YEAR: 65_000,
        NEXT_YEAR: 70_000,
        FinancialYear(2028): 75_000,
        FinancialYear(2030): 75_000,
    }
    bronze_line = order.lines.get(package=catalogue.bronze)
    assert bronze_line.unit_price_pence == 70_000, "2027-28's price, not 2028-29's"
    assert order.total_pence == 57_500 + 70_000


def test_the_buy_page_shows_the_chosen_year_s_package_prices(time_machine, catalogue, buyer_client, buyer):
    SupportPackagePriceChange.objects.create(package=catalogue.bronze, from_year=2027, price_pence=70_000)
    move_to(time_machine, datetime.date(2027, 3, 1))
    buyer_client.force_login(buyer.user)

    this_year = buyer_client.get(reverse("orders:basket"))
    next_year = buyer_client.post(reverse("orders:choose_year"), {"year": "2027"}, follow=True)
    package_page = buyer_client.get(reverse("orders:add_package", args=["bronze-package"]))

    assert "£650" in this_year.text
    assert "£700" not in this_year.text
    assert "£700" in next_year.text
    assert "£700 for 7 hours" in package_page.text


def test_this_year_s_offer_does_not_cover_next_year_s_packages(
    time_machine, catalogue, buyer, place_order, basket_of
):
    place_order(buyer)
    move_to(time_machine, datetime.date(2027, 3, 2))
    basket = basket_services.basket_choose_year(basket=basket_of(buyer), year=NEXT_YEAR)

    with pytest.raises(DomainError, match="Universal Support Offer for 2027-28"):
        basket_services.basket_add_package(basket=basket, package=catalogue.bronze, focus=A_CLASS)


def test_staff_set_the_opening_date(time_machine, home_page, catalogue):
    settings = selectors.buying_settings()
    settings.advance_purchase_opens_day, settings.advance_purchase_opens_month = 15, 2
    settings.save()

    assert selectors.advance_purchase_opens_on(year=THIS_YEAR) == datetime.date(2027, 2, 15)
    assert selectors.years_on_sale(today=datetime.date(2027, 2, 15)) == [THIS_YEAR, NEXT_YEAR]
    assert selectors.years_on_sale(today=datetime.date(2027, 2, 14)) == [THIS_YEAR]


def test_an_opening_date_must_exist_every_year(home_page):
    settings = BuyingSettings(
        site=home_page.get_site(), advance_purchase_opens_day=29, advance_purchase_opens_month=2
    )

    with pytest.raises(ValidationError, match="a day that exists in that month every year"):
        settings.full_clean()


def test_a_basket_left_for_a_year_that_has_ended_moves_to_the_current_year(
    time_machine, catalogue, buyer, basket_of
):
    basket_of(buyer)  # made in 2026-27
    move_to(time_machine, datetime.date(2027, 4, 2))

    assert basket_of(buyer).financial_year == NEXT_YEAR


def test_a_basket_for_next_year_is_checked_out_only_while_it_is_on_sale(
    time_machine, catalogue, buyer, basket_of
):
    move_to(time_machine, datetime.date(2027, 3, 1))
    basket = basket_services.basket_choose_year(basket=basket_of(buyer), year=NEXT_YEAR)
    basket_services.basket_add_universal_offer(basket=basket)

    with pytest.raises(DomainError, match="You can buy support for 2026-27 at the moment"):
        checkout.order_place_by_invoice(
            basket=basket,
            placed_by=buyer.user,
            invoice_details=invoice_details(),
            today=datetime.date(2027, 2, 27),
        )


def test_the_buy_page_offers_the_choice_of_year_once_it_is_open(time_machine, catalogue, buyer_client, buyer):
    before = buyer_client.get(reverse("orders:basket"))
    move_to(time_machine, datetime.date(2027, 3, 1))
    buyer_client.force_login(buyer.user)  # a session lasts a school day
    after = buyer_client.get(reverse("orders:basket"))
    chosen = buyer_client.post(reverse("orders:choose_year"), {"year": "2027"}, follow=True)

    assert "Which financial year are you buying for?" not in before.text
    assert "2027-28 (in advance)" in after.text
    assert "You are buying for the 2027-28 financial year" in chosen.text
    assert "£575" in chosen.text


def test_a_year_not_on_sale_posted_anyway_is_refused(catalogue, buyer_client, buyer, basket_of):
    response = buyer_client.post(reverse("orders:choose_year"), {"year": "2027"})

    assert response.status_code == 400
    assert basket_of(buyer).financial_year == THIS_YEAR
