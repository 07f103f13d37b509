"""The "Orders" admin menu: orders (filter, export, mark paid, cancel with a credit note), invoices,
and the hours schools hold (record work delivered); a dashboard panel of overdue invoices.

Nothing here edits an order with a raw form: each button calls the service for its transition, which
checks the order's state, records who did it and why on the order's History page, and emails the
school. Orders are never deleted (invoice numbers must have no gaps).
"""

import datetime
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.admin import SimpleListFilter, display
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, re_path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import InspectView, WMABaseView

from common.admin import ReadOnlyPermissionHelper, RecordActionsMixin, RecordActionView
from common.audit import HistoryWithReasonsView, register_changes
from common.errors import DomainError
from common.forms import add_domain_error
from common.money import format_pence
from portal.access import acting_membership
from portal.orders import documents, selectors
from portal.orders.forms import (
    CancelUnpaidForm,
    CancelWithCreditNoteForm,
    InvoiceDetailsForm,
    MarkPaidForm,
    PackageForm,
    RecordHoursForm,
)
from portal.orders.models import (
    CreditNote,
    FocusKind,
    Invoice,
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Resource,
)
from portal.orders.services import cancellations, checkout, hours, payments, refunds, rules, telephone_orders
from portal.orders.templatetags.orders_tags import quarter_hours
from portal.schools.models import School
from services import selectors as catalogue
from services.financial_years import FinancialYear

CHANGE_ORDER = "orders.change_order"
RECORD_HOURS = "orders.add_hoursentry"
VIEW_INVOICE = "orders.view_invoice"
VIEW_CREDIT_NOTE = "orders.view_creditnote"


class FinancialYearFilter(SimpleListFilter):
    title = "financial year"
    parameter_name = "year"
    field = "financial_year_start"

    def lookups(self, request, model_admin):
        years = (
            Order.objects.order_by("-financial_year_start")
            .values_list("financial_year_start", flat=True)
            .distinct()
        )
        return [(year, FinancialYear(year).label) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(**{self.field: int(self.value())})
        return queryset


class LineFinancialYearFilter(FinancialYearFilter):
    field = "order__financial_year_start"


def action_button(helper, obj, action, label, *, danger=False):
    return {
        "url": helper.url_helper.get_action_url(action, obj.pk),
        "label": label,
        "classname": helper.finalise_classname(
            ["button-small", "button-secondary"] + (["no"] if danger else [])
        ),
        "title": f"{label}: {obj}",
    }


# --- Orders -----------------------------------------------------------------------------------------------


class OrderPermissionHelper(ReadOnlyPermissionHelper):
    def user_can_change_status(self, user, order):
        """Mark paid, or cancel with a credit note: an invoice awaiting payment."""
        return user.has_perm(CHANGE_ORDER) and order.status == OrderStatus.INVOICED

    def user_can_cancel_unpaid(self, user, order):
        """Cancel a card order whose payment never came, which frees the Universal Offer it took."""
        return user.has_perm(CHANGE_ORDER) and order.status == OrderStatus.AWAITING_PAYMENT

    def user_can_refund(self, user, order):
        """Refund part or all of a paid card order through Stripe."""
        return (
            user.has_perm(CHANGE_ORDER)
            and order.status == OrderStatus.PAID
            and order.payment_method == PaymentMethod.CARD
        )


class OrderButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.permission_helper.user_can_change_status(self.request.user, obj):
            buttons.append(action_button(self, obj, "mark_paid", "Mark paid"))
            buttons.append(action_button(self, obj, "cancel", "Cancel with a credit note", danger=True))
        if self.permission_helper.user_can_cancel_unpaid(self.request.user, obj):
            buttons.append(action_button(self, obj, "cancel_unpaid", "Cancel (not paid)", danger=True))
        if self.permission_helper.user_can_refund(self.request.user, obj):
            buttons.append(action_button(self, obj, "refund", "Refund", danger=True))
        return buttons


class OrderInspectView(InspectView):
    def get_context_data(self, **kwargs):
        order = self.instance
        invoice = getattr(order, "invoice", None)
        return super().get_context_data(
            lines=list(selectors.order_lines_of(order=order)),
            invoice=invoice,
            credit_note=getattr(invoice, "credit_note", None) if invoice else None,
            **kwargs,
        )


class OrderActionView(RecordActionView):
    """One transition of one order, with the order's facts above the form."""

    permission = "user_can_change_status"

    def facts(self):
        return order_facts(self.instance)


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


def paid_at_for(paid_on: datetime.date):
    """The moment a payment is recorded as made: now if it was today, midday of an earlier day otherwise."""
    if paid_on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(paid_on, datetime.time(12)))


