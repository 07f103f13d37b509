"""The emails about an order, each rendered now and sent once the change is committed."""

from common.email import send_after_commit
from portal.orders import invoice_pdfs, selectors


def send_order_confirmation(order, lines):
    if order.placed_by is None:
        return
    send_after_commit(
        "orders/email/order_confirmation",
        to=order.placed_by.email,
        context={
            "order": order,
            "lines": lines,
            "invoice": getattr(order, "invoice", None),
            "order_url": selectors.order_url(order=order),
        },
    )


def send_invoice(invoice):
    """To the finance contact, with the invoice's PDF: they may not have a role in the portal to open it."""
    send_after_commit(
        "orders/email/invoice",
        to=invoice.finance_contact_email,
        context={
            "invoice": invoice,
            "order": invoice.order,
            "invoice_url": selectors.invoice_url(invoice=invoice),
        },
        made_attachments=[(invoice_pdfs.invoice_attachment, {"invoice_id": invoice.pk})],
    )


def send_payment_received(order):
    to = selectors.payment_contact(order=order)
    if not to:
        return
    send_after_commit(
        "orders/email/payment_received",
        to=to,
        context={
            "order": order,
            "invoice": getattr(order, "invoice", None),
            "order_url": selectors.order_url(order=order),
        },
    )


def send_credit_note(credit_note):
    invoice = credit_note.invoice
    send_after_commit(
        "orders/email/credit_note",
        to=invoice.finance_contact_email,
        context={
            "credit_note": credit_note,
            "invoice": invoice,
            "order": invoice.order,
            "credit_note_url": selectors.credit_note_url(credit_note=credit_note),
        },
    )


def send_unpaid_cancelled(order):
    """An unpaid card order was cancelled for waiting too long: the buyer is told."""
    if order.placed_by is None:
        return
    send_after_commit(
        "orders/email/unpaid_cancelled",
        to=order.placed_by.email,
        context={"order": order, "order_url": selectors.order_url(order=order)},
    )
