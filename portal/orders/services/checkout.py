"""Checkout: a basket becomes an order, by invoice (usable at once) or for card payment (usable once paid).

Both lock the school's row first, so two checkouts for one school (two tabs, two colleagues) run one
after the other and the second sees what the first bought; the database's "one Universal Offer per
school and year" constraint is the last guard. Every rule is checked again here, inside that
transaction, and every price comes from the catalogue (`quotes`), never from the browser.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.audit import record_change
from portal.orders import selectors
from portal.orders.models import Order, OrderLine, OrderStatus, PaymentMethod
from portal.orders.services import notifications, numbering, quotes, rules
from portal.orders.services.invoices import InvoiceDetails, check_invoice_details, invoice_issue
from portal.schools.models import School

ORDER_PLACED = "orders.order_placed"


def _quoted_lines(lines, checked: rules.CheckedBasket):
    """Each basket line priced from the catalogue, with its focus as the rules tidied it."""
    quoted = []
    for line in lines:
        if line.package_id is None:
            quoted.append((quotes.universal_offer_line(offer=checked.universal_offer), rules.Focus()))
        else:
            focus, quantity = checked.package_lines[line.pk]
            package_line = quotes.package_line(
                package=line.package, price_pence=line.package_price_pence, quantity=quantity
            )
            quoted.append((package_line, focus))
    return quoted


def _place(*, basket, placed_by, status, payment_method, today: datetime.date) -> Order:
    school = School.objects.select_for_update(no_key=True).get(pk=basket.school_id)
    lines = list(selectors.basket_lines(basket=basket))
    year = basket.financial_year
    checked = rules.check_basket(school=school, year=year, lines=lines, today=today)
    order = order_create(
        school=school,
        placed_by=placed_by,
        year=year,
        quoted=_quoted_lines(lines, checked),
        status=status,
        payment_method=payment_method,
        includes_universal_offer=checked.universal_offer is not None,
    )
    basket.lines.all().delete()
    return order


def order_create(
    *, school, placed_by, year, quoted, status, payment_method, includes_universal_offer=False
) -> Order:
    """The order and its lines from `quoted` ((QuotedLine, Focus) pairs), numbered and recorded. For the
    placing functions of this package, which lock the school's row and check the rules first."""
    order = Order(
        school=school,
        reference=f"ORD-{numbering.next_number(numbering.ORDER):05d}",
        placed_by=placed_by,
        financial_year_start=year.start_year,
        status=status,
        payment_method=payment_method,
        includes_universal_offer=includes_universal_offer,
        subtotal_pence=sum(line.net_pence for line, _ in quoted),
        vat_pence=sum(line.vat_pence for line, _ in quoted),
        total_pence=sum(line.total_pence for line, _ in quoted),
    )
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError:
        # Another checkout took the year's Universal Offer between our check and our insert.
        if includes_universal_offer:
            rules.check_universal_offer_not_taken(school=school, year=year)
        raise
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                position=position,
                kind=line.kind,
                universal_offer=line.universal_offer,
                package=line.package,
                training_format=line.training_format,
                description=line.description,
                unit_price_pence=line.unit_price_pence,
                quantity=line.quantity,
                hours_per_unit=line.hours_per_unit,
                vat_rate=line.vat_rate,
                net_pence=line.net_pence,
                vat_pence=line.vat_pence,
                ehc_plan_confirmed=line.package is not None and line.package.requires_ehc_plan,
                **focus.as_fields(),
            )
            for position, (line, focus) in enumerate(quoted, start=1)
        ]
    )
    record_change(
        instance=order,
        action=ORDER_PLACED,
        user=placed_by,
        to=order.get_status_display(),
        why=f"Placed in the portal for {school.name}, to pay by {order.get_payment_method_display().lower()}",
    )
    return order


def order_invoice(*, order, invoice_details: InvoiceDetails, today: datetime.date) -> None:
    """Issue the invoice of an order placed by invoice; email the buyer the confirmation and the finance
    contact the invoice."""
    invoice = invoice_issue(order=order, details=invoice_details, today=today)
    notifications.send_order_confirmation(order, list(order.lines.all()))
    notifications.send_invoice(invoice)


@transaction.atomic
def order_place_by_invoice(
    *, basket, placed_by, invoice_details: InvoiceDetails, today: datetime.date | None = None
) -> Order:
    """Place the basket as an order paid by invoice: confirmed at once as "invoiced, awaiting payment",
    and what it buys usable straight away. The buyer is emailed the confirmation, the finance contact
    the invoice."""
    today = today or timezone.localdate()
    invoice_details = check_invoice_details(invoice_details)
    order = _place(
        basket=basket,
        placed_by=placed_by,
        status=OrderStatus.INVOICED,
        payment_method=PaymentMethod.INVOICE,
        today=today,
    )
    order_invoice(order=order, invoice_details=invoice_details, today=today)
    return order


@transaction.atomic
def order_place_for_card_payment(*, basket, placed_by, today: datetime.date | None = None) -> Order:
    """Place the basket as an order to pay by card: "awaiting card payment", not usable until
    `order_mark_paid` (called once the card payment is confirmed) makes it paid. It takes the year's
    Universal Offer meanwhile; `order_cancel_unpaid` gives it back."""
    return _place(
        basket=basket,
        placed_by=placed_by,
        status=OrderStatus.AWAITING_PAYMENT,
        payment_method=PaymentMethod.CARD,
        today=today or timezone.localdate(),
    )
