"""Writes with rules for placements: starting one from the panel's offer (with its plan of dates and the
home school's invoice, in one transaction), moving a date with its reason, and one function per declared
transition of `Placement` (each through `common.workflows.transition_apply`).

A placement is the pupil's record at the unit: every change is recorded on its history (a moved date
with its reason), and every view of it is recorded on its request (`request_access_record`), as the
request's own views are.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import Truncator

from common import workflows
from common.audit import record_change
from common.errors import DomainError
from portal.orders.models import OrderLine
from portal.orders.services import agreed_orders
from portal.placements import selectors, timeline
from portal.placements.models.decisions import Outcome
from portal.placements.models.mapp import PlacementCapacity
from portal.placements.models.placements import (
    LIVE_STATUSES,
    Milestone,
    Placement,
    PlacementDate,
    PlacementOutcome,
    PlacementStatus,
    Weekday,
)
from portal.placements.models.requests import AccessKind, PlacementRequest, RequestStatus
from portal.placements.models.terms import PlacementTerms
from portal.placements.services.requests import request_access_record

PLACEMENT_CREATED = "placements.placement_created"
DATE_MOVED = "placements.placement_date_moved"
CHANGE_LABELS = {
    PLACEMENT_CREATED: "Placement planned from the panel's offer",
    DATE_MOVED: "Date moved",
}

NOT_OFFERED = "Request {reference} was not offered a placement, so no placement can start from it."
ALREADY_PLACED = "Request {reference} already has placement {placement}."
OVERLAPS = (
    "This pupil already has placement {placement} from {starts} to {ends}, which overlaps these dates. "
    "End or cancel it first, or choose a later start."
)
OVER_CAPACITY = (
    "There is no place free in the week(s) starting {weeks}. Tick the box to confirm the placement "
    "goes ahead over capacity."
)
NOT_A_SCHOOL_DAY = "{day} is not a school day ({why}). Choose a school day."
REASON_REQUIRED = "Say why the date moves."
NOT_MOVED = "Choose a different date from the one planned now."
FIRST_DAY_PASSED = "Placement {reference} has started: its first day can no longer be moved."
MOVE_ENDED = "Placement {reference} is {status}: its dates can no longer be moved."
OTHER_NEEDS_A_NOTE = "Say what the outcome was."
ENDED_BEFORE_START = "The end date cannot be before the placement started ({starts})."


DESCRIPTION_LENGTH = OrderLine._meta.get_field("description").max_length


def long_date(day: date) -> str:
    return date_format(day, "j F Y")


@dataclass(frozen=True)
class Arrangements:
    """What staff settle with the school when a placement starts."""

    starts_on: date
    home_school_weekday: int
    category: str
    purpose: str
    key_worker_name: str
    key_worker_email: str
    dsl_name: str
    dsl_email: str


def _check_can_start(placement_request) -> object:
    """The offer in force for a decided request with no placement yet."""
    decision = selectors.decision_of(placement_request=placement_request)
    if (
        placement_request.status != RequestStatus.DECIDED
        or decision is None
        or decision.outcome != Outcome.OFFER
    ):
        raise DomainError(NOT_OFFERED.format(reference=placement_request.reference))
    existing = selectors.placement_of(placement_request=placement_request)
    if existing is not None:
        raise DomainError(ALREADY_PLACED.format(reference=placement_request.reference, placement=existing))
    return decision


def _check_no_overlap(placement_request, plan):
    overlapping = selectors.overlapping_placement(
        placement_request=placement_request,
        starts_on=plan.unit_days[0],
        ends_on=plan.date_of(Milestone.TARGET_END),
    )
    if overlapping is not None:
        raise DomainError(
            OVERLAPS.format(
                placement=overlapping.reference,
                starts=long_date(overlapping.starts_on),
                ends=long_date(overlapping.ended_on or overlapping.target_end_on),
            ),
            field="starts_on",
        )


def weeks_without_a_place(plan) -> list:
    """The weeks of `plan`'s time at the unit with no place free for the pupil."""
    return selectors.weeks_without_a_place(first=plan.unit_days[0], last=plan.unit_days[-1])


