"""Shared fixtures for buying: a catalogue like the real one, a school with a finance member, and
placing orders through the services as the portal does."""

import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from django.db import connection, connections

from common.errors import DomainError
from common.financial_years import FinancialYear
from portal.orders.models import FocusKind, Order, YearGroup
from portal.orders.services import basket as basket_services
from portal.orders.services import checkout, rules
from portal.orders.services.invoices import InvoiceDetails
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from services.factories import SupportPackageFactory, UniversalOfferFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: SQLite has no row locks and runs one write transaction at a time.",
)

A_PUPIL = rules.Focus(FocusKind.PUPIL, pupil_initials="JS", pupil_year_group=YearGroup.YEAR_4)
A_CLASS = rules.Focus(FocusKind.CLASS, class_name="Oak class")
WHOLE_SCHOOL = rules.Focus(FocusKind.SCHOOL)


@pytest.fixture
def catalogue(db):
    """This year's and next year's Universal Offer, and the packages with their rules."""
    this_year = FinancialYear.current()
    silver = SupportPackageFactory(
        name="Silver Package", slug="silver-package", price_pence=100_000, hours=12
    )
    return SimpleNamespace(
        offer=UniversalOfferFactory(financial_year_start=this_year.start_year, price_pence=55_000),
        next_offer=UniversalOfferFactory(financial_year_start=this_year.next.start_year, price_pence=57_500),
        bronze=SupportPackageFactory(
            name="Bronze Package", slug="bronze-package", price_pence=65_000, hours=7
        ),
        silver=silver,
        top_up=SupportPackageFactory(
            name="Silver Package Top-Up",
            slug="silver-top-up",
            price_pence=50_000,
            hours=6,
            must_follow=silver,
        ),
        ehc=SupportPackageFactory(
            name="EHC Package", slug="ehc-package", price_pence=60_000, hours=6, requires_ehc_plan=True
        ),
        consultancy=SupportPackageFactory(name="Consultancy", slug="consultancy", hourly=True),
    )


@pytest.fixture
def school(db):
    return SchoolFactory(name="Riverside Primary School", finance_email="finance@riverside.test")


@pytest.fixture
def buyer(school):
    """A member of the school with the finance role."""
    return MembershipFactory(
        school=school, roles=[Role.FINANCE], user__email="bursar@riverside.test", user__first_name="Pat"
    )


@pytest.fixture
def buyer_client(client, home_page, buyer):
    client.force_login(buyer.user)
    return client


@pytest.fixture
def card_order(localstripe, buyer, basket_of, catalogue):
    """This year's Universal Offer (£550), ordered for payment by card through localstripe."""
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    return checkout.order_place_for_card_payment(basket=basket, placed_by=buyer.user)


@pytest.fixture
def basket_of(db):
    """`basket_of(membership)`: that person's basket for their school."""

    def basket_for(membership):
        return basket_services.basket_open(school=membership.school, user=membership.user)

    return basket_for


def invoice_details(**changes):
    fields = {
        "purchase_order_number": "PO-4471",
        "has_no_purchase_order": False,
        "finance_contact_name": "Pat Okafor",
        "finance_contact_email": "finance@riverside.test",
    }
    return InvoiceDetails(**{**fields, **changes})


@pytest.fixture
def place_order(catalogue, basket_of):
    """`place_order(membership, universal_offer=True, packages=[(package, focus)], hours=...)`: fill the
    person's basket and check out by invoice, through the services; returns the order."""

    def place(
        membership, *, universal_offer=True, packages=(), consultancy_hours=0, details=None, today=None
    ):
        basket = basket_of(membership)
        if universal_offer:
            basket_services.basket_add_universal_offer(basket=basket, today=today)
        for package, focus, *confirmed in packages:
            basket_services.basket_add_package(
                basket=basket, package=package, focus=focus, ehc_plan_confirmed=bool(confirmed), today=today
            )
        if consultancy_hours:
            basket_services.basket_add_package(
                basket=basket,
                package=catalogue.consultancy,
                focus=WHOLE_SCHOOL,
                hours=consultancy_hours,
                today=today,
            )
        return checkout.order_place_by_invoice(
            basket=basket,
            placed_by=membership.user,
            invoice_details=details or invoice_details(),
            today=today,
        )

    return place


def both_lock_orders_together(monkeypatch):
    """Hold each of two threads just before it first locks an order until the other has got there too,
    so they race for the lock (later locks in the same thread go straight on)."""
    ready = threading.Barrier(2, timeout=10)
    lock_order = Order.objects.select_for_update
    this_thread = threading.local()

    def lock_once_both_are_here(*args, **kwargs):
        if not getattr(this_thread, "waited", False):
            this_thread.waited = True
            ready.wait()
        return lock_order(*args, **kwargs)

    monkeypatch.setattr(Order.objects, "select_for_update", lock_once_both_are_here)


def at_once(*calls, workers=None):
    """Run the calls side by side, each in its own thread and so its own database connection (at most
    `workers` at a time, all of them by default). Returns what each did, in order: ("done", result),
    ("refused", message) or ("failed", exception)."""

    def outcome(call):
        try:
            return ("done", call())
        except DomainError as error:
            return ("refused", error.message)
        except Exception as error:
            return ("failed", error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers or len(calls)) as pool:
        return list(pool.map(outcome, calls, timeout=60))


def kinds(outcomes):
    return sorted(kind for kind, _ in outcomes)
