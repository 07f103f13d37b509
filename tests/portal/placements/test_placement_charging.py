"""Starting a placement raises the home school's invoiced order for the price in the placement terms, with
the note about the funding attached to the child, and emails the invoice to the school's finance contact;
a refused start charges nothing."""

from datetime import date

import pytest
from django.core import mail

from common.errors import DomainError
from portal.orders.models import Order, OrderStatus, ProductKind
from portal.placements.factories import PlacementCapacityFactory
from portal.placements.models import ExcludedPupilsWeek, PlacementTerms
from tests.portal.placements.conftest import start_placement


@pytest.fixture
def places(db):
    return PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)


def test_the_home_school_is_invoiced_for_the_placement_with_the_funding_note(
    school_year, places, offer, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        placement = start_placement(offer, staff_user)

    order = placement.order
    assert (order.school, order.status, order.total_pence) == (
        placement.school,
        OrderStatus.INVOICED,
        290_000,
    )
    [line] = order.lines.all()
    assert line.kind == ProductKind.PLACEMENT
    assert line.description == (
        f"Referral placement {placement.reference} from 7 September 2026, plus any funding attached to the "
        "child, such as pupil premium or high-needs funding"
    )
    invoice = order.invoice
    assert (invoice.finance_contact_email, invoice.has_no_purchase_order) == (
        placement.school.finance_email,
        True,
    )
    assert [message.to for message in mail.outbox] == [[placement.school.finance_email]]


def test_the_price_and_vat_come_from_the_terms_and_the_po_number_goes_on_the_invoice(
    school_year, places, offer, staff_user
):
    terms = PlacementTerms.load()
    terms.price_pence, terms.vat_rate = 300_000, 20
    terms.save()

    placement = start_placement(offer, staff_user, purchase_order_number=" PO-123 ")

    assert (placement.order.subtotal_pence, placement.order.total_pence) == (300_000, 360_000)
    assert placement.order.invoice.purchase_order_number == "PO-123"


def test_a_refused_start_charges_nothing(school_year, places, offer, staff_user):
    ExcludedPupilsWeek.objects.create(week_starting=date(2026, 9, 7), pupils=36)

    with pytest.raises(DomainError):
        start_placement(offer, staff_user)

    assert not Order.objects.exists()
    assert mail.outbox == []
