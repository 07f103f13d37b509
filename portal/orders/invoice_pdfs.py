"""Invoices and credit notes as documents: one template for the screen, the printer and the PDF.

`orders/documents/_invoice.html` and `_credit_note.html` hold the document itself. The portal shows it
inside the site's layout (whose print styles leave only the document on paper); the PDF and the staff's
copy render `document.html`, a page with nothing but the document, which WeasyPrint turns into a PDF.
The one stylesheet, `orders/documents.css`, serves all three.
"""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

from common.pdf import pdf_from_html
from portal.orders.models import Invoice

STYLESHEET = "orders/documents.css"
PDF = "application/pdf"


def invoice_context(invoice):
    order = invoice.order
    return {
        "document": invoice,
        "invoice": invoice,
        "order": order,
        "lines": list(order.lines.all()),
        "credit_note": getattr(invoice, "credit_note", None),
        "paid": order.paid_at is not None,
        "document_kind": "invoice",
        "title": f"Invoice {invoice.display_number}",
        "document_template": "orders/documents/_invoice.html",
    }


def credit_note_context(credit_note):
    invoice = credit_note.invoice
    return {
        "document": credit_note,
        "credit_note": credit_note,
        "invoice": invoice,
        "order": invoice.order,
        "lines": list(invoice.order.lines.all()),
        "document_kind": "credit note",
        "title": f"Credit note {credit_note.display_number}",
        "document_template": "orders/documents/_credit_note.html",
    }


def _stylesheet():
    with open(finders.find(STYLESHEET), encoding="utf-8") as css:
        return css.read()


def standalone_html(context, request=None) -> str:
    """The document alone on a page, its stylesheet inline (for the PDF, and the staff's printable copy)."""
    return render_to_string(
        "orders/documents/document.html", {**context, "stylesheet": _stylesheet()}, request
    )


def pdf_response(context, *, filename) -> HttpResponse:
    response = HttpResponse(pdf_from_html(standalone_html(context)), content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def invoice_attachment(*, invoice_id) -> tuple[str, bytes, str]:
    """The invoice's PDF as an email attachment, made by the task worker as it sends the invoice email."""
    invoice = Invoice.objects.select_related("order").get(pk=invoice_id)
    return f"{invoice.display_number}.pdf", pdf_from_html(standalone_html(invoice_context(invoice))), PDF


def invoice_pdf_response(invoice):
    return pdf_response(invoice_context(invoice), filename=f"{invoice.display_number}.pdf")


def credit_note_pdf_response(credit_note):
    return pdf_response(credit_note_context(credit_note), filename=f"{credit_note.display_number}.pdf")
