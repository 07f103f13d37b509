"""The rules of buying, each in one function and nowhere else.

Each raises `DomainError` with a message written once, here (forms import the constants), and the
field of the form it belongs next to. The basket applies them as things are added, so a school hears
of a problem at once; checkout applies them all again, inside the transaction that places the order,
because the basket may have sat for days (see `check_basket`).
"""

import datetime
from dataclasses import dataclass

from common.errors import DomainError
from common.financial_years import FinancialYear
from portal.orders import selectors
from portal.orders.models import FocusKind, OrderStatus, YearGroup
from services.catalogue import SupportPackage, UniversalOffer

# Consultancy is bought by the hour; more than this in one go is a typing slip.
MAX_CONSULTANCY_HOURS = 50
MAX_CLASS_NAME = 60

BASKET_EMPTY = "Your basket is empty. Add the Universal Support Offer, a package or consultancy first."
UNIVERSAL_OFFER_IN_BASKET = "The Universal Support Offer for {year} is already in your basket."
UNIVERSAL_OFFER_HELD = (
    "{school} already has the Universal Support Offer for {year}. It is bought once a year."
)
UNIVERSAL_OFFER_AWAITING_PAYMENT = (
    "Order {reference} for the Universal Support Offer for {year} is waiting for its card payment. "
    "Pay for it or cancel it before ordering the offer again."
)
UNIVERSAL_OFFER_NOT_PRICED = (
    "The Universal Support Offer for {year} is not on sale yet. Contact the outreach team to buy it."
)
UNIVERSAL_OFFER_NEEDED = (
    "Packages and consultancy are for schools with the Universal Support Offer for {year}. "
    "Add the Universal Support Offer to your basket first."
)
NOT_ON_SALE = "The {package} is no longer on sale. Remove it from your basket."
MUST_FOLLOW = (
    "The {package} is only for schools that have bought the {earlier} in {year}. "
    "Add the {earlier} to your basket first."
)
EHC_PLAN_NOT_CONFIRMED = (
    "Confirm that the pupil has an education, health and care (EHC) plan: "
    "the {package} is only for pupils who have one."
)
EHC_PLAN_NEEDS_A_PUPIL = "The {package} is for one pupil with an EHC plan. Choose a pupil, not a class."
FOCUS_REQUIRED = "Select who the support is for."
WHOLE_SCHOOL_ONLY_FOR_CONSULTANCY = "Choose a pupil or a class: the {package} is for one of those."
INITIALS_INVALID = "Enter the pupil's initials only, 1 to 3 letters, like JS. Do not enter their name."
YEAR_GROUP_REQUIRED = "Select the pupil's year group."
CLASS_NAME_REQUIRED = "Enter the class's name, like Year 3 or Oak class."
CLASS_NAME_TOO_LONG = f"Enter the class's name in {MAX_CLASS_NAME} characters or fewer."
HOURS_INVALID = f"Enter the number of hours as a whole number from 1 to {MAX_CONSULTANCY_HOURS}."
YEAR_NOT_ON_SALE = "You can buy support for {years} at the moment."


# --- Which year -------------------------------------------------------------------------------------------


def check_year_on_sale(*, year: FinancialYear, today: datetime.date) -> None:
    """This financial year, or the next one from the advance purchase date."""
    on_sale = selectors.years_on_sale(today=today)
    if year not in on_sale:
        years = " and ".join(str(each) for each in on_sale)
        raise DomainError(YEAR_NOT_ON_SALE.format(years=years), field="year")


# --- The Universal Offer ----------------------------------------------------------------------------------


def check_universal_offer_priced(*, year: FinancialYear) -> UniversalOffer:
    """The offer of `year`, at the price staff set for that year; refused while it has none."""
    offer = selectors.universal_offer_priced(year=year)
    if offer is None:
        raise DomainError(UNIVERSAL_OFFER_NOT_PRICED.format(year=year))
    return offer


