"""Reads with rules: which MAPP meetings schools see, and how many places the unit has."""

from datetime import date, timedelta

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from portal.placements.models.mapp import MappMeeting, PlacementCapacity

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


def capacity_and_next_change(*, day: date) -> tuple[PlacementCapacity | None, PlacementCapacity | None]:
    """The capacity in force on `day` (the latest started by then) and the first one dated after it.

    One query: there is a row per change of capacity, a handful in a decade.
    """
    capacities = list(PlacementCapacity.objects.order_by("starts_on"))
    in_force = [capacity for capacity in capacities if capacity.starts_on <= day]
    later = [capacity for capacity in capacities if capacity.starts_on > day]
    return (in_force[-1] if in_force else None, later[0] if later else None)


def capacity_on(*, day: date) -> PlacementCapacity | None:
    """The capacity in force on `day`: the latest one that started on or before it."""
    return capacity_and_next_change(day=day)[0]


def next_capacity_change(*, after: date) -> PlacementCapacity | None:
    """The first capacity announced to start after `after`, if one has been set."""
    return capacity_and_next_change(day=after)[1]
