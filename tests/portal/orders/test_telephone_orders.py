"""Telephone orders: staff place an order by invoice for a school in the admin, under the portal's rules."""

import pytest
from django.urls import reverse

from common.errors import DomainError
from common.financial_years import FinancialYear
from portal.orders.models import Order, OrderStatus
from portal.orders.services import rules
from portal.orders.services.telephone_orders import (
    NOTHING_CHOSEN,
    PackageRefused,
    TelephoneLine,
    order_place_by_telephone,
)
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


def test_a_refusal_names_the_package_it_is_about(school, staff_user, catalogue):
    lines = [TelephoneLine(catalogue.bronze, A_PUPIL), TelephoneLine(catalogue.silver, rules.Focus("pupil"))]

    with pytest.raises(PackageRefused) as refused:
        take(school, staff_user, packages=lines)

    assert (refused.value.position, refused.value.field) == (1, "pupil_initials")
    assert not Order.objects.exists()


def test_the_admin_page_places_the_order(staff_client, school, catalogue):
    url = reverse("orders_order_modeladmin_telephone")
    assert url in staff_client.get(reverse("orders_order_modeladmin_index")).text
    assert staff_client.get(url).status_code == 200
    form = telephone_order_form(
        school,
        {"package": catalogue.bronze.pk, "focus_kind": "class", "class_name": "Oak class"},
        {"package": catalogue.silver.pk, "focus_kind": "pupil", "pupil_initials": "AB"},
        {"package": catalogue.consultancy.pk, "focus_kind": "school", "hours": "3"},
    )

    refused = staff_client.post(url, form)
    assert refused.status_code == 400
    second_row = refused.context["formset"].forms[1]
    assert second_row.errors["pupil_year_group"] == [rules.YEAR_GROUP_REQUIRED]
    assert refused.context["formset"].forms[0].errors == {}
    assert 'value="PO-9"' in refused.text
    assert 'value="Oak class"' in refused.text, "nothing typed is lost"
    assert not Order.objects.exists()

    placed = staff_client.post(url, {**form, "packages-1-pupil_year_group": "4"})
    assert placed.status_code == 302
    order = Order.objects.get()
    assert order.invoice.purchase_order_number == "PO-9"
    assert [line.description for line in order.lines.all()] == [
        str(catalogue.offer),
        "Bronze Package",
        "Silver Package",
        "Consultancy",
    ]
    assert order.total_pence == 55_000 + 65_000 + 100_000 + 3 * 10_000


def telephone_order_form(school, *package_rows):
    """The telephone order form as posted: this year's offer for `school`, by invoice, and each package
    row's fields with the rows' management form."""
    data = {
        "school": school.pk,
        "year": THIS_YEAR.start_year,
        "universal_offer": "on",
        "purchase_order_number": "PO-9",
        "finance_contact_name": "Pat Okafor",
        "finance_contact_email": "finance@riverside.test",
        "packages-TOTAL_FORMS": str(len(package_rows)),
        "packages-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(package_rows):
        data.update({f"packages-{index}-{name}": value for name, value in row.items()})
    return data


def test_an_order_of_more_packages_than_the_form_allows_is_refused(staff_client, school, catalogue):
    rows = [{"package": catalogue.bronze.pk, "focus_kind": "class", "class_name": "Oak"}] * 11
    form = telephone_order_form(school, *rows)

    response = staff_client.post(reverse("orders_order_modeladmin_telephone"), form)

    assert response.status_code == 400
    assert response.context["formset"].non_form_errors()
    assert not Order.objects.exists()
