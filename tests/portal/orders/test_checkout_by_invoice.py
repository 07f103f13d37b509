"""Checking out by invoice: a PO number or "no PO", the finance contact (prefilled from the school); the
order is confirmed at once as invoiced and awaiting payment, usable straight away; the confirmation page
gives the reference and what happens next. Paying by card is offered but not built yet."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from common.errors import DomainError
from portal.orders import selectors
from portal.orders.models import Basket, BasketLine, Invoice, Order, OrderStatus, PaymentMethod
from portal.orders.services import basket as basket_services
from portal.orders.services import checkout, invoices
from portal.orders.services.checkout import ORDER_PLACED
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from tests.portal.orders.conftest import A_PUPIL, invoice_details

pytestmark = pytest.mark.django_db

CHECKOUT = reverse("orders:checkout")
BY_INVOICE = reverse("orders:checkout_invoice")


@pytest.fixture
def offer_in_basket(buyer, basket_of, catalogue):
    basket_services.basket_add_universal_offer(basket=basket_of(buyer))


def place(client, **fields):
    data = {
        "purchase_order_number": "PO-4471",
        "finance_contact_name": "Pat Okafor",
        "finance_contact_email": "finance@riverside.test",
        **fields,
    }
    return client.post(BY_INVOICE, data)


def test_checkout_shows_the_order_and_asks_how_to_pay(buyer_client, offer_in_basket):
    page = buyer_client.get(CHECKOUT)
    not_chosen = buyer_client.post(CHECKOUT)
    by_invoice = buyer_client.post(CHECKOUT, {"payment_method": "invoice"})
    by_card = buyer_client.post(CHECKOUT, {"payment_method": "card"})

    assert "Check your order" in page.text
    assert "£550" in page.text
    assert "By invoice" in page.text
    assert "By card" in page.text
    assert not_chosen.status_code == 400
    assert "Select how your school will pay." in not_chosen.text
    assert by_invoice.url == BY_INVOICE
    assert by_card.url == reverse("orders:checkout_card")


def test_an_empty_basket_goes_back_to_the_buy_page(buyer_client, catalogue):
    assert buyer_client.get(CHECKOUT).url == reverse("orders:basket")
    assert buyer_client.post(BY_INVOICE).url == reverse("orders:basket")


def test_the_finance_contact_is_prefilled_from_the_school_and_the_buyer(buyer_client, offer_in_basket):
    response = buyer_client.get(BY_INVOICE)

    assert 'value="finance@riverside.test"' in response.text
    assert 'value="Pat Teacher"' in response.text  # the buyer has the finance role


def test_a_finance_person_the_site_has_no_name_for_gets_the_name_on_the_school_s_last_invoice(
    buyer, buyer_client, place_order, basket_of, catalogue
):
    """People sign up with an address alone, so the buyer's name may be unknown."""
    place_order(buyer, details=invoice_details(finance_contact_name="Pat Okafor"))
    buyer.user.first_name = buyer.user.last_name = ""
    buyer.user.save()
    basket_services.basket_add_package(basket=basket_of(buyer), package=catalogue.bronze, focus=A_PUPIL)

    response = buyer_client.get(BY_INVOICE)

    assert 'value="Pat Okafor"' in response.text
    assert 'value="finance@riverside.test"' in response.text


@pytest.mark.parametrize(
    ("roles", "email", "name"),
    [
        ([Role.ADMINISTRATOR], "finance@riverside.test", "Kim Lee"),  # the finance address is theirs
        ([Role.ADMINISTRATOR], "head@riverside.test", ""),  # someone else: their name is not the contact's
    ],
    ids=["finance-address", "not-the-finance-person"],
)
def test_the_buyer_s_name_is_filled_in_only_when_they_are_the_finance_person(school, roles, email, name):
    membership = MembershipFactory(
        school=school, roles=roles, user__email=email, user__first_name="Kim", user__last_name="Lee"
    )

    assert selectors.finance_contact_initial(membership=membership)["finance_contact_name"] == name