def check_universal_offer_not_taken(*, school, year: FinancialYear) -> None:
    """Once per school per financial year: refused if an order already holds it (or awaits its card
    payment)."""
    order = selectors.universal_offer_order(school=school, year=year)
    if order is None:
        return
    if order.status == OrderStatus.AWAITING_PAYMENT:
        raise DomainError(UNIVERSAL_OFFER_AWAITING_PAYMENT.format(reference=order.reference, year=year))
    raise DomainError(UNIVERSAL_OFFER_HELD.format(school=school.name, year=year))


def check_universal_offer_held_or_bought(
    *, school, year: FinancialYear, buying_universal_offer: bool
) -> None:
    """Packages and consultancy only while the school holds the year's offer, or buys it in the same order."""
    if buying_universal_offer or selectors.holds_universal_offer(school=school, on_date=year.first_day):
        return
    raise DomainError(UNIVERSAL_OFFER_NEEDED.format(year=year))


# --- Packages ---------------------------------------------------------------------------------------------


def check_on_sale(*, package: SupportPackage) -> None:
    if not package.is_active:
        raise DomainError(NOT_ON_SALE.format(package=package.name))


def check_follows(*, school, year: FinancialYear, package: SupportPackage, package_ids_in_order) -> None:
    """A package that must follow another (`SupportPackage.must_follow`: the Silver Top-Up follows the
    Silver Package) only after that one in the same financial year, bought earlier or in the same order."""
    earlier = package.must_follow
    if earlier is None or earlier.pk in set(package_ids_in_order):
        return
    if selectors.has_bought_package(school=school, year=year, package_id=earlier.pk):
        return
    raise DomainError(MUST_FOLLOW.format(package=package.name, earlier=earlier.name, year=year))


def check_ehc_plan(*, package: SupportPackage, ehc_plan_confirmed: bool) -> None:
    """A package for pupils with an EHC plan (`SupportPackage.requires_ehc_plan`) needs the buyer to confirm
    the pupil has one."""
    if package.requires_ehc_plan and not ehc_plan_confirmed:
        raise DomainError(EHC_PLAN_NOT_CONFIRMED.format(package=package.name), field="ehc_plan_confirmed")


def check_hours(*, package: SupportPackage, quantity) -> int:
    """How many of it: consultancy (`SupportPackage.sold_by_the_hour`) is a number of hours; any other
    package is one, whatever was sent."""
    if not package.sold_by_the_hour:
        return 1
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise DomainError(HOURS_INVALID, field="hours")
    if not 1 <= quantity <= MAX_CONSULTANCY_HOURS:
        raise DomainError(HOURS_INVALID, field="hours")
    return quantity


# --- Whom it is for ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Focus:
    kind: str = ""
    pupil_initials: str = ""
    pupil_year_group: str = ""
    class_name: str = ""

    def as_fields(self):
        return {
            "focus_kind": self.kind,
            "pupil_initials": self.pupil_initials,
            "pupil_year_group": self.pupil_year_group,
            "class_name": self.class_name,
        }

    @classmethod
    def of(cls, line):
        return cls(line.focus_kind, line.pupil_initials, line.pupil_year_group, line.class_name)


def normalise_initials(initials) -> str:
    """ "j.s." -> "JS": the letters, without the dots, spaces or hyphens people type between them."""
    return "".join(ch for ch in str(initials) if ch not in ". -").upper()


def check_pupil(*, pupil_initials, pupil_year_group) -> Focus:
    """A pupil by initials (1 to 3 letters, never a name) and year group (the advice line asks this too)."""
    initials = normalise_initials(pupil_initials)
    if not (1 <= len(initials) <= 3 and initials.isalpha()):
        raise DomainError(INITIALS_INVALID, field="pupil_initials")
    if pupil_year_group not in YearGroup.values:
        raise DomainError(YEAR_GROUP_REQUIRED, field="pupil_year_group")
    return Focus(FocusKind.PUPIL, pupil_initials=initials, pupil_year_group=pupil_year_group)


