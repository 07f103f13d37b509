"""A school reaches only its own orders, invoices (the PDF too), credit notes and hours logs: another
school's ids give 404 and show nothing of it."""

import pytest
from django.urls import reverse

from portal.orders.services import cancellations
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from tests.portal.orders.conftest import A_PUPIL
from tests.query_counts import OTHER_SCHOOLS, queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_b_order(catalogue, place_order, staff_user):
    """School B's order with an invoice cancelled by a credit note, and a package line."""
    member = MembershipFactory(school=SchoolFactory(name="School B"), roles=[Role.FINANCE])
    order = place_order(member, packages=[(catalogue.bronze, A_PUPIL)])
    cancellations.order_cancel_with_credit_note(order=order, cancelled_by=staff_user, reason="Wrong school")
    return order


def ids_of(order):
    return {
        "orders:order": order.pk,
        "orders:confirmation": order.pk,
        "orders:invoice": order.invoice.pk,
        "orders:invoice_pdf": order.invoice.pk,
        "orders:credit_note": order.invoice.credit_note.pk,
        "orders:credit_note_pdf": order.invoice.credit_note.pk,
        "orders:package_hours": order.lines.get(package__isnull=False).pk,
    }


@pytest.mark.parametrize(
    "route",
    [
        "orders:order",
        "orders:confirmation",
        "orders:invoice",
        "orders:invoice_pdf",
        "orders:credit_note",
        "orders:credit_note_pdf",
        "orders:package_hours",
    ],
)
def test_another_school_s_ids_give_404(buyer_client, school_b_order, route):
    response = buyer_client.get(reverse(route, args=[ids_of(school_b_order)[route]]))

    assert response.status_code == 404
    assert "School B" not in response.text


def test_the_same_ids_work_for_school_b(client, home_page, school_b_order):
    client.force_login(MembershipFactory(school=school_b_order.school, roles=[Role.FINANCE]).user)

    for route, pk in ids_of(school_b_order).items():
        if route == "orders:package_hours":
            continue  # the order is cancelled, so it holds no hours
        assert client.get(reverse(route, args=[pk])).status_code == 200, route


def test_a_member_of_two_schools_sees_only_the_school_they_act_for(client, buyer, school_b_order):
    MembershipFactory(user=buyer.user, school=school_b_order.school, roles=[Role.FINANCE])
    client.force_login(buyer.user)
    client.post(reverse("portal:choose_school"), {"school": buyer.school_id})

    assert client.get(reverse("orders:invoice", args=[school_b_order.invoice.pk])).status_code == 404
    assert school_b_order.reference not in client.get(reverse("orders:orders")).text


def test_the_order_list_shows_only_the_school_s_own_orders(buyer_client, buyer, place_order, school_b_order):
    own = place_order(buyer)

    text = buyer_client.get(reverse("orders:orders")).text

    assert own.reference in text
    assert school_b_order.reference not in text


@pytest.mark.parametrize("route", ["orders:basket", "orders:orders", "orders:checkout"])
def test_buying_pages_need_a_signed_in_user(client, home_page, route):
    response = client.get(reverse(route))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# The user (the session comes from the cache) and the membership (which says whether the email is verified),
# then the page's own: the school's orders; or the invoice with its order, its lines and its credit note (if
# any).
ORDER_LIST_QUERIES = 3
INVOICE_QUERIES = 5


def orders_of(membership, catalogue, place_order):
    """Two orders by invoice: the Universal Offer with a Bronze package, then a Silver package."""
    place_order(membership, packages=[(catalogue.bronze, A_PUPIL)])
    return place_order(membership, universal_offer=False, packages=[(catalogue.silver, A_PUPIL)])


@pytest.mark.parametrize(
    ("route", "expected"), [("orders:orders", ORDER_LIST_QUERIES), ("orders:invoice", INVOICE_QUERIES)]
)
def test_the_orders_and_an_invoice_make_as_many_queries_beside_many_schools_as_alone(
    buyer_client, buyer, catalogue, place_order, route, expected
):
    order = orders_of(buyer, catalogue, place_order)
    url = reverse(route, args=[order.invoice.pk] if route == "orders:invoice" else [])
    alone = queries_of(buyer_client, url)

    for _ in range(OTHER_SCHOOLS):
        orders_of(MembershipFactory(roles=[Role.FINANCE]), catalogue, place_order)

    assert queries_of(buyer_client, url) == alone == expected
