"""The end-of-placement report as a document: one template for the portal's page, the printer and the
PDF. It is laid out like the invoices, with their stylesheet and their PDF maker
(`portal.orders.invoice_pdfs`), so the school's documents from the unit look alike."""

from home.models import ContactSettings
from portal.orders import invoice_pdfs

TEMPLATE = "placements/reports/_report.html"


def report_context(*, placement, report, request):
    return {
        "report": report,
        "placement": placement,
        "unit": ContactSettings.for_request(request),
        "title": f"End-of-placement report on {placement.reference}",
        "document_template": TEMPLATE,
    }


def report_pdf_response(*, placement, report, request):
    return invoice_pdfs.pdf_response(
        report_context(placement=placement, report=report, request=request),
        filename=f"{placement.reference}-report.pdf",
    )
