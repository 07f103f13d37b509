"""The emails about an order, each sent once its change is committed: the order confirmation to the
buyer, the invoice to the finance contact (with a link to it), payment received, and the credit note."""

import io

import pypdf
import pytest
from django.urls import reverse

from common.errors import DomainError
from portal.orders.services import basket as basket_services
from portal.orders.services import cancellations, checkout, payments
from tests.portal.orders.conftest import A_PUPIL, invoice_details

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def order(catalogue, buyer, place_order, sent):
    with sent() as emails:
        order = place_order(
            buyer,
            packages=[(catalogue.bronze, A_PUPIL)],
            details=invoice_details(finance_contact_email="accounts@riverside.test"),
        )
    order.emails = emails.messages
    return order


def test_the_buyer_gets_a_confirmation_with_what_was_bought(order):
    confirmation = order.emails[0]

    assert confirmation.to == ["bursar@riverside.test"]
    assert f"Order: {order.reference}" in confirmation.body
    assert "Total: £1,200" in confirmation.body
    assert "Invoice INV-00001 has been sent to Pat Okafor at accounts@riverside.test" in confirmation.body
    assert f"http://localhost{reverse('orders:order', args=[order.pk])}" in confirmation.body


def test_the_finance_contact_gets_the_invoice_as_a_pdf_and_a_link_to_it(order):
    """The finance contact may have no role in the portal that opens the invoice: the PDF is attached."""
    invoice_email = order.emails[1]

    assert invoice_email.to == ["accounts@riverside.test"]
    assert "Dear Pat Okafor," in invoice_email.body
    assert "PO number: PO-4471" in invoice_email.body
    assert "Amount: £1,200" in invoice_email.body
    assert "The invoice is attached as a PDF." in invoice_email.body
    assert f"http://localhost{reverse('orders:invoice', args=[order.invoice.pk])}" in invoice_email.body
    assert len(order.emails) == 2
    (attachment,) = invoice_email.attachments
    assert (attachment.filename, attachment.mimetype) == ("INV-00001.pdf", "application/pdf")
    assert attachment.content.startswith(b"%PDF")
    printed = pdf_text(attachment.content)
    assert "INV-00001" in printed
    assert "PO-4471" in printed


def test_the_buyer_s_confirmation_says_the_hours_bought_and_the_vat(order):
    confirmation = order.emails[0]

    assert (
        "- Bronze Package (Pupil JS, Year 4), 7 hours of specialist-teacher time: £650" in confirmation.body
    )
    assert "Total: £1,200 (no VAT is charged)" in confirmation.body


def test_the_finance_contact_is_told_when_the_payment_arrives(order, staff_user, sent):
    with sent() as emails:
        payments.order_mark_paid(order=order, paid_by_reference="BACS 0412", marked_by=staff_user)

    (receipt,) = emails.messages
    assert receipt.to == ["accounts@riverside.test"]
    assert receipt.subject == f"Payment received for {order.reference} (invoice INV-00001)"
    assert "We have received £1,200 from Riverside Primary School" in receipt.body
    assert "Payment reference: BACS 0412" in receipt.body


def test_a_card_order_is_confirmed_to_the_buyer_once_paid_and_not_before(catalogue, buyer, basket_of, sent):
    basket = basket_of(buyer)
    basket_services.basket_add_universal_offer(basket=basket)
    with sent() as placing:
        order = checkout.order_place_for_card_payment(basket=basket, placed_by=buyer.user)

    with sent() as paying:
        payments.order_mark_paid(order=order, paid_by_reference="pi_3Abc")
    with sent() as confirming_again:
        payments.order_mark_paid(order=order, paid_by_reference="pi_3Abc")

    assert placing.messages == []
    (confirmation,) = paying.messages
    assert confirmation.to == ["bursar@riverside.test"]
    assert confirmation.subject == f"Your order {order.reference} for Riverside Primary School"
    assert "Status: Paid" in confirmation.body
    assert "Paid by card on" in confirmation.body
    assert "(payment reference pi_3Abc)" in confirmation.body
    assert "- Universal Support Offer" in confirmation.body
    assert confirming_again.messages == [], "the webhook and the buyer's return confirm one payment once"


def test_the_order_confirmation_s_html_lists_the_lines_in_a_table(order):
    [(html, _)] = order.emails[0].alternatives

    assert "<caption" in html
    assert "What you bought" in html
    assert "Bronze Package" in html
    assert "Pupil JS, Year 4" in html
    assert f'href="http://localhost{reverse("orders:order", args=[order.pk])}"' in html
    assert "£1,200" in html


def test_the_finance_contact_gets_the_credit_note(order, staff_user, sent):
    with sent() as emails:
        cancellations.order_cancel_with_credit_note(
            order=order, cancelled_by=staff_user, reason="Ordered twice"
        )

    (credit_note_email,) = emails.messages
    assert credit_note_email.to == ["accounts@riverside.test"]
    assert credit_note_email.subject == "Credit note CN-00001: invoice INV-00001 is cancelled"
    assert "Reason: Ordered twice" in credit_note_email.body
    assert "Please do not pay it." in credit_note_email.body
    assert reverse("orders:credit_note", args=[order.invoice.credit_note.pk]) in credit_note_email.body


def test_nothing_is_sent_when_the_order_is_refused(catalogue, buyer, basket_of, sent):
    basket = basket_of(buyer)

    with sent() as emails, pytest.raises(DomainError, match="basket is empty"):
        checkout.order_place_by_invoice(
            basket=basket, placed_by=buyer.user, invoice_details=invoice_details()
        )

    assert emails.messages == []
