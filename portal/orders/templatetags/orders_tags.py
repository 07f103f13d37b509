"""Showing hours in the portal, the admin, emails and documents."""

from decimal import Decimal

from django import template

from portal.orders.services.hours import format_hours

register = template.Library()


@register.filter
def quarter_hours(quarters):
    """Whole quarter hours as hours: 6 -> "1.5", 28 -> "7", 1 -> "0.25"."""
    if quarters in (None, ""):
        return ""
    return format_hours(Decimal(int(quarters)) / 4)


@register.filter
def hours_left(line):
    """Quarter hours left on a package line annotated with `quarter_hours_used`."""
    return line.quarter_hours_bought - line.quarter_hours_used
