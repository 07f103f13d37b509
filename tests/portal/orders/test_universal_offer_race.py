"""Two checkouts racing for the same school's Universal Offer: exactly one succeeds, the other is told
why, and nothing else changes. Proven on PostgreSQL, with real concurrent transactions."""

import threading

import pytest

from portal.orders.models import Invoice, Order
from portal.orders.services import basket as basket_services
from portal.orders.services import checkout
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from tests.portal.orders.conftest import at_once, invoice_details, kinds, postgresql_only

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True)]


def both_start_together(monkeypatch):
    """Hold each checkout just before it takes its locks until the other has got there too."""
    ready = threading.Barrier(2, timeout=10)
    check_invoice_details = checkout.check_invoice_details

    def wait_then_check(details):
        ready.wait()
        return check_invoice_details(details)

    monkeypatch.setattr(checkout, "check_invoice_details", wait_then_check)


def checking_out(membership):
    basket = basket_services.basket_open(school=membership.school, user=membership.user)
    basket_services.basket_add_universal_offer(basket=basket)
    return lambda: checkout.order_place_by_invoice(
        basket=basket, placed_by=membership.user, invoice_details=invoice_details()
    )


def test_two_colleagues_checking_out_the_offer_at_once(monkeypatch, catalogue, buyer):
    colleague = MembershipFactory(school=buyer.school, roles=[Role.ADMINISTRATOR])
    calls = [checking_out(buyer), checking_out(colleague)]
    both_start_together(monkeypatch)

    outcomes = at_once(*calls)

    assert kinds(outcomes) == ["done", "refused"], outcomes
    assert "already has the Universal Support Offer" in next(
        message for kind, message in outcomes if kind == "refused"
    )
    assert Order.objects.filter(school=buyer.school).count() == 1
    assert list(Invoice.objects.values_list("number", flat=True)) == [1]


def test_two_schools_checking_out_at_once_both_succeed(monkeypatch, catalogue, buyer):
    other = MembershipFactory(school=SchoolFactory(), roles=[Role.FINANCE])
    calls = [checking_out(buyer), checking_out(other)]
    both_start_together(monkeypatch)

    outcomes = at_once(*calls)

    assert kinds(outcomes) == ["done", "done"], outcomes
    assert sorted(Invoice.objects.values_list("number", flat=True)) == [1, 2]
