"""The invoice (and credit note): a web page that prints cleanly and a PDF from the same template, with
its number, the PO number, the school's and the unit's details, the lines, VAT and the due date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.orders import invoice_pdfs, selectors
from portal.orders.services import cancellations, payments
from tests.portal.orders.conftest import A_PUPIL, invoice_details

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_details(home_page):
    buying = selectors.buying_settings()
    buying.address = "Unit Road\nMidtown\nMT1 1SS"
    buying.email = "accounts@stepping-stones.test"
    buying.vat_number = "GB 123 4567 89"
    buying.bank_details = "Sort code: 11-22-33\nAccount number: 12345678"
    buying.payment_terms_days = 14
    buying.save()
    return buying


@pytest.fixture
def order(unit_details, catalogue, buyer, place_order):
    return place_order(buyer, packages=[(catalogue.bronze, A_PUPIL)])


def test_the_invoice_page_has_everything_an_invoice_needs(buyer_client, order):
    invoice = order.invoice

    text = buyer_client.get(reverse("orders:invoice", args=[invoice.pk])).text

    for expected in [
        "Invoice INV-00001",
        "PO-4471",
        f"{invoice.issued_on:%-d %B %Y}",
        f"Due by</dt><dd>{invoice.due_on:%-d %B %Y} (14 days)",
        "Riverside Primary School",
        "1 School Lane",  # the school's address
        "For the attention of Pat Okafor",
        "Stepping Stones Short Stay School",
        "Unit Road",
        "VAT number GB 123 4567 89",
        "Sort code: 11-22-33",
        "Bronze Package",
        "Pupil JS, Year 4",
        "£650",
        "No VAT is charged",  # the VAT of each line, in words
        "Total due",
        "£1,200",
        reverse("orders:invoice_pdf", args=[invoice.pk]),
    ]:
        assert expected in text, expected
    assert invoice.due_on == invoice.issued_on + datetime.timedelta(days=14)


def test_the_page_prints_only_the_invoice(buyer_client, order):
    text = buyer_client.get(reverse("orders:invoice", args=[order.invoice.pk])).text
    with open(invoice_pdfs.finders.find(invoice_pdfs.STYLESHEET), encoding="utf-8") as css:
        stylesheet = css.read()

    assert "/static/orders/documents.css" in text
    assert "@media print" in stylesheet
    assert ".breadcrumbs, .portal-school-bar, .document-actions" in stylesheet


def test_the_invoice_downloads_as_a_pdf(buyer_client, order):
    response = buyer_client.get(reverse("orders:invoice_pdf", args=[order.invoice.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="INV-00001.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")


def test_the_pdf_is_made_from_the_same_document_template(order):
    html = invoice_pdfs.standalone_html(invoice_pdfs.invoice_context(order.invoice))

    assert "Invoice INV-00001" in html
    assert "@page" in html  # the stylesheet is inline, for WeasyPrint
    assert "Sort code: 11-22-33" in html


def test_a_later_change_to_the_unit_s_details_leaves_an_issued_invoice_alone(
    buyer_client, order, unit_details
):
    unit_details.bank_details = "Sort code: 99-99-99"
    unit_details.save()

    text = buyer_client.get(reverse("orders:invoice", args=[order.invoice.pk])).text

    assert "Sort code: 11-22-33" in text
    assert "99-99-99" not in text


def test_an_invoice_with_no_po_number_says_so(unit_details, catalogue, buyer, place_order, buyer_client):
    order = place_order(buyer, details=invoice_details(purchase_order_number="", has_no_purchase_order=True))

    assert "No PO number" in buyer_client.get(reverse("orders:invoice", args=[order.invoice.pk])).text


def test_a_cancelled_invoice_points_to_its_credit_note(buyer_client, order, staff_user):
    cancellations.order_cancel_with_credit_note(order=order, cancelled_by=staff_user, reason="Ordered twice")
    credit_note = order.invoice.credit_note

    invoice_page = buyer_client.get(reverse("orders:invoice", args=[order.invoice.pk])).text
    credit_note_page = buyer_client.get(reverse("orders:credit_note", args=[credit_note.pk])).text
    credit_note_pdf = buyer_client.get(reverse("orders:credit_note_pdf", args=[credit_note.pk]))

    assert "Cancelled by credit note CN-00001" in invoice_page
    assert "Credit note CN-00001" in credit_note_page
    assert "Ordered twice" in credit_note_page
    assert "Total credited" in credit_note_page
    assert credit_note_pdf.content.startswith(b"%PDF-")


def test_a_paid_invoice_says_when_it_was_paid(buyer_client, order, staff_user):
    payments.order_mark_paid(order=order, paid_by_reference="BACS 881", marked_by=staff_user)

    text = buyer_client.get(reverse("orders:invoice", args=[order.invoice.pk])).text

    assert f"Paid {timezone.localdate():%-d %B %Y}" in text
