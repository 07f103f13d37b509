"""Invoices and credit notes in the admin: the list (with what is overdue), the printable page and the
PDF, and the dashboard panel of overdue invoices."""

from django.contrib.admin import SimpleListFilter, display
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.options import ModelAdmin

from common import workflows
from common.admin import ReadOnlyPermissionHelper, RecordActionButtonHelper, link_button, require_permission
from common.money import format_pence
from portal.orders import invoice_pdfs, selectors
from portal.orders.models import CreditNote, Invoice, OrderStatus

VIEW_INVOICE = "orders.view_invoice"
VIEW_CREDIT_NOTE = "orders.view_creditnote"


class InvoiceStateFilter(SimpleListFilter):
    title = "payment"
    parameter_name = "payment"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("awaiting", "Awaiting payment"),
            ("paid", "Paid"),
            ("cancelled", "Cancelled"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "overdue":
            return queryset.filter(pk__in=selectors.overdue_invoices(today=timezone.localdate()).values("pk"))
        statuses = {
            "awaiting": OrderStatus.INVOICED,
            "paid": OrderStatus.PAID,
            "cancelled": OrderStatus.CANCELLED,
        }
        if value in statuses:
            return queryset.filter(order__status=statuses[value])
        return queryset


class InvoiceButtonHelper(RecordActionButtonHelper):
    """An invoice's page and PDF, its credit note, and marking it paid; nothing is edited here."""

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        return self.links(obj)

    def links(self, obj):
        buttons = [
            link_button(
                self,
                url=document_url("invoice", obj.pk),
                label="View",
                title=f"View invoice {obj.display_number}",
            ),
            link_button(
                self,
                url=document_url("invoice", obj.pk, pdf=True),
                label="PDF",
                title=f"Download invoice {obj.display_number} as a PDF",
            ),
        ]
        credit_note = getattr(obj, "credit_note", None)
        if credit_note is not None:
            buttons.append(
                link_button(
                    self,
                    url=document_url("credit_note", credit_note.pk, pdf=True),
                    label=f"Credit note {credit_note.display_number}",
                    title=f"Download credit note {credit_note.display_number} as a PDF",
                )
            )
        if workflows.may(obj.order, "mark_paid", self.request.user):
            buttons.append(
                link_button(
                    self,
                    url=reverse("orders_order_modeladmin_mark_paid", args=[obj.order_id]),
                    label="Mark paid",
                    title=f"Mark invoice {obj.display_number} paid",
                    secondary=False,
                )
            )
        return buttons


class InvoiceAdmin(ModelAdmin):
    model = Invoice
    menu_label = "Invoices"
    menu_icon = "doc-full"
    list_display = ["display_number", "school_name", "order", "issued_on", "due_on", "amount", "state"]
    list_filter = [InvoiceStateFilter]
    search_fields = ["school_name", "purchase_order_number", "order__reference", "finance_contact_email"]
    list_per_page = 50
    permission_helper_class = ReadOnlyPermissionHelper
    button_helper_class = InvoiceButtonHelper

    def get_queryset(self, request):
        return selectors.with_is_overdue(
            super().get_queryset(request).select_related("order", "order__school", "credit_note"),
            today=timezone.localdate(),
        )

    @display(description="amount", ordering="order__total_pence")
    def amount(self, invoice):
        return format_pence(invoice.order.total_pence)

    @display(description="payment")
    def state(self, invoice):
        if invoice.is_overdue:
            return "Overdue"
        return invoice.order.get_status_display()


def document_url(kind, pk, *, pdf=False):
    return reverse(f"orders_admin_{kind}{'_pdf' if pdf else ''}", args=[pk])


def _staff_invoice(request, pk):
    require_permission(request, VIEW_INVOICE)
    return get_object_or_404(Invoice.objects.select_related("order", "order__school"), pk=pk)


def _staff_credit_note(request, pk):
    require_permission(request, VIEW_CREDIT_NOTE)
    return get_object_or_404(CreditNote.objects.select_related("invoice__order__school"), pk=pk)


def staff_invoice(request, pk):
    invoice = _staff_invoice(request, pk)
    return HttpResponse(invoice_pdfs.standalone_html(invoice_pdfs.invoice_context(invoice), request))


def staff_invoice_pdf(request, pk):
    return invoice_pdfs.invoice_pdf_response(_staff_invoice(request, pk))


def staff_credit_note(request, pk):
    credit_note = _staff_credit_note(request, pk)
    return HttpResponse(invoice_pdfs.standalone_html(invoice_pdfs.credit_note_context(credit_note), request))


def staff_credit_note_pdf(request, pk):
    return invoice_pdfs.credit_note_pdf_response(_staff_credit_note(request, pk))


class OverdueInvoicesPanel(Component):
    """Invoices past their due date and not paid, oldest first, on the admin's dashboard."""

    name = "overdue_invoices"
    template_name = "orders/admin/overdue_invoices_panel.html"
    order = 90
    shown = 10

    def get_context_data(self, parent_context):
        overdue = selectors.overdue_invoices(today=timezone.localdate())
        return {
            "invoices": list(overdue[: self.shown]),
            "count": overdue.count(),
            "index_url": reverse("orders_invoice_modeladmin_index") + "?payment=overdue",
        }
