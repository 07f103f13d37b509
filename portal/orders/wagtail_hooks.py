"""Registrations only: the "Orders" admin menu (orders, invoices, refunds, package hours), the resource
library, the invoice and credit note pages, the Stripe reconciliation report (under Reports), the
overdue-invoices and refunds panels and the labels of the orders' history. The screens themselves are in
`portal.orders.admin`."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from common.audit import register_changes
from common.workflows import history_labels
from portal.orders.admin import invoices, reconciliation
from portal.orders.admin.hours import PackageHoursAdmin
from portal.orders.admin.orders import OrderAdmin
from portal.orders.admin.refunds import RefundAdmin, RefundsNeedingStaffPanel
from portal.orders.admin.resources import ResourceAdmin, guard_resource_library
from portal.orders.models import CardPayment, Order, Refund
from portal.orders.services import checkout, hours, refunds


class OrdersGroup(ModelAdminGroup):
    menu_label = "Orders"
    menu_icon = "list-ul"
    menu_order = 260
    items = [OrderAdmin, invoices.InvoiceAdmin, RefundAdmin, PackageHoursAdmin]


modeladmin_register(OrdersGroup)
modeladmin_register(ResourceAdmin)
hooks.register("before_serve_document", guard_resource_library)


@hooks.register("register_admin_urls")
def orders_document_urls():
    return [
        path("orders/invoices/<id:pk>/", invoices.staff_invoice, name="orders_admin_invoice"),
        path("orders/invoices/<id:pk>/pdf/", invoices.staff_invoice_pdf, name="orders_admin_invoice_pdf"),
        path("orders/credit-notes/<id:pk>/", invoices.staff_credit_note, name="orders_admin_credit_note"),
        path(
            "orders/credit-notes/<id:pk>/pdf/",
            invoices.staff_credit_note_pdf,
            name="orders_admin_credit_note_pdf",
        ),
        path(
            "orders/reconciliation/",
            reconciliation.reconciliation_report,
            name="orders_admin_reconciliation",
        ),
    ]


@hooks.register("register_reports_menu_item")
def reconciliation_menu_item():
    return reconciliation.ReconciliationMenuItem(
        "Stripe reconciliation", reverse("orders_admin_reconciliation"), icon_name="table", order=900
    )


@hooks.register("construct_homepage_panels")
def add_overdue_invoices_panel(request, panels):
    if request.user.has_perm(invoices.VIEW_INVOICE):
        panels.append(invoices.OverdueInvoicesPanel())
    if request.user.has_perm("orders.view_refund"):
        panels.append(RefundsNeedingStaffPanel())


@hooks.register("register_log_actions")
def orders_log_actions(actions):
    register_changes(
        actions,
        {
            **history_labels(Order),
            **history_labels(CardPayment),
            **history_labels(Refund),
            checkout.ORDER_PLACED: "Order placed",
            hours.HOURS_RECORDED: "Hours recorded",
            refunds.REFUND_REQUESTED: "Refund recorded",
            refunds.PAYMENT_NOT_NEEDED: "Card payment not needed",
        },
    )
