"""Invoices and credit notes: issuing them with the next gapless number and the details they carry."""

import datetime
from dataclasses import dataclass

from common.errors import DomainError
from portal.orders import selectors
from portal.orders.models import CreditNote, Invoice
from portal.orders.services import numbering

PO_NUMBER_OR_NONE = (
    "Enter the school's purchase order (PO) number, or select that the school does not have one."
)
PO_NUMBER_AND_NONE = "Enter a PO number or select that the school does not have one, not both."
FINANCE_CONTACT_NAME_REQUIRED = "Enter the name of the person who pays invoices at your school."
FINANCE_CONTACT_EMAIL_REQUIRED = "Enter the email address to send the invoice to."


@dataclass(frozen=True)
class InvoiceDetails:
    """What the buyer tells us for an invoice."""

    purchase_order_number: str
    has_no_purchase_order: bool
    finance_contact_name: str
    finance_contact_email: str


def check_invoice_details(details: InvoiceDetails) -> InvoiceDetails:
    """A PO number or "the school has none" (one of the two), and whom to send the invoice to."""
    po_number = " ".join(details.purchase_order_number.split())
    if po_number and details.has_no_purchase_order:
        raise DomainError(PO_NUMBER_AND_NONE, field="purchase_order_number")
    if not po_number and not details.has_no_purchase_order:
        raise DomainError(PO_NUMBER_OR_NONE, field="purchase_order_number")
    name = " ".join(details.finance_contact_name.split())
    if not name:
        raise DomainError(FINANCE_CONTACT_NAME_REQUIRED, field="finance_contact_name")
    email = details.finance_contact_email.strip()
    if not email:
        raise DomainError(FINANCE_CONTACT_EMAIL_REQUIRED, field="finance_contact_email")
    return InvoiceDetails(po_number, not po_number, name, email)


def invoice_issue(*, order, details: InvoiceDetails, today: datetime.date) -> Invoice:
    """Issue the invoice of `order`, numbered in the caller's transaction, due after the payment terms."""
    details = check_invoice_details(details)
    settings = selectors.buying_settings()
    return Invoice.objects.create(
        order=order,
        number=numbering.next_number(numbering.INVOICE),
        issued_on=today,
        due_on=today + datetime.timedelta(days=settings.payment_terms_days),
        purchase_order_number=details.purchase_order_number,
        has_no_purchase_order=details.has_no_purchase_order,
        finance_contact_name=details.finance_contact_name,
        finance_contact_email=details.finance_contact_email,
        school_name=order.school.name,
        school_address=order.school.address,
        seller_name=settings.unit_name,
        seller_address=settings.address,
        seller_email=settings.email,
        seller_phone=settings.phone,
        seller_vat_number=settings.vat_number,
        bank_details=settings.bank_details,
        payment_terms_days=settings.payment_terms_days,
    )


def credit_note_issue(*, invoice, reason, issued_by, today: datetime.date) -> CreditNote:
    """A credit note for the whole of `invoice`, numbered in the caller's transaction."""
    return CreditNote.objects.create(
        invoice=invoice,
        number=numbering.next_number(numbering.CREDIT_NOTE),
        issued_on=today,
        amount_pence=invoice.order.total_pence,
        reason=reason,
        issued_by=issued_by,
    )
