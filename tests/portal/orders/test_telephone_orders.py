"""Telephone orders: staff place an order by invoice for a school in the admin, under the portal's rules."""

import pytest
from django.urls import reverse

from common.errors import DomainError
from portal.orders.models import Order, OrderStatus
from portal.orders.services import rules
from portal.orders.services.telephone_orders import NOTHING_CHOSEN, TelephoneLine, order_place_by_telephone
from services.financial_years import FinancialYear
from tests.portal.orders.conftest import A_PUPIL, invoice_details

pytestmark = pytest.mark.django_db

THIS_YEAR = FinancialYear.current()


def take(school, staff_user, **changes):
    fields = {
        "school": school,
        "taken_by": staff_user,
        "year": THIS_YEAR,
        "universal_offer": True,
        "packages": [],
        "invoice_details": invoice_details(),
    }
    return order_place_by_telephone(**{**fields, **changes})


def test_staff_place_an_invoiced_order_with_a_package_for_a_pupil(school, staff_user, catalogue):
    order = take(school, staff_user, packages=[TelephoneLine(catalogue.bronze, A_PUPIL)])

    assert (order.school, order.status, order.placed_by) == (school, OrderStatus.INVOICED, staff_user)
    assert order.total_pence == 55_000 + 65_000
    assert [line.pupil_initials for line in order.lines.all()] == ["", "JS"]
    assert order.invoice.purchase_order_number == "PO-4471"


def test_the_portal_s_rules_apply_and_nothing_changes_when_refused(school, staff_user, catalogue):
    with pytest.raises(DomainError, match="Universal"):
        take(school, staff_user, universal_offer=False, packages=[TelephoneLine(catalogue.bronze, A_PUPIL)])
    take(school, staff_user)
    with pytest.raises(DomainError) as second_offer:
        take(school, staff_user)
    with pytest.raises(DomainError, match=NOTHING_CHOSEN):
        take(school, staff_user, universal_offer=False)

    assert "already" in second_offer.value.message
    assert Order.objects.count() == 1


def test_a_package_line_needs_its_focus(school, staff_user, catalogue):
    with pytest.raises(DomainError) as refused:
        take(school, staff_user, packages=[TelephoneLine(catalogue.bronze, rules.Focus("pupil"))])

    assert refused.value.field == "pupil_initials"
    assert not Order.objects.exists()


def test_the_admin_page_places_the_order(staff_client, school, catalogue):
    url = reverse("orders_order_modeladmin_telephone")
    assert url in staff_client.get(reverse("orders_order_modeladmin_index")).text
    assert staff_client.get(url).status_code == 200
    form = {
        "school": school.pk,
        "year": THIS_YEAR.start_year,
        "universal_offer": "on",
        "package": catalogue.bronze.pk,
        "focus_kind": "pupil",
        "pupil_initials": "AB",
        "pupil_year_group": "",
        "purchase_order_number": "PO-9",
        "finance_contact_name": "Pat Okafor",
        "finance_contact_email": "finance@riverside.test",
    }

    refused = staff_client.post(url, form)
    assert refused.status_code == 400
    assert refused.context["form"].errors["pupil_year_group"] == [rules.YEAR_GROUP_REQUIRED]
    assert 'value="PO-9"' in refused.text
    assert not Order.objects.exists()

    placed = staff_client.post(url, {**form, "pupil_year_group": "4"})
    assert placed.status_code == 302
    order = Order.objects.get()
    assert order.invoice.purchase_order_number == "PO-9"
    assert order.lines.count() == 2