def capacity_check(plan, *, confirmed: bool) -> list:
    """The weeks of `plan`'s time at the unit with no place free: refused, naming them, unless staff
    confirmed that the pupil comes over capacity."""
    full = weeks_without_a_place(plan)
    if full and not confirmed:
        weeks = ", ".join(long_date(week.week_starting) for week in full)
        raise DomainError(OVER_CAPACITY.format(weeks=weeks), field="over_capacity_confirmed")
    return full


def capacity_lock(plan) -> None:
    """Lock the capacities in force in `plan`'s weeks at the unit, so that starts competing for the same
    weeks are checked against the places one after the other: two staff starting placements for
    different requests at once cannot both take the last place. (SQLite, which has no row locks, runs one
    write transaction at a time anyway.)"""
    first, last = selectors.monday_of(plan.unit_days[0]), plan.unit_days[-1]
    starts = list(
        PlacementCapacity.objects.filter(starts_on__lte=last)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
    )
    # The one in force in the first week, and each that starts after it.
    in_force = [day for day in starts if day <= first][-1:] + [day for day in starts if day > first]
    list(PlacementCapacity.objects.select_for_update().filter(starts_on__in=in_force).order_by("starts_on"))


def plan_from(starts_on: date, *, home_school_weekday: int = Weekday.FRIDAY, terms=None):
    """The timeline a start on `starts_on` lays out under the terms (today's, unless given) and the
    school year. The weekday at the home school only says where the pupil is on a day of its weeks, so
    an offer's weeks are known before it is chosen."""
    return timeline.lay_out(
        calendar=selectors.school_calendar(),
        terms=terms or PlacementTerms.load(),
        starts_on=starts_on,
        home_school_weekday=home_school_weekday,
    )


def plan_of(arrangements: Arrangements, *, terms=None):
    """The timeline the start `arrangements` settle lays out."""
    return plan_from(
        arrangements.starts_on, home_school_weekday=arrangements.home_school_weekday, terms=terms
    )


def placement_charge(placement, *, user, terms, purchase_order_number) -> None:
    """The home school's invoiced order for the placement, at the terms' price, with the note about the
    funding attached to the child on its line."""
    description = (
        f"Referral placement {placement.reference} from {long_date(placement.starts_on)}, "
        f"{terms.funding_note}"
    )
    placement.order = agreed_orders.order_place_for_placement(
        school=placement.school,
        placed_by=user,
        description=Truncator(description).chars(DESCRIPTION_LENGTH),
        price_pence=terms.price_pence,
        vat_rate=terms.vat_rate,
        purchase_order_number=purchase_order_number,
    )
    placement.save(update_fields=["order"])


@transaction.atomic
def placement_create_from_offer(
    *,
    placement_request,
    user,
    arrangements: Arrangements,
    over_capacity_confirmed: bool = False,
    purchase_order_number: str = "",
) -> Placement:
    """A planned placement for an offered request, its dated plan and the home school's invoice, in one
    transaction. A start whose weeks at the unit have a week with no place free is refused unless staff
    confirm it."""
    placement_request = PlacementRequest.objects.select_for_update().get(pk=placement_request.pk)
    decision = _check_can_start(placement_request)
    terms = PlacementTerms.load()
    plan = plan_of(arrangements, terms=terms)
    _check_no_overlap(placement_request, plan)
    capacity_lock(plan)
    full = capacity_check(plan, confirmed=over_capacity_confirmed)
    placement = Placement.objects.create(
        request=placement_request,
        decision=decision,
        school=placement_request.school,
        category=arrangements.category,
        purpose=arrangements.purpose,
        starts_on=plan.unit_days[0],
        home_school_weekday=arrangements.home_school_weekday,
        key_worker_name=arrangements.key_worker_name,
        key_worker_email=arrangements.key_worker_email,
        dsl_name=arrangements.dsl_name,
        dsl_email=arrangements.dsl_email,
        created_by=user,
    )
    PlacementDate.objects.bulk_create(
        PlacementDate(
            placement=placement, milestone=each.milestone, number=each.number, on=each.on, planned_on=each.on
        )
        for each in plan.dates
    )
    record_change(
        instance=placement,
        action=PLACEMENT_CREATED,
        user=user,
        to=placement.get_status_display(),
        about=f"{placement_request.reference}, from {long_date(placement.starts_on)} to "
        f"{long_date(plan.date_of(Milestone.TARGET_END))}" + (" (confirmed over capacity)" if full else ""),
    )
    placement_charge(placement, user=user, terms=terms, purchase_order_number=purchase_order_number)
    return placement


