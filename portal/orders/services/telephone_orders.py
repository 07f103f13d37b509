"""Telephone orders: staff take an order for a school in the admin, by invoice. It goes through the
portal's own services (the basket's rules as each line is added, then checkout by invoice, which checks
every rule again), so no rule is written twice: the staff member's basket for the school holds the lines
only for the length of this transaction."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from common.errors import DomainError
from common.financial_years import FinancialYear
from portal.orders import selectors
from portal.orders.models import Order
from portal.orders.services import basket as basket_services
from portal.orders.services import checkout, rules
from portal.orders.services.invoices import InvoiceDetails
from services.catalogue import SupportPackage

NOTHING_CHOSEN = "Choose the Universal Offer, a package, or both."
MAX_PACKAGES = 10


class PackageRefused(DomainError):
    """A rule refused the package at `position` (from 0) of the order: the form shows `error` beside it."""

    def __init__(self, *, position, error: DomainError):
        super().__init__(error.message, field=error.field)
        self.position = position
        self.error = error


@dataclass(frozen=True)
class TelephoneLine:
    package: SupportPackage
    focus: rules.Focus
    ehc_plan_confirmed: bool = False
    hours: int = 1


@transaction.atomic
def order_place_by_telephone(
    *,
    school,
    taken_by,
    year: FinancialYear,
    universal_offer: bool,
    packages: list[TelephoneLine],
    invoice_details: InvoiceDetails,
    today: datetime.date | None = None,
) -> Order:
    """Place an order by invoice for `school`, taken by a member of staff; refused, with nothing changed,
    by any rule the portal would refuse it by."""
    if not universal_offer and not packages:
        raise DomainError(NOTHING_CHOSEN)
    today = today or timezone.localdate()
    basket = basket_services.basket_open(school=school, user=taken_by, today=today)
    for line in selectors.basket_lines(basket=basket):
        basket_services.basket_remove_line(line=line)
    basket_services.basket_choose_year(basket=basket, year=year, today=today)
    if universal_offer:
        basket_services.basket_add_universal_offer(basket=basket, today=today)
    for position, line in enumerate(packages):
        try:
            basket_services.basket_add_package(
                basket=basket,
                package=line.package,
                focus=line.focus,
                ehc_plan_confirmed=line.ehc_plan_confirmed,
                hours=line.hours,
                today=today,
            )
        except DomainError as error:
            raise PackageRefused(position=position, error=error) from error
    return checkout.order_place_by_invoice(
        basket=basket, placed_by=taken_by, invoice_details=invoice_details, today=today
    )
