"""Placement capacity for pages of other apps (the SEN information report), which show it without
importing the portal: capacity has one source, the dated records kept here."""

from dataclasses import dataclass

from django import template

from portal.placements import selectors
from portal.placements.models import PlacementCapacity

register = template.Library()


@dataclass(frozen=True)
class CapacityDuring:
    at_start: PlacementCapacity | None
    change: PlacementCapacity | None  # a new capacity that starts before the period ends


@register.simple_tag
def capacity_during(starts, ends):
    """The capacity in force on `starts`, and the first change announced up to `ends`, as shown."""
    at_start, change = selectors.capacity_and_next_change(day=starts, shown=True)
    return CapacityDuring(
        at_start=at_start,
        change=change if change is not None and change.starts_on <= ends else None,
    )
