"""The basket: one per school and person, in the database, so nothing chosen is lost between visits.

What goes in is checked against the rules as it is added (`rules`), so a refusal comes at once with its
message; checkout checks everything again.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from common.errors import DomainError
from common.financial_years import FinancialYear
from portal.orders import selectors
from portal.orders.models import Basket, BasketLine, ProductKind
from portal.orders.services import rules
from services.catalogue import SupportPackage


@transaction.atomic
def basket_open(*, school, user, today: datetime.date | None = None) -> Basket:
    """The person's basket for `school`, created when missing. A basket left for a year no longer on sale
    (it ended) moves to the current year."""
    today = today or timezone.localdate()
    this_year = FinancialYear.containing(today)
    basket, _ = Basket.objects.get_or_create(
        school=school, user=user, defaults={"financial_year_start": this_year.start_year}
    )
    if basket.financial_year not in selectors.years_on_sale(today=today):
        basket.financial_year_start = this_year.start_year
        basket.save(update_fields=["financial_year_start"])
    return basket


@transaction.atomic
def basket_choose_year(*, basket, year: FinancialYear, today: datetime.date | None = None) -> Basket:
    rules.check_year_on_sale(year=year, today=today or timezone.localdate())
    basket.financial_year_start = year.start_year
    basket.save(update_fields=["financial_year_start"])
    return basket


def _lines(basket):
    return list(selectors.basket_lines(basket=basket))


@transaction.atomic
def basket_add_universal_offer(*, basket, today: datetime.date | None = None) -> BasketLine:
    year = basket.financial_year
    rules.check_year_on_sale(year=year, today=today or timezone.localdate())
    if any(line.package_id is None for line in _lines(basket)):
        raise DomainError(rules.UNIVERSAL_OFFER_IN_BASKET.format(year=year))
    rules.check_universal_offer_not_taken(school=basket.school, year=year)
    rules.check_universal_offer_priced(year=year)
    return BasketLine.objects.create(basket=basket, kind=ProductKind.UNIVERSAL_OFFER)


@transaction.atomic
def basket_add_package(
    *,
    basket,
    package: SupportPackage,
    focus: rules.Focus,
    ehc_plan_confirmed: bool = False,
    hours=1,
    today: datetime.date | None = None,
) -> BasketLine:
    """Add a package (for its focus) or consultancy (a number of hours) to the basket."""
    year = basket.financial_year
    rules.check_year_on_sale(year=year, today=today or timezone.localdate())
    lines = _lines(basket)
    focus, quantity = rules.check_package_line(
        school=basket.school,
        year=year,
        package=package,
        focus=focus,
        ehc_plan_confirmed=ehc_plan_confirmed,
        quantity=hours,
        buying_universal_offer=any(line.package_id is None for line in lines),
        package_ids_in_order=[line.package_id for line in lines if line.package_id is not None],
    )
    return BasketLine.objects.create(
        basket=basket,
        kind=ProductKind.CONSULTANCY if package.sold_by_the_hour else ProductKind.PACKAGE,
        package=package,
        quantity=quantity,
        ehc_plan_confirmed=package.requires_ehc_plan and ehc_plan_confirmed,
        **focus.as_fields(),
    )


@transaction.atomic
def basket_remove_line(*, line: BasketLine) -> None:
    line.delete()