def check_focus(*, package: SupportPackage, focus: Focus) -> Focus:
    """Whom a package is for: a pupil by initials (1 to 3 letters, never a name) and year group, or a
    class; consultancy may be for the whole school. Returns the focus tidied, with only its own fields."""
    kinds = [FocusKind.PUPIL, FocusKind.CLASS] + ([FocusKind.SCHOOL] if package.sold_by_the_hour else [])
    if focus.kind == FocusKind.SCHOOL and not package.sold_by_the_hour:
        raise DomainError(WHOLE_SCHOOL_ONLY_FOR_CONSULTANCY.format(package=package.name), field="focus_kind")
    if focus.kind not in kinds:
        raise DomainError(FOCUS_REQUIRED, field="focus_kind")
    if package.requires_ehc_plan and focus.kind != FocusKind.PUPIL:
        raise DomainError(EHC_PLAN_NEEDS_A_PUPIL.format(package=package.name), field="focus_kind")
    if focus.kind == FocusKind.PUPIL:
        return check_pupil(pupil_initials=focus.pupil_initials, pupil_year_group=focus.pupil_year_group)
    if focus.kind == FocusKind.CLASS:
        class_name = " ".join(str(focus.class_name).split())
        if not class_name:
            raise DomainError(CLASS_NAME_REQUIRED, field="class_name")
        if len(class_name) > MAX_CLASS_NAME:
            raise DomainError(CLASS_NAME_TOO_LONG, field="class_name")
        return Focus(FocusKind.CLASS, class_name=class_name)
    return Focus(FocusKind.SCHOOL)


# --- A package line, and the whole basket -----------------------------------------------------------------


def check_package_line(
    *,
    school,
    year: FinancialYear,
    package: SupportPackage,
    focus: Focus,
    ehc_plan_confirmed: bool,
    quantity,
    buying_universal_offer: bool,
    package_ids_in_order,
) -> tuple[Focus, int]:
    """Every rule a package or consultancy line must pass; returns its tidied focus and quantity."""
    check_on_sale(package=package)
    check_universal_offer_held_or_bought(
        school=school, year=year, buying_universal_offer=buying_universal_offer
    )
    check_follows(school=school, year=year, package=package, package_ids_in_order=package_ids_in_order)
    focus = check_focus(package=package, focus=focus)
    check_ehc_plan(package=package, ehc_plan_confirmed=ehc_plan_confirmed)
    return focus, check_hours(package=package, quantity=quantity)


@dataclass(frozen=True)
class CheckedBasket:
    """A basket that passed every rule: the Universal Offer it buys (if any), and each package line's
    tidied focus and quantity, by basket line id."""

    universal_offer: UniversalOffer | None
    package_lines: dict


def check_basket(*, school, year: FinancialYear, lines, today: datetime.date) -> CheckedBasket:
    """Every rule, for everything in a basket about to become an order."""
    if not lines:
        raise DomainError(BASKET_EMPTY)
    check_year_on_sale(year=year, today=today)
    offer_lines = [line for line in lines if line.package_id is None]
    offer = None
    if offer_lines:
        if len(offer_lines) > 1:
            raise DomainError(UNIVERSAL_OFFER_IN_BASKET.format(year=year))
        check_universal_offer_not_taken(school=school, year=year)
        offer = check_universal_offer_priced(year=year)
    package_ids = [line.package_id for line in lines if line.package_id is not None]
    package_lines = {}
    for line in lines:
        if line.package_id is None:
            continue
        package_lines[line.pk] = check_package_line(
            school=school,
            year=year,
            package=line.package,
            focus=Focus.of(line),
            ehc_plan_confirmed=line.ehc_plan_confirmed,
            quantity=line.quantity,
            buying_universal_offer=offer is not None,
            package_ids_in_order=package_ids,
        )
    return CheckedBasket(universal_offer=offer, package_lines=package_lines)
