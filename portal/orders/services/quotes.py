"""What a basket costs: the one place prices, quantities and VAT are worked out.

Everything comes from the catalogue on the server (the Universal Offer at the price staff set for the
basket's financial year, a package at its price in that year, consultancy at that year's hourly price
times the hours, each with its own VAT rate) and
nothing from the browser, so a tampered price, amount or product id never changes what is charged.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from portal.orders import selectors
from portal.orders.models import ProductKind
from services.catalogue import SupportPackage, TrainingFormat, UniversalOffer


def vat_on(*, net_pence: int, rate: Decimal) -> int:
    """VAT in whole pence, rounded half up, on a line's price before VAT."""
    return int((Decimal(net_pence) * rate / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class QuotedLine:
    """A basket line priced, or an order line to be: what it is, for whom, how many, at what price."""

    kind: str
    description: str
    unit_price_pence: int
    quantity: int
    hours_per_unit: int
    vat_rate: Decimal
    universal_offer: UniversalOffer | None = None
    package: SupportPackage | None = None
    training_format: TrainingFormat | None = None
    basket_line: object = None

    @property
    def net_pence(self):
        return self.unit_price_pence * self.quantity

    @property
    def vat_pence(self):
        return vat_on(net_pence=self.net_pence, rate=self.vat_rate)

    @property
    def total_pence(self):
        return self.net_pence + self.vat_pence

    @property
    def hours(self):
        return self.hours_per_unit * self.quantity


@dataclass
class Quote:
    lines: list[QuotedLine] = field(default_factory=list)
    # Lines that cannot be priced now (the Universal Offer of a year staff have not priced yet).
    unpriced: list[object] = field(default_factory=list)

    @property
    def subtotal_pence(self):
        return sum(line.net_pence for line in self.lines)

    @property
    def vat_pence(self):
        return sum(line.vat_pence for line in self.lines)

    @property
    def total_pence(self):
        return self.subtotal_pence + self.vat_pence


def universal_offer_line(*, offer: UniversalOffer, basket_line=None) -> QuotedLine:
    return QuotedLine(
        kind=ProductKind.UNIVERSAL_OFFER,
        description=str(offer),
        unit_price_pence=offer.price_pence,
        quantity=1,
        hours_per_unit=0,
        vat_rate=offer.vat_rate,
        universal_offer=offer,
        basket_line=basket_line,
    )


def package_line(*, package: SupportPackage, price_pence: int, quantity: int, basket_line=None) -> QuotedLine:
    """`package` at `price_pence`, its price in the basket's year (`selectors.basket_lines` gives it)."""
    if package.sold_by_the_hour:
        return QuotedLine(
            kind=ProductKind.CONSULTANCY,
            description=package.name,
            unit_price_pence=price_pence,
            quantity=quantity,
            hours_per_unit=1,
            vat_rate=package.vat_rate,
            package=package,
            basket_line=basket_line,
        )
    return QuotedLine(
        kind=ProductKind.PACKAGE,
        description=package.name,
        unit_price_pence=price_pence,
        quantity=1,
        hours_per_unit=package.hours or 0,
        vat_rate=package.vat_rate,
        package=package,
        basket_line=basket_line,
    )


def training_line(*, training_format: TrainingFormat, description: str, price_pence: int) -> QuotedLine:
    """Training at the price agreed with the school (worked out by `services.pricing` when agreed), with
    its format's VAT rate."""
    return QuotedLine(
        kind=ProductKind.TRAINING,
        description=description,
        unit_price_pence=price_pence,
        quantity=1,
        hours_per_unit=0,
        vat_rate=training_format.vat_rate,
        training_format=training_format,
    )


def placement_line(*, description: str, price_pence: int, vat_rate: Decimal) -> QuotedLine:
    """A referral placement at the price in the placement terms when it starts."""
    return QuotedLine(
        kind=ProductKind.PLACEMENT,
        description=description,
        unit_price_pence=price_pence,
        quantity=1,
        hours_per_unit=0,
        vat_rate=vat_rate,
    )


def quote_basket(*, basket, lines) -> Quote:
    """Price each line of `basket` (from `selectors.basket_lines`) from the catalogue as it is now, at the
    basket's year's prices (the rules are checked separately)."""
    offer = selectors.universal_offer_priced(year=basket.financial_year)
    quote = Quote()
    for line in lines:
        if line.package_id is None:
            if offer is None:
                quote.unpriced.append(line)
            else:
                quote.lines.append(universal_offer_line(offer=offer, basket_line=line))
        else:
            quote.lines.append(
                package_line(
                    package=line.package,
                    price_pence=line.package_price_pence,
                    quantity=line.quantity,
                    basket_line=line,
                )
            )
    return quote
