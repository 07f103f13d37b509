"""Reads with rules: which MAPP meetings schools see, how many places the unit has week by week, and the
panel's open actions."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from portal.placements.models.mapp import MappMeeting, PlacementCapacity
from portal.placements.models.panel import ExcludedPupilsCount, MeetingAction

# Past meetings stay in the calendar feed for a year, so subscribers keep them in their history.
CALENDAR_HISTORY = timedelta(days=365)


def is_upcoming(*, meeting_date: date, today: date) -> bool:
    """A meeting stays upcoming until the end of its own day."""
    return meeting_date >= today


def upcoming_meetings(*, today: date, meetings: QuerySet[MappMeeting] | None = None) -> QuerySet[MappMeeting]:
    """Meetings (all, or those of `meetings`) from today on, soonest first, with `deadline_passed`.

    A meeting whose deadline has gone is still listed until it has happened: schools need to see
    when the panel sits even if it is too late to send a request for it. Requests are accepted
    until the end of the deadline day itself.
    """
    meetings = MappMeeting.objects.all() if meetings is None else meetings
    return (
        meetings.filter(meeting_date__gte=today)
        .annotate(
            deadline_passed=ExpressionWrapper(Q(submission_deadline__lt=today), output_field=BooleanField())
        )
        .order_by("meeting_date")
    )


def past_meetings(*, today: date, meetings: QuerySet[MappMeeting] | None = None) -> QuerySet[MappMeeting]:
    meetings = MappMeeting.objects.all() if meetings is None else meetings
    return meetings.filter(meeting_date__lt=today)


def next_open_meeting(*, today: date) -> MappMeeting | None:
    """The soonest meeting that still accepts requests (its deadline is today or later)."""
    return MappMeeting.objects.filter(submission_deadline__gte=today).order_by("meeting_date").first()


def calendar_meetings(*, today: date) -> QuerySet[MappMeeting]:
    """Meetings for the calendar feed: everything upcoming and the last year's meetings."""
    return MappMeeting.objects.filter(meeting_date__gte=today - CALENDAR_HISTORY).order_by("meeting_date")


def capacity_on(*, day: date) -> PlacementCapacity | None:
    """The capacity in force on `day`: the latest one that started on or before it."""
    return PlacementCapacity.objects.filter(starts_on__lte=day).order_by("-starts_on").first()


def next_capacity_change(*, after: date) -> PlacementCapacity | None:
    """The first capacity announced to start after `after`, if one has been set."""
    return PlacementCapacity.objects.filter(starts_on__gt=after).order_by("starts_on").first()


# The panel looks this far ahead when it decides whether, and when, an offer can start: two terms.
WEEKS_AHEAD = 26


@dataclass(frozen=True)
class WeekOfPlaces:
    """One week: the places in force on its Monday and the pupils who take them."""

    week_starting: date
    places: int | None  # None until a capacity has been set for the week
    excluded_pupils: int
    # True when no count was recorded for this week, so the last one recorded before it holds.
    excluded_pupils_carried_forward: bool

    @property
    def pupils(self):
        return self.excluded_pupils

    @property
    def free(self):
        return None if self.places is None else self.places - self.pupils

    @property
    def over_by(self):
        """How many pupils more than the places there are (0 when they fit, or no capacity is set)."""
        return max(0, -self.free) if self.free is not None else 0


def places_by_week(*, first_week: date, weeks: int = WEEKS_AHEAD) -> list[WeekOfPlaces]:
    """Week by week from the Monday `first_week` on: the capacity in force and the permanently excluded
    pupils held (each week's count, or the latest recorded before it). Two queries for any span."""
    mondays = [first_week + timedelta(weeks=number) for number in range(weeks)]
    capacities = list(PlacementCapacity.objects.filter(starts_on__lte=mondays[-1]).order_by("starts_on"))
    counts = list(
        ExcludedPupilsCount.objects.filter(week_starting__lte=mondays[-1]).order_by("week_starting")
    )
    rows = []
    for monday in mondays:
        capacity = next((each for each in reversed(capacities) if each.starts_on <= monday), None)
        count = next((each for each in reversed(counts) if each.week_starting <= monday), None)
        rows.append(
            WeekOfPlaces(
                week_starting=monday,
                places=capacity.places if capacity else None,
                excluded_pupils=count.pupils if count else 0,
                excluded_pupils_carried_forward=count is not None and count.week_starting != monday,
            )
        )
    return rows


def open_actions(*, actions: QuerySet[MeetingAction] | None = None) -> QuerySet[MeetingAction]:
    actions = MeetingAction.objects.all() if actions is None else actions
    return actions.filter(done_on__isnull=True)


def overdue_actions(
    *, today: date, actions: QuerySet[MeetingAction] | None = None
) -> QuerySet[MeetingAction]:
    return open_actions(actions=actions).filter(due_on__lt=today)
