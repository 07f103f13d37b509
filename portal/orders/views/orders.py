"""A school's orders, each order, the hours log of what it holds, and its invoices and credit notes (as
pages that print cleanly, and as PDFs). Every id is looked up among the acting school's own records."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common import workflows
from common.errors import DomainError
from portal.access import school_context, school_view
from portal.orders import invoice_pdfs, selectors
from portal.orders.services import cancellations

CANCELLED_BY_SCHOOL = "Cancelled by the school before paying."


def _school(request):
    return request.membership.school


@school_view(needs="can_buy")
def order_list(request):
    return render(
        request,
        "orders/orders/list.html",
        school_context(request, orders=selectors.orders_for(school=_school(request))),
    )


@school_view(needs="can_buy")
def order_detail(request, pk):
    order = get_object_or_404(selectors.orders_for(school=_school(request)), pk=pk)
    invoice = getattr(order, "invoice", None)
    payments, refunds = selectors.payments_and_refunds_of(order=order)
    return render(
        request,
        "orders/orders/detail.html",
        school_context(
            request,
            order=order,
            lines=list(selectors.order_lines_of(order=order)),
            card_payments=payments,
            refunds=refunds,
            may_cancel=workflows.may(order, "cancel_unpaid", request.membership),
            invoice=invoice,
            credit_note=getattr(invoice, "credit_note", None) if invoice else None,
        ),
    )


@school_view(needs="can_buy")
@require_POST
def cancel_unpaid(request, pk):
    """The school gives up on a card order it has not paid: nothing was charged, so nothing is owed."""
    order = get_object_or_404(selectors.orders_for(school=_school(request)), pk=pk)
    try:
        cancellations.order_cancel_unpaid(
            order=order, cancelled_by=request.membership, why=CANCELLED_BY_SCHOOL
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Order {order.reference} is cancelled. Nothing has been charged for it.")
    return redirect("orders:order", pk=order.pk)


@school_view(needs="can_book")
def package_hours(request, pk):
    """A package the school holds: its hours bought, used and left, and the log of work delivered. Every
    member of the school may see it."""
    line = get_object_or_404(selectors.package_lines_for(school=_school(request)), pk=pk)
    return render(
        request,
        "orders/orders/package_hours.html",
        school_context(request, line=line, entries=selectors.hours_entries_of(line=line)),
    )


def _document_page(request, context):
    return render(request, "orders/documents/page.html", school_context(request, **context))


@school_view(needs="can_buy")
def invoice(request, pk):
    invoice = get_object_or_404(selectors.invoices_for(school=_school(request)), pk=pk)
    return _document_page(request, invoice_pdfs.invoice_context(invoice))


@school_view(needs="can_buy")
def invoice_pdf(request, pk):
    return invoice_pdfs.invoice_pdf_response(
        get_object_or_404(selectors.invoices_for(school=_school(request)), pk=pk)
    )


@school_view(needs="can_buy")
def credit_note(request, pk):
    credit_note = get_object_or_404(selectors.credit_notes_for(school=_school(request)), pk=pk)
    return _document_page(request, invoice_pdfs.credit_note_context(credit_note))


@school_view(needs="can_buy")
def credit_note_pdf(request, pk):
    return invoice_pdfs.credit_note_pdf_response(
        get_object_or_404(selectors.credit_notes_for(school=_school(request)), pk=pk)
    )
