"""Hours delivered against a package: the balance never goes below zero.

Recording locks the package line's row first, so two members of staff saving at once queue up and the
second sees the first's hours before it checks the balance.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from common.audit import record_change
from common.errors import DomainError
from portal.orders.models import HELD_STATUSES, HoursEntry, HoursKind, OrderLine

HOURS_RECORDED = "orders.hours_recorded"

# One entry is one piece of work: a day's visit at most.
MAX_HOURS_PER_ENTRY = 12

HOURS_NOT_QUARTERS = "Enter the hours in quarter hours, like 1, 1.25, 1.5 or 1.75."
HOURS_OUT_OF_RANGE = f"Enter between 0.25 and {MAX_HOURS_PER_ENTRY} hours."
DATE_IN_FUTURE = "Enter a date today or in the past: record work once it has been done."
KIND_REQUIRED = "Select what kind of work it was."
WHO_REQUIRED = "Enter who delivered the work."
NO_HOURS_ON_LINE = "{line} buys no specialist-teacher hours."
LINE_NOT_HELD = "Order {reference} is {status}: hours can be recorded only against what a school holds."
NOT_ENOUGH_HOURS = (
    "Only {left} of the {bought} hours of {line} are left, so {asked} hours cannot be recorded. "
    "The school can buy more hours."
)


def format_hours(hours) -> str:
    """Decimal("1.50") -> "1.5", Decimal("2") -> "2"."""
    return f"{Decimal(hours).normalize():f}"


def quarter_hours_of(hours) -> int:
    """Hours typed by staff (a Decimal) as whole quarter hours; refused unless a multiple of 0.25."""
    quarters = Decimal(hours) * 4
    if quarters != quarters.to_integral_value():
        raise DomainError(HOURS_NOT_QUARTERS, field="hours")
    quarters = int(quarters)
    if not 1 <= quarters <= MAX_HOURS_PER_ENTRY * 4:
        raise DomainError(HOURS_OUT_OF_RANGE, field="hours")
    return quarters


@transaction.atomic
def hours_record(
    *, line, worked_on: datetime.date, hours, kind, delivered_by, note="", recorded_by
) -> HoursEntry:
    """Record work delivered against a package line; refused if it would take the balance below zero."""
    quarter_hours = quarter_hours_of(hours)
    if worked_on > timezone.localdate():
        raise DomainError(DATE_IN_FUTURE, field="worked_on")
    if kind not in HoursKind.values:
        raise DomainError(KIND_REQUIRED, field="kind")
    delivered_by = " ".join(str(delivered_by).split())
    if not delivered_by:
        raise DomainError(WHO_REQUIRED, field="delivered_by")
    line = OrderLine.objects.select_for_update(of=("self",)).select_related("order").get(pk=line.pk)
    if line.order.status not in HELD_STATUSES:
        raise DomainError(
            LINE_NOT_HELD.format(
                reference=line.order.reference, status=line.order.get_status_display().lower()
            )
        )
    if not line.has_hours:
        raise DomainError(NO_HOURS_ON_LINE.format(line=line))
    used = HoursEntry.objects.filter(line=line).aggregate(total=Sum("quarter_hours"))["total"] or 0
    left = line.quarter_hours_bought - used
    if quarter_hours > left:
        raise DomainError(
            NOT_ENOUGH_HOURS.format(
                left=format_hours(Decimal(left) / 4),
                bought=line.hours_bought,
                line=line,
                asked=format_hours(Decimal(quarter_hours) / 4),
            ),
            field="hours",
        )
    entry = HoursEntry.objects.create(
        line=line,
        worked_on=worked_on,
        quarter_hours=quarter_hours,
        kind=kind,
        delivered_by=delivered_by,
        note=note.strip(),
        recorded_by=recorded_by,
    )
    used_after = format_hours(Decimal(used + quarter_hours) / 4)
    record_change(
        instance=line.order,
        action=HOURS_RECORDED,
        user=recorded_by,
        about=(
            f"{format_hours(entry.hours)} h {entry.get_kind_display().lower()} "
            f"on {worked_on:%-d %B %Y}, {line}"
        ),
        to=f"{used_after} of {line.hours_bought} hours used",
        why=entry.note,
    )
    return entry
