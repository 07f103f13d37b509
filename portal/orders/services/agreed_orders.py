"""Work agreed outside the basket becomes an order, through the same order creation as checkout.

Training agreed with the outreach coordinator, at the agreed price, is paid like any other order: by
invoice (usable at once, the invoice emailed) or by card (awaiting its card payment, paid on the order's
pay page); the caller (bookings' training requests) agrees the price with `services.pricing`.

A referral placement the unit starts is invoiced to the home school at once, at the price the caller
(portal.placements) takes from its placement terms; the invoice goes to the school's finance contact."""

import datetime

from django.db import transaction
from django.utils import timezone

from common.errors import DomainError
from common.financial_years import FinancialYear
from portal.orders.models import Order, OrderStatus, PaymentMethod
from portal.orders.services import checkout, notifications, quotes, rules
from portal.orders.services.invoices import InvoiceDetails, check_invoice_details, invoice_issue
from portal.schools.models import School
from services.catalogue import TrainingFormat

PAYMENT_METHOD_REQUIRED = "Choose how to pay: by card or by invoice."
FINANCE_CONTACT = "Finance, {school}"


@transaction.atomic
def order_place_for_agreed_training(
    *,
    school,
    placed_by,
    training_format: TrainingFormat,
    description: str,
    price_pence: int,
    payment_method: str,
    invoice_details: InvoiceDetails | None = None,
    today: datetime.date | None = None,
) -> Order:
    """An order of one training line at `price_pence`, in the financial year of `today`."""
    today = today or timezone.localdate()
    if payment_method not in PaymentMethod.values:
        raise DomainError(PAYMENT_METHOD_REQUIRED, field="payment_method")
    by_invoice = payment_method == PaymentMethod.INVOICE
    if by_invoice:
        invoice_details = check_invoice_details(invoice_details)
    school = School.objects.select_for_update(no_key=True).get(pk=school.pk)
    line = quotes.training_line(
        training_format=training_format, description=description, price_pence=price_pence
    )
    order = checkout.order_create(
        school=school,
        placed_by=placed_by,
        year=FinancialYear.containing(today),
        quoted=[(line, rules.Focus())],
        status=OrderStatus.INVOICED if by_invoice else OrderStatus.AWAITING_PAYMENT,
        payment_method=payment_method,
    )
    if by_invoice:
        checkout.order_invoice(order=order, invoice_details=invoice_details, today=today)
    return order


@transaction.atomic
def order_place_for_placement(
    *,
    school,
    placed_by,
    description: str,
    price_pence: int,
    vat_rate,
    purchase_order_number: str = "",
    today: datetime.date | None = None,
) -> Order:
    """An invoiced order of one placement line, in the financial year of `today`; its invoice is
    emailed to the school's finance contact (a blank purchase order number: the school has none)."""
    today = today or timezone.localdate()
    school = School.objects.select_for_update(no_key=True).get(pk=school.pk)
    line = quotes.placement_line(description=description, price_pence=price_pence, vat_rate=vat_rate)
    order = checkout.order_create(
        school=school,
        placed_by=placed_by,
        year=FinancialYear.containing(today),
        quoted=[(line, rules.Focus())],
        status=OrderStatus.INVOICED,
        payment_method=PaymentMethod.INVOICE,
    )
    po_number = purchase_order_number.strip()
    details = InvoiceDetails(
        po_number, not po_number, FINANCE_CONTACT.format(school=school.name), school.finance_email
    )
    notifications.send_invoice(invoice_issue(order=order, details=details, today=today))
    return order
