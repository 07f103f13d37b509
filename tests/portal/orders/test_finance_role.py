"""Buying, orders and invoices need the finance or administrator role: anyone else is told which role
it takes (403) and nothing changes. Every member sees what the school holds and the hours logs."""

import pytest
from django.urls import reverse

from portal.orders.models import Basket, BasketLine, Order
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from tests.portal.orders.conftest import A_PUPIL

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrer_client(client, home_page, school):
    client.force_login(MembershipFactory(school=school, roles=[Role.REFERRER, Role.MEMBER]).user)
    return client


@pytest.fixture
def school_order(catalogue, buyer, place_order):
    return place_order(buyer, packages=[(catalogue.bronze, A_PUPIL)])


@pytest.mark.parametrize(
    ("route", "method", "data"),
    [
        ("orders:basket", "get", {}),
        ("orders:add_universal_offer", "post", {}),
        ("orders:add_package", "post", {"focus_kind": "class", "class_name": "Oak"}),
        ("orders:checkout", "post", {"payment_method": "invoice"}),
        (
            "orders:checkout_invoice",
            "post",
            {"has_no_purchase_order": "on", "finance_contact_name": "A", "finance_contact_email": "a@b.test"},
        ),
        ("orders:orders", "get", {}),
    ],
)
def test_a_member_without_the_finance_role_cannot_buy(referrer_client, catalogue, route, method, data):
    args = ["bronze-package"] if route == "orders:add_package" else []

    response = getattr(referrer_client, method)(reverse(route, args=args), data)

    assert response.status_code == 403
    assert "This page needs the administrator or finance role" in response.text
    assert not Basket.objects.exists()
    assert not Order.objects.exists()


def test_a_member_without_the_finance_role_cannot_check_out_a_basket_left_from_before(
    client, home_page, buyer, catalogue, basket_of
):
    """Their finance role was taken away after they filled the basket."""
    client.force_login(buyer.user)
    client.post(reverse("orders:add_universal_offer"))
    buyer.roles = [Role.MEMBER]
    buyer.save()

    response = client.post(
        reverse("orders:checkout_invoice"),
        {
            "purchase_order_number": "PO-1",
            "finance_contact_name": "Pat",
            "finance_contact_email": "f@school.test",
        },
    )

    assert response.status_code == 403
    assert BasketLine.objects.count() == 1
    assert not Order.objects.exists()


@pytest.mark.parametrize("route", ["orders:order", "orders:invoice", "orders:invoice_pdf"])
def test_a_member_without_the_finance_role_cannot_see_orders_or_invoices(
    referrer_client, school_order, route
):
    pk = school_order.invoice.pk if route.startswith("orders:invoice") else school_order.pk

    assert referrer_client.get(reverse(route, args=[pk])).status_code == 403


def test_an_administrator_can_buy(client, home_page, school, catalogue):
    client.force_login(MembershipFactory(school=school, roles=[Role.ADMINISTRATOR]).user)

    assert client.get(reverse("orders:basket")).status_code == 200


def test_every_member_sees_the_hours_log_of_what_the_school_holds(referrer_client, school_order):
    line = school_order.lines.get(package__isnull=False)

    response = referrer_client.get(reverse("orders:package_hours", args=[line.pk]))

    assert response.status_code == 200
    assert "Bronze Package" in response.text
    assert "No work has been recorded yet." in response.text
