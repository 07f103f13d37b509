"""Packages and consultancy: only with the year's Universal Offer (held, or in the same order); the
Silver Top-Up only after the Silver Package; the EHC package only for a pupil with an EHC plan; each
package names its focus and never a pupil's name; consultancy by the hour."""

import pytest

from common.errors import DomainError
from common.financial_years import FinancialYear
from portal.orders.factories import OrderFactory, OrderLineFactory
from portal.orders.models import FocusKind, OrderStatus, ProductKind, YearGroup
from portal.orders.services import basket as basket_services
from portal.orders.services import checkout, rules
from tests.portal.orders.conftest import A_CLASS, A_PUPIL, WHOLE_SCHOOL, invoice_details

pytestmark = pytest.mark.django_db


def add(basket, package, focus=A_PUPIL, **kwargs):
    return basket_services.basket_add_package(basket=basket, package=package, focus=focus, **kwargs)


def check_out(basket, membership):
    return checkout.order_place_by_invoice(
        basket=basket, placed_by=membership.user, invoice_details=invoice_details()
    )


# --- The Universal Offer first ----------------------------------------------------------------------------


def test_a_package_needs_the_universal_offer(catalogue, buyer, basket_of):
    with pytest.raises(DomainError) as error:
        add(basket_of(buyer), catalogue.bronze)

    assert error.value.message == rules.UNIVERSAL_OFFER_NEEDED.format(year=FinancialYear.current())


def test_consultancy_needs_the_universal_offer_too(catalogue, buyer, basket_of):
    with pytest.raises(DomainError, match="Add the Universal Support Offer to your basket first"):
        add(basket_of(buyer), catalogue.consultancy, WHOLE_SCHOOL, hours=3)


def test_buying_the_offer_in_the_same_order_counts(catalogue, buyer, basket_of):
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    add(basket, catalogue.bronze)

    order = check_out(basket, buyer)

    assert [line.kind for line in order.lines.all()] == [ProductKind.UNIVERSAL_OFFER, ProductKind.PACKAGE]
    assert order.total_pence == 55_000 + 65_000


def test_a_school_holding_the_offer_buys_packages_on_their_own(catalogue, buyer, place_order):
    place_order(buyer)

    order = place_order(buyer, universal_offer=False, packages=[(catalogue.bronze, A_CLASS)])

    assert not order.includes_universal_offer
    assert order.total_pence == 65_000


def test_taking_the_offer_out_of_the_basket_stops_the_checkout(catalogue, buyer, basket_of):
    basket = basket_of(buyer)
    offer_line = basket_services.basket_add_universal_offer(basket=basket)
    add(basket, catalogue.bronze)
    basket_services.basket_remove_line(line=offer_line)

    with pytest.raises(DomainError, match="Add the Universal Support Offer to your basket first"):
        check_out(basket, buyer)


def test_last_year_s_offer_does_not_count(catalogue, buyer, basket_of):
    OrderFactory(
        school=buyer.school,
        financial_year_start=FinancialYear.current().start_year - 1,
        includes_universal_offer=True,
    )

    with pytest.raises(DomainError, match="Universal Support Offer"):
        add(basket_of(buyer), catalogue.bronze)


def test_an_offer_waiting_for_card_payment_does_not_count(catalogue, buyer, basket_of):
    OrderFactory(school=buyer.school, status=OrderStatus.AWAITING_PAYMENT, includes_universal_offer=True)

    with pytest.raises(DomainError, match="Universal Support Offer"):
        add(basket_of(buyer), catalogue.bronze)


# --- One package after another (SupportPackage.must_follow) -----------------------------------------------


def test_the_top_up_needs_the_silver_package(catalogue, buyer, place_order, basket_of):
    place_order(buyer)

    with pytest.raises(DomainError) as error:
        add(basket_of(buyer), catalogue.top_up)

    assert error.value.message == rules.MUST_FOLLOW.format(
        package="Silver Package Top-Up", earlier="Silver Package", year=FinancialYear.current()
    )