def test_placing_the_order_confirms_it_at_once_as_invoiced(
    buyer_client, buyer, offer_in_basket, logged_changes
):
    response = place(buyer_client)

    order = Order.objects.get()
    assert response.url == reverse("orders:confirmation", args=[order.pk])
    assert (order.status, order.payment_method, order.placed_by) == (
        OrderStatus.INVOICED,
        PaymentMethod.INVOICE,
        buyer.user,
    )
    assert order.reference == "ORD-00001"
    assert selectors.holds_universal_offer(school=buyer.school, on_date=datetime.date.today())
    assert not BasketLine.objects.exists()
    assert Basket.objects.filter(user=buyer.user).exists()
    ((action, who, data),) = logged_changes(order)
    assert (action, who, data["to"]) == (ORDER_PLACED, buyer.user, "Invoiced, awaiting payment")


def test_the_invoice_carries_the_po_number_contact_and_due_date(buyer_client, offer_in_basket, home_page):
    place(buyer_client)

    invoice = Invoice.objects.get()
    assert (invoice.purchase_order_number, invoice.has_no_purchase_order) == ("PO-4471", False)
    assert (invoice.finance_contact_name, invoice.finance_contact_email) == (
        "Pat Okafor",
        "finance@riverside.test",
    )
    assert invoice.due_on == invoice.issued_on + datetime.timedelta(days=30)
    assert (invoice.school_name, invoice.number) == ("Riverside Primary School", 1)


def test_the_confirmation_page_gives_the_reference_and_what_happens_next(buyer_client, offer_in_basket):
    response = buyer_client.get(place(buyer_client).url)

    order = Order.objects.get()
    assert "Order placed" in response.text
    assert order.reference in response.text
    assert "What happens next" in response.text
    assert "INV-00001 has been emailed to Pat Okafor at finance@riverside.test" in response.text
    assert reverse("orders:invoice", args=[order.invoice.pk]) in response.text


def test_a_school_without_a_po_number_says_so(buyer_client, offer_in_basket):
    response = place(buyer_client, purchase_order_number="", has_no_purchase_order="on")

    assert response.status_code == 302
    assert Invoice.objects.get().purchase_order_label == "No PO number"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"purchase_order_number": ""}, invoices.PO_NUMBER_OR_NONE),
        ({"has_no_purchase_order": "on"}, invoices.PO_NUMBER_AND_NONE),
        ({"finance_contact_name": " "}, invoices.FINANCE_CONTACT_NAME_REQUIRED),
        ({"finance_contact_email": ""}, invoices.FINANCE_CONTACT_EMAIL_REQUIRED),
        ({"finance_contact_email": "not an address"}, "Enter an email address in the correct format"),
    ],
)
def test_missing_or_muddled_invoice_details_are_refused_with_what_was_typed(
    buyer_client, offer_in_basket, fields, message
):
    response = place(
        buyer_client, **{"purchase_order_number": "PO-9", "finance_contact_name": "Kim Lee", **fields}
    )

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert message.replace("'", "&#x27;") in response.text
    for field, typed in {"purchase_order_number": "PO-9", "finance_contact_name": "Kim Lee"}.items():
        if field not in fields:
            assert f'value="{typed}"' in response.text
    assert not Order.objects.exists()


def test_a_rule_that_refuses_at_checkout_keeps_the_invoice_details(
    buyer_client, buyer, place_order, offer_in_basket
):
    colleague_order = place_order(MembershipFactory(school=buyer.school, roles=[Role.ADMINISTRATOR]))

    response = place(buyer_client, purchase_order_number="PO-SECOND")

    assert response.status_code == 400
    assert "already has the Universal Support Offer" in response.text
    assert 'value="PO-SECOND"' in response.text
    assert list(Order.objects.all()) == [colleague_order]


def test_the_buyer_and_the_finance_contact_are_emailed(
    buyer_client, offer_in_basket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        place(buyer_client, finance_contact_email="accounts@riverside.test")

    order = Order.objects.get()
    confirmation, invoice = mail.outbox
    assert confirmation.to == ["bursar@riverside.test"]
    assert confirmation.subject == f"Your order {order.reference} for Riverside Primary School"
    assert invoice.to == ["accounts@riverside.test"]
    assert invoice.subject.startswith("Invoice INV-00001 from Stepping Stones Short Stay School: £550 due by")


def test_the_service_checks_the_invoice_details_itself(buyer, basket_of, offer_in_basket):
    with pytest.raises(DomainError) as error:
        checkout.order_place_by_invoice(
            basket=basket_of(buyer),
            placed_by=buyer.user,
            invoice_details=invoice_details(purchase_order_number="", has_no_purchase_order=False),
        )

    assert error.value.field == "purchase_order_number"
    assert not Order.objects.exists()
