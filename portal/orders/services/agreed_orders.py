"""Training agreed with the outreach coordinator becomes an order at the agreed price, paid like any
other: by invoice (usable at once, the invoice emailed) or by card (awaiting its card payment, paid on
the order's pay page). The caller (bookings' training requests) agrees the price with `services.pricing`;
this module only turns it into an order, through the same order creation as checkout."""

import datetime

from django.db import transaction
from django.utils import timezone

from common.errors import DomainError
from common.financial_years import FinancialYear
from portal.orders.models import Order, OrderStatus, PaymentMethod
from portal.orders.services import checkout, quotes, rules
from portal.orders.services.invoices import InvoiceDetails, check_invoice_details
from portal.schools.models import School
from services.catalogue import TrainingFormat

PAYMENT_METHOD_REQUIRED = "Choose how to pay: by card or by invoice."


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
