"""The staff's "Orders" screens: orders filtered by status, financial year and school, exported as CSV;
marking an invoice paid; cancelling with a credit note; recording hours against a package; overdue
invoices on the dashboard. Each change goes through its service and shows a refusal on the form."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from portal.orders import selectors
from portal.orders.factories import InvoiceFactory, OrderFactory
from portal.orders.models import CreditNote, HoursEntry, OrderStatus
from portal.orders.services import basket as basket_services
from portal.orders.services import checkout, hours
from portal.orders.services.hours import HOURS_RECORDED
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import VerifiedUserFactory
from tests.portal.orders.conftest import A_PUPIL

pytestmark = pytest.mark.django_db


def admin_url(model_name, action="index", pk=None):
    return reverse(f"orders_{model_name}_modeladmin_{action}", args=[pk] if pk is not None else [])


@pytest.fixture
def riverside_order(catalogue, buyer, place_order):
    return place_order(buyer, packages=[(catalogue.silver, A_PUPIL)])


@pytest.fixture
def oakfield_order(catalogue, place_order):
    member = MembershipFactory(school=SchoolFactory(name="Oakfield Primary School"), roles=[Role.FINANCE])
    return place_order(member)


def test_orders_are_filtered_by_status_year_and_school(staff_client, riverside_order, oakfield_order):
    OrderFactory(
        school=oakfield_order.school, financial_year_start=2024, reference="ORD-OLD", status=OrderStatus.PAID
    )
    year = riverside_order.financial_year_start

    by_status = staff_client.get(admin_url("order"), {"status__exact": "paid"}).text
    by_year = staff_client.get(admin_url("order"), {"year": str(year)}).text
    by_school = staff_client.get(admin_url("order"), {"school__id__exact": riverside_order.school_id}).text

    assert "ORD-OLD" in by_status
    assert riverside_order.reference not in by_status
    assert riverside_order.reference in by_year
    assert oakfield_order.reference in by_year
    assert "ORD-OLD" not in by_year
    assert riverside_order.reference in by_school
    assert oakfield_order.reference not in by_school


def test_orders_are_exported_as_csv(staff_client, riverside_order, oakfield_order):
    response = staff_client.get(
        admin_url("order"), {"export": "csv", "school__id__exact": riverside_order.school_id}
    )

    content = b"".join(response.streaming_content).decode()
    header, row, *rest = content.strip().splitlines()
    assert response["Content-Disposition"].startswith('attachment; filename="orders')
    assert header.startswith("Reference,School,Urn,Financial Year,Status")
    assert riverside_order.reference in row
    assert "Riverside Primary School" in row
    assert "£1,550" in row
    assert "INV-00001" in row
    assert "PO-4471" in row
    assert "Silver Package (Pupil JS, Year 4)" in row
    assert rest == []


def test_staff_mark_an_invoice_paid(staff_client, riverside_order):
    form = staff_client.get(admin_url("order", "mark_paid", riverside_order.pk))
    refused = staff_client.post(
        admin_url("order", "mark_paid", riverside_order.pk), {"paid_on": "2026-11-02"}
    )
    done = staff_client.post(
        admin_url("order", "mark_paid", riverside_order.pk),
        {
            "paid_by_reference": "BACS 0412",
            "paid_on": datetime.date.today().isoformat(),
            "note": "Statement 14",
        },
    )

    riverside_order.refresh_from_db()
    assert form.status_code == 200
    assert "INV-00001" in form.text
    assert refused.status_code == 400
    assert "Enter the payment&#x27;s reference" in refused.text
    assert done.status_code == 302
    assert (riverside_order.status, riverside_order.paid_by_reference) == (OrderStatus.PAID, "BACS 0412")


def test_a_payment_made_on_an_earlier_day_is_dated_that_day(staff_client, riverside_order):
    staff_client.post(
        admin_url("order", "mark_paid", riverside_order.pk),
        {
            "paid_by_reference": "BACS 1",
            "paid_on": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
        },
    )

    riverside_order.refresh_from_db()
    assert riverside_order.paid_at.date() == datetime.date.today() - datetime.timedelta(days=3)


def test_staff_cancel_an_order_with_a_credit_note(staff_client, riverside_order):
    refused = staff_client.post(admin_url("order", "cancel", riverside_order.pk), {"reason": ""})
    done = staff_client.post(
        admin_url("order", "cancel", riverside_order.pk), {"reason": "Ordered twice"}, follow=True
    )

    assert refused.status_code == 400
    assert "Enter the reason for cancelling." in refused.text
    assert "Credit note CN-00001 has been emailed to finance@riverside.test" in done.text
    assert CreditNote.objects.get().reason == "Ordered twice"


def test_paid_and_cancelled_orders_offer_no_such_buttons(staff_client, riverside_order):
    listing_before = staff_client.get(admin_url("order")).text
    staff_client.post(admin_url("order", "cancel", riverside_order.pk), {"reason": "Ordered twice"})
    listing_after = staff_client.get(admin_url("order")).text
    again = staff_client.get(admin_url("order", "mark_paid", riverside_order.pk))

    assert admin_url("order", "mark_paid", riverside_order.pk) in listing_before
    assert admin_url("order", "mark_paid", riverside_order.pk) not in listing_after
    assert again.status_code == 302  # Wagtail's "permission denied"


def test_orders_are_read_only(staff_client, riverside_order):
    for response in [
        staff_client.get(admin_url("order", "create")),
        staff_client.get(admin_url("order", "edit", riverside_order.pk)),
        staff_client.post(admin_url("order", "delete", riverside_order.pk)),
    ]:
        assert response.status_code == 302
    inspect = staff_client.get(admin_url("order", "inspect", riverside_order.pk))
    assert inspect.status_code == 200
    assert "Silver Package" in inspect.text
    assert "0 of 12" in inspect.text


def test_staff_record_hours_and_see_the_balance(staff_client, staff_user, riverside_order, logged_changes):
    line = riverside_order.lines.get(package__isnull=False)
    url = admin_url("orderline", "record_hours", line.pk)
    data = {
        "worked_on": datetime.date.today().isoformat(),
        "kind": "observation",
        "delivered_by": "Sam Rivers",
    }

    recorded = staff_client.post(url, {**data, "hours": "11.5"}, follow=True)
    refused = staff_client.post(url, {**data, "hours": "1"})
    listing = staff_client.get(admin_url("orderline")).text

    assert "11.5 hours recorded against Silver Package (Pupil JS, Year 4)." in recorded.text
    assert refused.status_code == 400
    assert "Only 0.5 of the 12 hours of Silver Package (Pupil JS, Year 4) are left" in refused.text
    assert 'value="Sam Rivers"' in refused.text
    assert HoursEntry.objects.get().recorded_by == staff_user
    assert "Riverside Primary School" in listing
    assert logged_changes(riverside_order)[-1][0] == HOURS_RECORDED


def test_the_hours_list_shows_packages_not_the_universal_offer(staff_client, riverside_order, oakfield_order):
    listing = staff_client.get(admin_url("orderline")).text

    assert "Silver Package" in listing
    assert f"Universal Support Offer {oakfield_order.financial_year}" not in listing


def test_overdue_invoices_are_on_the_dashboard(staff_client, riverside_order):
    overdue = InvoiceFactory(
        order=OrderFactory(
            school=SchoolFactory(name="Brook Primary School"), total_pence=65_000, subtotal_pence=65_000
        ),
        due_on=datetime.date.today() - datetime.timedelta(days=1),
    )
    InvoiceFactory(
        order=OrderFactory(school=SchoolFactory(name="Paid Primary School"), paid=True),
        due_on=datetime.date.today() - datetime.timedelta(days=1),
    )

    dashboard = staff_client.get(reverse("wagtailadmin_home")).text
    filtered = staff_client.get(admin_url("invoice"), {"payment": "overdue"}).text

    assert "Overdue invoices" in dashboard
    assert overdue.display_number in dashboard
    assert "Brook Primary School" in dashboard
    assert "Paid Primary School" not in dashboard
    assert riverside_order.invoice.display_number not in dashboard  # not yet due
    assert overdue.display_number in filtered
    assert riverside_order.invoice.display_number not in filtered


def test_staff_open_invoices_and_credit_notes_as_pages_and_pdfs(staff_client, riverside_order):
    staff_client.post(admin_url("order", "cancel", riverside_order.pk), {"reason": "Ordered twice"})
    invoice = riverside_order.invoice
    credit_note = CreditNote.objects.get()

    page = staff_client.get(reverse("orders_admin_invoice", args=[invoice.pk]))
    pdf = staff_client.get(reverse("orders_admin_invoice_pdf", args=[invoice.pk]))
    credit_pdf = staff_client.get(reverse("orders_admin_credit_note_pdf", args=[credit_note.pk]))

    assert "Invoice INV-00001" in page.text
    assert pdf.content.startswith(b"%PDF-")
    assert credit_pdf.content.startswith(b"%PDF-")


def test_staff_without_the_permission_cannot_open_invoices(client, riverside_order):
    editors = Group.objects.create(name="Editors only")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = VerifiedUserFactory(is_staff=True)
    editor.groups.add(editors)
    client.force_login(editor)

    response = client.get(reverse("orders_admin_invoice_pdf", args=[riverside_order.invoice.pk]))
    dashboard = client.get(reverse("wagtailadmin_home")).text

    assert response.status_code in (302, 403)
    assert "Overdue invoices" not in dashboard


def test_the_order_history_shows_each_change_with_its_reason(staff_client, riverside_order):
    staff_client.post(admin_url("order", "cancel", riverside_order.pk), {"reason": "Ordered twice"})

    history = staff_client.get(admin_url("order", "history", riverside_order.pk)).text

    assert "Order placed" in history
    assert "Cancelled" in history
    assert "Ordered twice" in history


def test_staff_cancel_a_card_order_that_was_never_paid(staff_client, catalogue, buyer, basket_of):
    basket = basket_services.basket_add_universal_offer(basket=basket_of(buyer)).basket
    waiting = checkout.order_place_for_card_payment(basket=basket, placed_by=buyer.user)
    listing = staff_client.get(admin_url("order")).text

    done = staff_client.post(
        admin_url("order", "cancel_unpaid", waiting.pk), {"why": "No payment after a week"}
    )

    waiting.refresh_from_db()
    assert admin_url("order", "cancel_unpaid", waiting.pk) in listing
    assert admin_url("order", "mark_paid", waiting.pk) not in listing
    assert done.status_code == 302
    assert waiting.status == OrderStatus.CANCELLED
    assert not CreditNote.objects.exists()


def test_a_package_s_page_in_the_admin_shows_its_hours_log(staff_client, staff_user, riverside_order):
    line = riverside_order.lines.get(package__isnull=False)
    hours.hours_record(
        line=line,
        worked_on=datetime.date.today(),
        hours=3,
        kind="observation",
        delivered_by="Sam Rivers",
        note="Morning in class",
        recorded_by=staff_user,
    )

    text = staff_client.get(admin_url("orderline", "inspect", line.pk)).text

    assert "12 bought, 3 used, 9 left" in text
    assert "Morning in class" in text
    assert "Sam Rivers" in text


def test_staff_edit_the_unit_s_details_for_invoices(staff_client, home_page):
    url = reverse("wagtailsettings:edit", args=["orders", "buyingsettings", home_page.get_site().pk])

    page = staff_client.get(url)
    saved = staff_client.post(
        url,
        {
            "unit_name": "Stepping Stones Short Stay School",
            "address": "Unit Road\nMidtown",
            "email": "accounts@stepping-stones.test",
            "phone": "",
            "vat_number": "",
            "bank_details": "Sort code: 11-22-33",
            "payment_terms_days": "14",
            "unpaid_card_orders_expire_after_days": "3",
            "advance_purchase_opens_day": "1",
            "advance_purchase_opens_month": "3",
        },
    )

    assert page.status_code == 200
    assert "Buying next year" in page.text
    assert saved.status_code == 302
    assert selectors.buying_settings().payment_terms_days == 14


def test_a_school_with_orders_is_not_deleted(staff_client):
    order = OrderFactory(school=SchoolFactory(name="Closed Primary School"))

    response = staff_client.post(reverse("schools_school_modeladmin_delete", args=[order.school_id]))

    assert response.status_code == 200
    assert order.reference in response.text
    assert order.school.__class__.objects.filter(pk=order.school_id).exists()
