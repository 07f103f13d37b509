"""Money is integer pence in the database; templates show it with the `money` filter, a VAT rate with the
`percent` filter, and the VAT on anything priced, in words, with the `vat` filter (all builtins)."""

from decimal import Decimal

from django import template

register = template.Library()


def format_pence(pence):
    """Format an integer number of pence as pounds: 55000 -> "£550", 12550 -> "£125.50"."""
    if pence is None:
        return ""
    pounds = Decimal(int(pence)) / 100
    sign = "-" if pounds < 0 else ""
    pounds = abs(pounds)
    if pounds == pounds.to_integral_value():
        return f"{sign}£{int(pounds):,}"
    return f"{sign}£{pounds:,.2f}"


@register.filter
def money(pence):
    """Show integer pence as pounds, e.g. {{ package.price_pence|money }} -> £650."""
    return format_pence(pence)


@register.filter
def percent(rate):
    """A VAT rate as a percentage: Decimal("20.00") -> "20%", Decimal("5.5") -> "5.5%"."""
    if rate in (None, ""):
        return ""
    return f"{Decimal(rate).normalize():f}%"


NO_VAT = "no VAT is charged"


@register.filter
def vat(priced):
    """The VAT on whatever has a price, said in words wherever a price is shown, never a bare "0%" or "£0":
    "no VAT is charged" when there is none (`capfirst` starts a sentence with it); otherwise "plus VAT at
    20%" after a catalogue price (it has a `vat_rate`), "£130 VAT at 20%" on an order line (a `vat_rate`
    and `vat_pence`), or "£130 VAT" for an order's or a basket's total (its `vat_pence`)."""
    rate, pence = getattr(priced, "vat_rate", None), getattr(priced, "vat_pence", None)
    if not rate and not pence:
        return NO_VAT
    if pence is None:
        return f"plus VAT at {percent(rate)}"
    if rate is None:
        return f"{format_pence(pence)} VAT"
    return f"{format_pence(pence)} VAT at {percent(rate)}"