@transaction.atomic
def placement_date_move(*, placement_date, user, on: date, why: str) -> PlacementDate:
    """Move one date of a placement's plan to another school day; the reason is kept on its history."""
    placement = Placement.objects.select_for_update().get(pk=placement_date.placement_id)
    placement_date = PlacementDate.objects.get(pk=placement_date.pk)
    if placement.status not in LIVE_STATUSES:
        raise DomainError(
            MOVE_ENDED.format(reference=placement.reference, status=placement.get_status_display().lower())
        )
    why = why.strip()
    if not why:
        raise DomainError(REASON_REQUIRED, field="why")
    if on == placement_date.on:
        raise DomainError(NOT_MOVED, field="on")
    closed = selectors.school_calendar().closed_because(on)
    if closed is not None:
        raise DomainError(NOT_A_SCHOOL_DAY.format(day=long_date(on), why=closed), field="on")
    if placement_date.milestone == Milestone.FIRST_DAY:
        # The first day is where the placement starts: capacity and the registers count from it.
        if placement.status != PlacementStatus.PLANNED:
            raise DomainError(FIRST_DAY_PASSED.format(reference=placement.reference), field="on")
        placement.starts_on = on
        placement.save(update_fields=["starts_on"])
    before = placement_date.on
    placement_date.on = on
    placement_date.moved_because = why[:255]
    placement_date.save(update_fields=["on", "moved_because"])
    record_change(
        instance=placement,
        action=DATE_MOVED,
        user=user,
        from_=long_date(before),
        to=long_date(on),
        about=placement_date.label,
        why=why,
    )
    return placement_date


# --- Transitions -----------------------------------------------------------------------------------------


def placement_start(*, placement, user) -> Placement:
    return workflows.transition_apply(placement, "start", by=user)


def placement_begin_reintegration(*, placement, user) -> Placement:
    return workflows.transition_apply(placement, "begin_reintegration", by=user)


def placement_end(*, placement, user, outcome: str, ended_on: date, note: str = "") -> Placement:
    """End the placement with its outcome ("other" needs a note) on `ended_on`."""
    note = note.strip()
    outcome = outcome if outcome in PlacementOutcome.values else None
    if outcome == PlacementOutcome.OTHER and not note:
        raise DomainError(OTHER_NEEDS_A_NOTE, field="outcome_note")
    if ended_on < placement.starts_on:
        raise DomainError(ENDED_BEFORE_START.format(starts=long_date(placement.starts_on)), field="ended_on")
    return workflows.transition_apply(
        placement,
        "end",
        by=user,
        about=PlacementOutcome(outcome).label if outcome else "",
        why=note,
        changes={"outcome": outcome, "ended_on": ended_on, "outcome_note": note},
    )


def placement_cancel(*, placement, user, why: str) -> Placement:
    return workflows.transition_apply(placement, "cancel", by=user, why=why)


def placement_seen(*, placement, user, what: str, kind: str = AccessKind.VIEWED) -> None:
    """Record that `user` saw the placement's page, or downloaded one of its documents (on its request,
    as the request's own views are)."""
    request_access_record(placement_request=placement.request, user=user, kind=kind, what=what)