class MarkPaidView(OrderActionView):
    form_class = MarkPaidForm
    submit_label = "Mark paid"

    def get_page_title(self):
        return f"Mark {self.instance.reference} paid"

    def act(self, data):
        order = payments.order_mark_paid(
            order=self.instance,
            paid_by_reference=data["paid_by_reference"],
            marked_by=self.request.user,
            paid_at=paid_at_for(data["paid_on"]),
            why=data["note"],
        )
        return f"{order.reference} is paid. The school's finance contact has been emailed a receipt."


class CancelView(OrderActionView):
    form_class = CancelWithCreditNoteForm
    submit_label = "Cancel the order and issue a credit note"
    danger = True

    def get_page_title(self):
        return f"Cancel {self.instance.reference} with a credit note"

    def act(self, data):
        order = cancellations.order_cancel_with_credit_note(
            order=self.instance, cancelled_by=self.request.user, reason=data["reason"]
        )
        credit_note = order.invoice.credit_note
        return (
            f"{order.reference} is cancelled. Credit note {credit_note.display_number} has been emailed to "
            f"{order.invoice.finance_contact_email}."
        )


class CancelUnpaidView(OrderActionView):
    form_class = CancelUnpaidForm
    submit_label = "Cancel the order"
    danger = True
    permission = "user_can_cancel_unpaid"

    def get_page_title(self):
        return f"Cancel {self.instance.reference}, never paid"

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


class RefundView(OrderActionView):
    """Refund a paid card order through Stripe, up to what is left unrefunded."""

    form_class = RefundForm
    submit_label = "Refund through Stripe"
    danger = True
    permission = "user_can_refund"

    def get_page_title(self):
        return f"Refund {self.instance.reference}"

    def get_form(self, data=None):
        return RefundForm(data, left_pence=refunds.refundable_pence(self.instance))

    def act(self, data):
        refund = refunds.order_refund(
            order=self.instance,
            amount_pence=data["amount"],
            reason=data["reason"],
            refunded_by=self.request.user,
        )
        return (
            f"{format_pence(refund.amount_pence)} of {self.instance.reference} is refunded. "
            "The buyer has been emailed."
        )


class ConsultancyLike:
    """A package with every option, so `PackageForm` gives all its fields (focus, EHC plan, hours)."""

    sold_by_the_hour = True
    requires_ehc_plan = True


