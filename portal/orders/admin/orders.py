"""Orders in the admin: filter, export, and each declared transition (mark paid, cancel with a credit
note, cancel unpaid) plus refunds, each through its service.

Nothing here edits an order with a raw form: the service checks the order's state, records who did it
and why on the order's History page, and emails the school. Orders are never deleted (invoice numbers
must have no gaps).
"""

import datetime
from decimal import Decimal

from django import forms
from django.contrib.admin import display
from django.urls import re_path
from django.utils import timezone
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InspectView

from common.admin import (
    FinancialYearFilter,
    HistoryWithReasonsView,
    ReadOnlyPermissionHelper,
    RecordActionsMixin,
    RecordActionView,
    TransitionView,
)
from common.money import format_pence
from portal.orders import selectors
from portal.orders.admin.telephone import TelephoneOrderView
from portal.orders.forms import CancelUnpaidForm, CancelWithCreditNoteForm, MarkPaidForm
from portal.orders.models import Order, OrderStatus, PaymentMethod, RefundStatus
from portal.orders.services import cancellations, payments, refunds

CHANGE_ORDER = "orders.change_order"


class OrderInspectView(InspectView):
    def get_context_data(self, **kwargs):
        order = self.instance
        invoice = getattr(order, "invoice", None)
        payments, refunds_made = selectors.payments_and_refunds_of(order=order)
        return super().get_context_data(
            lines=list(selectors.order_lines_of(order=order)),
            card_payments=payments,
            refunds=refunds_made,
            invoice=invoice,
            credit_note=getattr(invoice, "credit_note", None) if invoice else None,
            **kwargs,
        )


def order_facts(order):
    invoice = getattr(order, "invoice", None)
    facts = [
        ("School", order.school.name),
        ("Order", f"{order.reference}, {order.financial_year} financial year"),
        ("Status", order.get_status_display()),
        ("Total", format_pence(order.total_pence)),
    ]
    if invoice is not None:
        facts += [
            ("Invoice", f"{invoice.display_number}, due by {invoice.due_on:%-d %B %Y}"),
            ("PO number", invoice.purchase_order_label),
            ("Finance contact", f"{invoice.finance_contact_name} <{invoice.finance_contact_email}>"),
        ]
    return facts


class OrderFactsMixin:
    def facts(self):
        return order_facts(self.instance)


def paid_at_for(paid_on: datetime.date):
    """The moment a payment is recorded as made: now if it was today, midday of an earlier day otherwise."""
    if paid_on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(paid_on, datetime.time(12)))


class MarkPaidView(OrderFactsMixin, TransitionView):
    transition = "mark_paid"
    form_class = MarkPaidForm
    page_title = "Mark {record.reference} paid"

    def act(self, data):
        order = payments.order_mark_paid(
            order=self.instance,
            paid_by_reference=data["paid_by_reference"],
            marked_by=self.request.user,
            paid_at=paid_at_for(data["paid_on"]),
            why=data["note"],
        )
        return f"{order.reference} is paid. The school's finance contact has been emailed a receipt."


class CancelView(OrderFactsMixin, TransitionView):
    transition = "cancel_with_credit_note"
    form_class = CancelWithCreditNoteForm
    submit_label = "Cancel the order and issue a credit note"
    page_title = "Cancel {record.reference} with a credit note"

    def act(self, data):
        order = cancellations.order_cancel_with_credit_note(
            order=self.instance, cancelled_by=self.request.user, reason=data["reason"]
        )
        credit_note = order.invoice.credit_note
        return (
            f"{order.reference} is cancelled. Credit note {credit_note.display_number} has been emailed to "
            f"{order.invoice.finance_contact_email}."
        )


class CancelUnpaidView(OrderFactsMixin, TransitionView):
    transition = "cancel_unpaid"
    form_class = CancelUnpaidForm
    submit_label = "Cancel the order"
    page_title = "Cancel {record.reference}, never paid"

    def act(self, data):
        order = cancellations.order_cancel_unpaid(
            order=self.instance, cancelled_by=self.request.user, why=data["why"]
        )
        return f"{order.reference} is cancelled. It was never paid, so no credit note is needed."


