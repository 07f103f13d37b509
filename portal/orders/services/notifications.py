"""The emails about an order, each rendered now and sent once the change is committed."""

from django.urls import reverse

from common.email import send_after_commit
from common.urls import absolute_url


def order_url(order):
    return absolute_url(reverse("orders:order", args=[order.pk]))


def invoice_url(invoice):
    return absolute_url(reverse("orders:invoice", args=[invoice.pk]))


def credit_note_url(credit_note):
    return absolute_url(reverse("orders:credit_note", args=[credit_note.pk]))


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
            "order_url": order_url(order),
        },
    )


def send_invoice(invoice):
    send_after_commit(
        "orders/email/invoice",
        to=invoice.finance_contact_email,
        context={"invoice": invoice, "order": invoice.order, "invoice_url": invoice_url(invoice)},
    )


def payment_contact(order):
    """Who hears about the money: the finance contact named on the invoice, or whoever paid by card."""
    invoice = getattr(order, "invoice", None)
    if invoice is not None:
        return invoice.finance_contact_email
    return order.placed_by.email if order.placed_by is not None else ""


def send_payment_received(order):
    to = payment_contact(order)
    if not to:
        return
    send_after_commit(
        "orders/email/payment_received",
        to=to,
        context={"order": order, "invoice": getattr(order, "invoice", None), "order_url": order_url(order)},
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
            "credit_note_url": credit_note_url(credit_note),
        },
    )