class TelephoneOrderForm(InvoiceDetailsForm):
    """A telephone order: the school, the year, the Universal Offer, and the invoice details (the portal's);
    its packages are `TelephonePackageForms`. The rules are the services'."""

    school = forms.ModelChoiceField(label="School", queryset=School.objects.order_by("name"))
    year = forms.TypedChoiceField(label="Financial year", coerce=int)
    universal_offer = forms.BooleanField(label="The Universal Offer for that year", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = selectors.years_on_sale(today=timezone.localdate())
        self.fields["year"].choices = [(year.start_year, year.label) for year in years]
        self.order_fields(["school", "year", "universal_offer"])
        self.fields["finance_contact_name"].help_text = "Who pays invoices at the school."


class TelephonePackageForm(forms.Form):
    """One package of a telephone order with its focus (the portal's package fields); a row with no
    package chosen is left out."""

    package = forms.ModelChoiceField(label="Package", required=False, queryset=catalogue.active_packages())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        package_fields = PackageForm(package=ConsultancyLike()).fields
        focus_choices = [("", "Not a package"), *FocusKind.choices]
        package_fields["focus_kind"].required = False
        package_fields["focus_kind"].choices = focus_choices
        package_fields["focus_kind"].widget = forms.Select(choices=focus_choices)
        package_fields["ehc_plan_confirmed"].label = "The pupil has an EHC plan (EHC package only)"
        package_fields["hours"].required = False
        package_fields["hours"].help_text = "Consultancy only: whole hours."
        self.fields.update(package_fields)

    def line(self):
        data = self.cleaned_data
        if not data.get("package"):
            return None
        focus = rules.Focus(
            kind=data.get("focus_kind", ""),
            pupil_initials=data.get("pupil_initials", ""),
            pupil_year_group=data.get("pupil_year_group", ""),
            class_name=data.get("class_name", ""),
        )
        return telephone_orders.TelephoneLine(
            package=data["package"],
            focus=focus,
            ehc_plan_confirmed=data.get("ehc_plan_confirmed", False),
            hours=data.get("hours") or 1,
        )


TelephonePackageForms = forms.formset_factory(
    TelephonePackageForm, extra=3, max_num=telephone_orders.MAX_PACKAGES, validate_max=True
)


class TelephoneOrderView(WMABaseView):
    """Staff take an order for a school by invoice, through the portal's services."""

    def check_action_permitted(self, user):
        return user.has_perm(CHANGE_ORDER)

    def get_page_title(self):
        return "New telephone order (by invoice)"

    def get_template_names(self):
        return ["admin/record_action.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            facts=[], submit_label="Place the order and send the invoice", danger=False, **kwargs
        )

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(
            form=TelephoneOrderForm(), formset=TelephonePackageForms(prefix="packages")
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        form = TelephoneOrderForm(request.POST)
        formset = TelephonePackageForms(request.POST, prefix="packages")
        if form.is_valid() and formset.is_valid():
            chosen = [(package_form, package_form.line()) for package_form in formset]
            chosen = [(package_form, line) for package_form, line in chosen if line is not None]
            try:
                order = telephone_orders.order_place_by_telephone(
                    school=form.cleaned_data["school"],
                    taken_by=request.user,
                    year=FinancialYear(form.cleaned_data["year"]),
                    universal_offer=form.cleaned_data["universal_offer"],
                    packages=[line for _, line in chosen],
                    invoice_details=form.details,
                )
            except telephone_orders.PackageRefused as refused:
                add_domain_error(chosen[refused.position][0], refused.error)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    f"{order.reference} is placed for {order.school.name}. Invoice "
                    f"{order.invoice.display_number} has been emailed to "
                    f"{order.invoice.finance_contact_email}.",
                )
                return redirect(self.index_url)
        return self.render_to_response(self.get_context_data(form=form, formset=formset), status=400)


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
    permission_helper_class = OrderPermissionHelper
    button_helper_class = OrderButtonHelper
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


# --- Invoices ---------------------------------------------------------------------------------------------


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


class InvoiceButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = [
            {
                "url": document_url("invoice", obj.pk),
                "label": "View",
                "classname": self.finalise_classname(["button-small", "button-secondary"]),
                "title": f"View invoice {obj.display_number}",
            },
            {
                "url": document_url("invoice", obj.pk, pdf=True),
                "label": "PDF",
                "classname": self.finalise_classname(["button-small", "button-secondary"]),
                "title": f"Download invoice {obj.display_number} as a PDF",
            },
        ]
        credit_note = getattr(obj, "credit_note", None)
        if credit_note is not None:
            buttons.append(
                {
                    "url": document_url("credit_note", credit_note.pk, pdf=True),
                    "label": f"Credit note {credit_note.display_number}",
                    "classname": self.finalise_classname(["button-small", "button-secondary"]),
                    "title": f"Download credit note {credit_note.display_number} as a PDF",
                }
            )
        if obj.order.status == OrderStatus.INVOICED and self.request.user.has_perm(CHANGE_ORDER):
            buttons.append(
                {
                    "url": reverse("orders_order_modeladmin_mark_paid", args=[obj.order_id]),
                    "label": "Mark paid",
                    "classname": self.finalise_classname(["button-small"]),
                    "title": f"Mark invoice {obj.display_number} paid",
                }
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


# --- Hours ------------------------------------------------------------------------------------------------


class PackageHoursPermissionHelper(ReadOnlyPermissionHelper):
    def user_can_record_hours(self, user, line):
        return user.has_perm(RECORD_HOURS)


class PackageHoursButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.permission_helper.user_can_record_hours(self.request.user, obj):
            buttons.insert(0, action_button(self, obj, "record_hours", "Record hours"))
        return buttons


class PackageHoursInspectView(InspectView):
    def get_context_data(self, **kwargs):
        line = selectors.line_with_hours_used(pk=self.instance.pk)
        return super().get_context_data(
            line=line,
            entries=list(selectors.hours_entries_of(line=line).select_related("recorded_by")),
            **kwargs,
        )


class RecordHoursView(RecordActionView):
    submit_label = "Record hours"
    permission = "user_can_record_hours"

    def get_page_title(self):
        return "Record hours"

    def facts(self):
        line = selectors.line_with_hours_used(pk=self.instance.pk)
        return [
            ("School", line.order.school.name),
            ("Package", str(line)),
            ("Order", f"{line.order.reference}, {line.order.financial_year} financial year"),
            ("Hours bought", str(line.hours_bought)),
            ("Hours left", quarter_hours(line.quarter_hours_bought - line.quarter_hours_used)),
        ]

    def get_form(self, data=None):
        user = self.request.user
        return RecordHoursForm(data, initial={"delivered_by": user.get_full_name() or user.email})

    def act(self, data):
        entry = hours.hours_record(line=self.instance, recorded_by=self.request.user, **data)
        return f"{quarter_hours(entry.quarter_hours)} hours recorded against {self.instance}."


class PackageHoursAdmin(RecordActionsMixin, ModelAdmin):
    model = OrderLine
    record_actions = {
        "record_hours": RecordHoursView,
    }
    menu_label = "Package hours"
    menu_icon = "time"
    list_display = ["school", "description", "focus_label", "year", "bought", "used", "left"]
    list_filter = [LineFinancialYearFilter, "order__school"]
    search_fields = ["order__school__name", "order__reference", "description", "pupil_initials", "class_name"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_class = PackageHoursInspectView
    inspect_template_name = "orders/admin/package_hours_inspect.html"
    permission_helper_class = PackageHoursPermissionHelper
    button_helper_class = PackageHoursButtonHelper

    def get_queryset(self, request):
        return selectors.lines_with_hours(super().get_queryset(request)).select_related(
            "order", "order__school"
        )

    @display(description="school", ordering="order__school__name")
    def school(self, line):
        return line.order.school.name

    @display(description="financial year", ordering="order__financial_year_start")
    def year(self, line):
        return line.order.financial_year.label

    @display(description="hours bought")
    def bought(self, line):
        return line.hours_bought

    @display(description="hours used")
    def used(self, line):
        return quarter_hours(line.quarter_hours_used)

    @display(description="hours left")
    def left(self, line):
        return quarter_hours(line.quarter_hours_bought - line.quarter_hours_used)


class OrdersGroup(ModelAdminGroup):
    menu_label = "Orders"
    menu_icon = "list-ul"
    menu_order = 260
    items = [OrderAdmin, InvoiceAdmin, PackageHoursAdmin]


modeladmin_register(OrdersGroup)


# --- Invoices and credit notes for staff: the printable page and the PDF ----------------------------------


def document_url(kind, pk, *, pdf=False):
    return reverse(f"orders_admin_{kind}{'_pdf' if pdf else ''}", args=[pk])


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _staff_invoice(request, pk):
    _require(request, VIEW_INVOICE)
    return get_object_or_404(Invoice.objects.select_related("order", "order__school"), pk=pk)


def _staff_credit_note(request, pk):
    _require(request, VIEW_CREDIT_NOTE)
    return get_object_or_404(CreditNote.objects.select_related("invoice__order__school"), pk=pk)


def staff_invoice(request, pk):
    invoice = _staff_invoice(request, pk)
    return HttpResponse(documents.standalone_html(documents.invoice_context(invoice), request))


def staff_invoice_pdf(request, pk):
    return documents.invoice_pdf_response(_staff_invoice(request, pk))


def staff_credit_note(request, pk):
    credit_note = _staff_credit_note(request, pk)
    return HttpResponse(documents.standalone_html(documents.credit_note_context(credit_note), request))


def staff_credit_note_pdf(request, pk):
    return documents.credit_note_pdf_response(_staff_credit_note(request, pk))


@hooks.register("register_admin_urls")
def orders_document_urls():
    return [
        path("orders/invoices/<int:pk>/", staff_invoice, name="orders_admin_invoice"),
        path("orders/invoices/<int:pk>/pdf/", staff_invoice_pdf, name="orders_admin_invoice_pdf"),
        path("orders/credit-notes/<int:pk>/", staff_credit_note, name="orders_admin_credit_note"),
        path("orders/credit-notes/<int:pk>/pdf/", staff_credit_note_pdf, name="orders_admin_credit_note_pdf"),
    ]


# --- The dashboard ----------------------------------------------------------------------------------------


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


@hooks.register("construct_homepage_panels")
def add_overdue_invoices_panel(request, panels):
    if request.user.has_perm(VIEW_INVOICE):
        panels.append(OverdueInvoicesPanel())


@hooks.register("register_log_actions")
def orders_log_actions(actions):
    register_changes(
        actions,
        {
            checkout.ORDER_PLACED: "Order placed",
            payments.ORDER_PAID: "Paid",
            cancellations.ORDER_CANCELLED: "Cancelled",
            hours.HOURS_RECORDED: "Hours recorded",
            refunds.ORDER_REFUNDED: "Refunded",
        },
    )


# --- The resource library ---------------------------------------------------------------------------------


class ResourceAdmin(ModelAdmin):
    """Staff give each document of the "Resource library" collection a topic and a summary."""

    model = Resource
    menu_label = "Resource library"
    menu_icon = "folder-open-inverse"
    menu_order = 270
    history_view_class = HistoryWithReasonsView
    list_display = ["title", "topic", "summary"]
    list_filter = ["topic"]
    search_fields = ["document__title", "summary"]
    panels = [FieldPanel("document"), FieldPanel("topic"), FieldPanel("summary")]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document")

    @display(description="title", ordering="document__title")
    def title(self, resource):
        return resource.document.title


modeladmin_register(ResourceAdmin)


@hooks.register("before_serve_document")
def guard_resource_library(document, request):
    """A file in the "Resource library" collection opens only for the unit's staff and for someone acting
    for a school that holds this year's Universal Offer: nobody signed in goes to sign in, anyone else is
    refused. Other documents are served as usual."""
    if not selectors.is_library_document(document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    membership = acting_membership(request)
    if selectors.may_open_resources(user=request.user, membership=membership, on_date=timezone.localdate()):
        return None
    return render(request, "orders/resources/refused.html", {"membership": membership}, status=403)