REFUND_AMOUNT_INVALID = "Enter the amount to refund in pounds, like 125.50."


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount to refund, in pounds",
        max_digits=9,
        decimal_places=2,
        error_messages=dict.fromkeys(
            ("required", "invalid", "max_digits", "max_decimal_places", "max_whole_digits"),
            REFUND_AMOUNT_INVALID,
        ),
    )
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        help_text="Recorded on the order's history and sent to the buyer.",
        error_messages={"required": refunds.REASON_REQUIRED},
    )

    def __init__(self, *args, left_pence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = f"Up to {format_pence(left_pence)}, what is left unrefunded."
        self.fields["amount"].initial = Decimal(left_pence) / 100

    def clean_amount(self):
        return int(self.cleaned_data["amount"] * 100)


class RefundView(OrderFactsMixin, RecordActionView):
    """Refund a paid card order through Stripe, up to what is left unrefunded. Not a transition: the
    order stays paid."""

    form_class = RefundForm
    label = "Refund"
    submit_label = "Refund through Stripe"
    danger = True
    permission = CHANGE_ORDER
    page_title = "Refund {record.reference}"

    @classmethod
    def applies(cls, order):
        return order.status == OrderStatus.PAID and order.payment_method == PaymentMethod.CARD

    def get_form(self, data=None):
        payment = selectors.paying_card_payment_of(order=self.instance)
        left_pence = selectors.refundable_pence(payment=payment) if payment else 0
        return RefundForm(data, left_pence=left_pence)

    def act(self, data):
        refund = refunds.order_refund(
            order=self.instance,
            amount_pence=data["amount"],
            reason=data["reason"],
            refunded_by=self.request.user,
        )
        return refund_outcome(refund)


def refund_outcome(refund):
    """What staff are told once a refund has been sent to Stripe, whatever Stripe said."""
    amount = format_pence(refund.amount_pence)
    if refund.is_waiting:
        return (
            f"The refund of {amount} on {refund.order.reference} is recorded, but Stripe could not be "
            "reached. It is sent again every hour, and listed under Refunds until Stripe takes it."
        )
    if refund.status == RefundStatus.FAILED:
        return (
            f"Stripe could not refund {amount} on {refund.order.reference}: {refund.failure_message} "
            "Pay it back another way, then record that on the refund."
        )
    return f"{amount} of {refund.order.reference} is refunded. The buyer has been emailed."


class OrderAdmin(RecordActionsMixin, ModelAdmin):
    model = Order
    record_actions = {
        "mark_paid": MarkPaidView,
        "cancel": CancelView,
        "cancel_unpaid": CancelUnpaidView,
        "refund": RefundView,
    }
    menu_label = "Orders"
    menu_icon = "list-ul"
    list_display = ["reference", "school", "year", "status", "total", "placed_at", "invoice_number"]
    list_filter = ["status", FinancialYearFilter, "payment_method", "school"]
    list_select_related = ["school", "invoice"]
    search_fields = ["reference", "school__name", "school__urn", "invoice__purchase_order_number"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_class = OrderInspectView
    inspect_template_name = "orders/admin/order_inspect.html"
    index_template_name = "orders/admin/order_index.html"
    history_view_class = HistoryWithReasonsView
    permission_helper_class = ReadOnlyPermissionHelper
    list_export = [
        "reference",
        "school_name",
        "school_urn",
        "year",
        "status",
        "payment_method",
        "placed_at",
        "placed_by_email",
        "subtotal",
        "vat",
        "total",
        "invoice_number",
        "purchase_order",
        "due_on",
        "paid_at",
        "paid_by_reference",
        "items",
    ]
    export_filename = "orders"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("school", "placed_by", "invoice")
            .prefetch_related("lines")
        )

    @display(description="financial year", ordering="financial_year_start")
    def year(self, order):
        return order.financial_year.label

    @display(description="total", ordering="total_pence")
    def total(self, order):
        return format_pence(order.total_pence)

    @display(description="subtotal")
    def subtotal(self, order):
        return format_pence(order.subtotal_pence)

    @display(description="VAT")
    def vat(self, order):
        return format_pence(order.vat_pence)

    @display(description="school")
    def school_name(self, order):
        return order.school.name

    @display(description="URN")
    def school_urn(self, order):
        return order.school.urn

    @display(description="placed by")
    def placed_by_email(self, order):
        return order.placed_by.email if order.placed_by else ""

    @display(description="invoice", ordering="invoice__number")
    def invoice_number(self, order):
        invoice = getattr(order, "invoice", None)
        return invoice.display_number if invoice else ""

    @display(description="PO number")
    def purchase_order(self, order):
        invoice = getattr(order, "invoice", None)
        return invoice.purchase_order_label if invoice else ""

    @display(description="due by")
    def due_on(self, order):
        invoice = getattr(order, "invoice", None)
        return invoice.due_on if invoice else ""

    @display(description="items")
    def items(self, order):
        return "; ".join(
            f"{line}{f', {line.quantity} hours' if line.kind == 'consultancy' else ''}"
            for line in order.lines.all()
        )

    def telephone_view(self, request):
        return TelephoneOrderView.as_view(model_admin=self)(request)

    def get_admin_urls_for_registration(self):
        # The telephone order is an action on no one record: modeladmin's pattern without a record.
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper._get_action_url_pattern("telephone"),
                self.telephone_view,
                name=self.url_helper.get_action_url_name("telephone"),
            ),
        )