def test_the_top_up_after_silver_bought_earlier_in_the_year(catalogue, buyer, place_order):
    place_order(buyer, packages=[(catalogue.silver, A_PUPIL)])

    order = place_order(buyer, universal_offer=False, packages=[(catalogue.top_up, A_PUPIL)])

    assert order.lines.get().package == catalogue.top_up


def test_the_top_up_with_silver_in_the_same_order(catalogue, buyer, basket_of):
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    add(basket, catalogue.silver)
    add(basket, catalogue.top_up)

    assert check_out(basket, buyer).total_pence == 55_000 + 100_000 + 50_000


def test_silver_taken_out_of_the_basket_stops_the_top_up_at_checkout(catalogue, buyer, basket_of):
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    silver = add(basket, catalogue.silver)
    add(basket, catalogue.top_up)
    basket_services.basket_remove_line(line=silver)

    with pytest.raises(DomainError, match="only for schools that have bought the Silver Package"):
        check_out(basket, buyer)


def test_silver_from_another_year_or_cancelled_does_not_count(catalogue, buyer, place_order, basket_of):
    place_order(buyer)
    this_year = FinancialYear.current().start_year
    OrderLineFactory(
        order=OrderFactory(school=buyer.school, financial_year_start=this_year - 1), package=catalogue.silver
    )
    OrderLineFactory(
        order=OrderFactory(school=buyer.school, status=OrderStatus.CANCELLED), package=catalogue.silver
    )

    with pytest.raises(DomainError, match="only for schools that have bought the Silver Package"):
        add(basket_of(buyer), catalogue.top_up)


def test_the_rule_is_data_any_package_can_be_made_to_follow_another(catalogue, buyer, place_order, basket_of):
    place_order(buyer)
    catalogue.consultancy.must_follow = catalogue.bronze
    catalogue.consultancy.save()

    with pytest.raises(DomainError, match="only for schools that have bought the Bronze Package"):
        add(basket_of(buyer), catalogue.consultancy, WHOLE_SCHOOL, hours=2)


# --- The EHC package (SupportPackage.requires_ehc_plan) ---------------------------------------------------


def test_the_ehc_package_needs_the_buyer_to_confirm_an_ehc_plan(catalogue, buyer, place_order, basket_of):
    place_order(buyer)
    basket = basket_of(buyer)

    with pytest.raises(DomainError) as error:
        add(basket, catalogue.ehc, ehc_plan_confirmed=False)
    line = add(basket, catalogue.ehc, ehc_plan_confirmed=True)

    assert error.value.field == "ehc_plan_confirmed"
    assert line.ehc_plan_confirmed
    assert check_out(basket, buyer).lines.get().ehc_plan_confirmed


def test_the_ehc_package_is_for_a_pupil_not_a_class(catalogue, buyer, place_order, basket_of):
    place_order(buyer)

    with pytest.raises(DomainError, match="Choose a pupil, not a class") as error:
        add(basket_of(buyer), catalogue.ehc, A_CLASS, ehc_plan_confirmed=True)

    assert error.value.field == "focus_kind"


def test_other_packages_need_no_confirmation(catalogue, buyer, place_order, basket_of):
    place_order(buyer)

    line = add(basket_of(buyer), catalogue.bronze, ehc_plan_confirmed=True)

    assert not line.ehc_plan_confirmed


# --- The focus: initials and year group, or a class -------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"), [("JS", "JS"), ("j.s.", "JS"), ("a", "A"), ("A B C", "ABC"), ("ló", "LÓ")]
)
def test_initials_are_kept_as_capital_letters(catalogue, typed, kept):
    focus = rules.Focus(FocusKind.PUPIL, pupil_initials=typed, pupil_year_group=YearGroup.RECEPTION)

    assert rules.check_focus(package=catalogue.bronze, focus=focus).pupil_initials == kept


@pytest.mark.parametrize("typed", ["", "John Smith", "ABCD", "J5", "J/S", "   "])
def test_a_name_or_anything_but_1_to_3_letters_is_refused(catalogue, typed):
    focus = rules.Focus(FocusKind.PUPIL, pupil_initials=typed, pupil_year_group=YearGroup.YEAR_1)

    with pytest.raises(DomainError) as error:
        rules.check_focus(package=catalogue.bronze, focus=focus)

    assert (error.value.message, error.value.field) == (rules.INITIALS_INVALID, "pupil_initials")


