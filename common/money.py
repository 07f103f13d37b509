"""Money is integer pence in the database; templates show it with the `money` filter and a VAT rate with
the `percent` filter (both builtins)."""

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
