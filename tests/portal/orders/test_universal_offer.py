"""The Universal Support Offer: bought once per school per financial year, at that year's price; and
`holds_universal_offer`, which surgeries and the resource library ask."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from common.errors import DomainError
from common.financial_years import FinancialYear
from portal.orders import selectors
from portal.orders.factories import OrderFactory, UniversalOfferLineFactory
from portal.orders.models import Order, OrderStatus
from portal.orders.services import basket as basket_services
from portal.orders.services import cancellations, checkout, payments, rules
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from tests.portal.orders.conftest import invoice_details

pytestmark = pytest.mark.django_db


def test_the_offer_is_charged_at_the_price_staff_set_for_the_year(catalogue, buyer, place_order):
    catalogue.offer.price_pence = 56_000
    catalogue.offer.save()

    order = place_order(buyer)

    line = order.lines.get()
    assert (line.unit_price_pence, line.quantity, line.universal_offer) == (56_000, 1, catalogue.offer)
    assert order.total_pence == 56_000
    assert order.includes_universal_offer


def test_a_price_changed_after_it_went_in_the_basket_is_charged_at_checkout(catalogue, buyer, basket_of):
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    catalogue.offer.price_pence = 60_000
    catalogue.offer.save()

    order = checkout.order_place_by_invoice(
        basket=basket, placed_by=buyer.user, invoice_details=invoice_details()
    )

    assert order.total_pence == 60_000


def test_the_price_is_copied_so_a_later_change_leaves_the_order_alone(catalogue, buyer, place_order):
    order = place_order(buyer)
    catalogue.offer.price_pence = 99_000
    catalogue.offer.save()

    order.refresh_from_db()
    assert order.lines.get().unit_price_pence == 55_000
    assert order.total_pence == 55_000


def test_a_second_offer_for_the_same_year_is_refused_when_added(catalogue, buyer, place_order, basket_of):
    place_order(buyer)
    colleague = MembershipFactory(school=buyer.school, roles=[Role.ADMINISTRATOR])

    with pytest.raises(DomainError) as error:
        basket_services.basket_add_universal_offer(basket=basket_of(colleague))

    assert error.value.message == rules.UNIVERSAL_OFFER_HELD.format(
        school="Riverside Primary School", year=FinancialYear.current()
    )


def test_a_second_offer_in_a_basket_filled_earlier_is_refused_at_checkout(catalogue, buyer, basket_of):
    colleague = MembershipFactory(school=buyer.school, roles=[Role.ADMINISTRATOR])
    first, second = basket_of(buyer), basket_of(colleague)
    basket_services.basket_add_universal_offer(basket=first)
    basket_services.basket_add_universal_offer(basket=second)
    checkout.order_place_by_invoice(basket=first, placed_by=buyer.user, invoice_details=invoice_details())

    with pytest.raises(DomainError, match="already has the Universal Support Offer"):
        checkout.order_place_by_invoice(
            basket=second, placed_by=colleague.user, invoice_details=invoice_details()
        )

    assert Order.objects.count() == 1
    assert second.lines.count() == 1  # the basket is kept, to remove the line or buy something else


def test_the_offer_goes_in_a_basket_once(catalogue, buyer, basket_of):
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)

    with pytest.raises(DomainError, match="already in your basket"):
        basket_services.basket_add_universal_offer(basket=basket)

    assert basket.lines.count() == 1


def test_another_school_and_another_year_are_not_affected(catalogue, buyer, place_order):
    place_order(buyer)
    other = MembershipFactory(school=SchoolFactory(), roles=[Role.FINANCE])

    assert place_order(other).includes_universal_offer


def test_a_year_staff_have_not_priced_cannot_be_bought(catalogue, buyer, basket_of):
    catalogue.offer.delete()

    with pytest.raises(DomainError) as error:
        basket_services.basket_add_universal_offer(basket=basket_of(buyer))

    assert error.value.message == rules.UNIVERSAL_OFFER_NOT_PRICED.format(year=FinancialYear.current())


def test_an_offer_waiting_for_card_payment_blocks_a_second_until_cancelled(
    catalogue, buyer, basket_of, staff_user
):
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    waiting = checkout.order_place_for_card_payment(basket=basket, placed_by=buyer.user)

    with pytest.raises(DomainError, match=f"Order {waiting.reference} .* waiting for its card payment"):
        basket_services.basket_add_universal_offer(basket=basket)
    cancellations.order_cancel_unpaid(order=waiting, cancelled_by=staff_user, why="Paying by invoice instead")
    basket_services.basket_add_universal_offer(basket=basket)

    assert basket.lines.count() == 1


def test_the_database_refuses_a_second_offer_for_a_school_and_year(catalogue, school):
    OrderFactory(school=school, includes_universal_offer=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        OrderFactory(school=school, includes_universal_offer=True)
    OrderFactory(school=school, includes_universal_offer=True, status=OrderStatus.CANCELLED)


def test_a_checkout_that_loses_the_race_at_the_insert_gets_the_message(
    monkeypatch, catalogue, buyer, basket_of
):
    """On any database: another checkout inserts its order between this one's check and its insert."""
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    check = rules.check_basket

    def check_then_lose_the_race(**kwargs):
        checked = check(**kwargs)
        OrderFactory(school=buyer.school, includes_universal_offer=True, reference="ORD-OTHER")
        return checked

    monkeypatch.setattr(rules, "check_basket", check_then_lose_the_race)

    with pytest.raises(DomainError, match="already has the Universal Support Offer"):
        checkout.order_place_by_invoice(
            basket=basket, placed_by=buyer.user, invoice_details=invoice_details()
        )


# --- holds_universal_offer --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "holds"),
    [
        (OrderStatus.INVOICED, True),
        (OrderStatus.PAID, True),
        (OrderStatus.AWAITING_PAYMENT, False),
        (OrderStatus.CANCELLED, False),
    ],
)
def test_a_school_holds_the_offer_once_invoiced_or_paid(school, status, holds):
    order = OrderFactory(school=school, status=status, includes_universal_offer=True)
    UniversalOfferLineFactory(order=order)

    assert selectors.holds_universal_offer(school=school, on_date=datetime.date.today()) is holds


def test_the_offer_is_held_for_its_own_financial_year_only(school):
    OrderFactory(school=school, financial_year_start=2026, includes_universal_offer=True)

    assert selectors.holds_universal_offer(school=school, on_date=datetime.date(2026, 4, 1))
    assert selectors.holds_universal_offer(school=school, on_date=datetime.date(2027, 3, 31))
    assert not selectors.holds_universal_offer(school=school, on_date=datetime.date(2026, 3, 31))
    assert not selectors.holds_universal_offer(school=school, on_date=datetime.date(2027, 4, 1))
    assert not selectors.holds_universal_offer(school=SchoolFactory(), on_date=datetime.date(2026, 6, 1))


def test_an_order_without_the_offer_does_not_hold_it(school):
    OrderFactory(school=school, includes_universal_offer=False)

    assert not selectors.holds_universal_offer(school=school, on_date=datetime.date.today())


def test_a_card_order_holds_the_offer_once_paid(catalogue, buyer, basket_of):
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    order = checkout.order_place_for_card_payment(basket=basket, placed_by=buyer.user)
    today = datetime.date.today()
    before = selectors.holds_universal_offer(school=buyer.school, on_date=today)

    payments.order_mark_paid(order=order, paid_by_reference="pi_123")

    assert before is False
    assert selectors.holds_universal_offer(school=buyer.school, on_date=today)