def test_a_pupil_needs_a_year_group(catalogue):
    with pytest.raises(DomainError) as error:
        rules.check_focus(
            package=catalogue.bronze,
            focus=rules.Focus(FocusKind.PUPIL, pupil_initials="JS", pupil_year_group="9"),
        )

    assert (error.value.message, error.value.field) == (rules.YEAR_GROUP_REQUIRED, "pupil_year_group")


def test_a_class_needs_its_name_and_keeps_nothing_of_a_pupil(catalogue):
    focus = rules.Focus(
        FocusKind.CLASS, pupil_initials="JS", pupil_year_group="4", class_name="  Oak   class "
    )

    with pytest.raises(DomainError, match=rules.CLASS_NAME_REQUIRED):
        rules.check_focus(package=catalogue.bronze, focus=rules.Focus(FocusKind.CLASS, class_name=" "))
    assert rules.check_focus(package=catalogue.bronze, focus=focus) == rules.Focus(
        FocusKind.CLASS, class_name="Oak class"
    )


def test_a_package_must_say_who_it_is_for(catalogue):
    with pytest.raises(DomainError) as error:
        rules.check_focus(package=catalogue.bronze, focus=rules.Focus())

    assert (error.value.message, error.value.field) == (rules.FOCUS_REQUIRED, "focus_kind")


def test_only_consultancy_may_be_for_the_whole_school(catalogue):
    assert rules.check_focus(package=catalogue.consultancy, focus=WHOLE_SCHOOL) == WHOLE_SCHOOL
    with pytest.raises(DomainError, match="Choose a pupil or a class"):
        rules.check_focus(package=catalogue.bronze, focus=WHOLE_SCHOOL)


def test_the_focus_is_copied_onto_the_order(catalogue, buyer, place_order):
    order = place_order(buyer, packages=[(catalogue.bronze, A_PUPIL), (catalogue.silver, A_CLASS)])

    assert [line.focus_label for line in order.lines.all()] == ["", "Pupil JS, Year 4", "Class: Oak class"]


# --- Consultancy by the hour ------------------------------------------------------------------------------


def test_consultancy_is_bought_by_the_hour(catalogue, buyer, place_order):
    order = place_order(buyer, consultancy_hours=5)

    line = order.lines.get(kind=ProductKind.CONSULTANCY)
    assert (line.quantity, line.unit_price_pence, line.net_pence, line.hours_bought) == (5, 10_000, 50_000, 5)


@pytest.mark.parametrize("hours", [0, -1, rules.MAX_CONSULTANCY_HOURS + 1, "3", 2.5, None, True])
def test_consultancy_hours_must_be_a_sensible_whole_number(catalogue, hours):
    with pytest.raises(DomainError) as error:
        rules.check_hours(package=catalogue.consultancy, quantity=hours)

    assert (error.value.message, error.value.field) == (rules.HOURS_INVALID, "hours")


def test_a_package_is_bought_once_whatever_quantity_is_sent(catalogue):
    assert rules.check_hours(package=catalogue.bronze, quantity=40) == 1


def test_a_package_taken_off_sale_after_it_went_in_the_basket_is_refused(
    catalogue, buyer, place_order, basket_of
):
    place_order(buyer)
    basket = basket_of(buyer)
    add(basket, catalogue.bronze)
    catalogue.bronze.is_active = False
    catalogue.bronze.save()

    with pytest.raises(DomainError) as error:
        check_out(basket, buyer)

    assert error.value.message == rules.NOT_ON_SALE.format(package="Bronze Package")


def test_package_hours_are_copied_onto_the_order(catalogue, buyer, place_order):
    order = place_order(buyer, packages=[(catalogue.silver, A_PUPIL)])
    catalogue.silver.hours = 20
    catalogue.silver.save()

    assert order.lines.get(package=catalogue.silver).hours_bought == 12
