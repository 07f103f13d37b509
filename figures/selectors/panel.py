"""The panel's statistics for the local authority, for an academic year: requests per panel meeting and per
district, the panel's decisions, days from sending to decision, requests returned for more information,
and the unit's places used each week. A request counts at the meeting it went to (a deferred one at the
later meeting) once the school has sent it.

Counts of requests and decisions follow the small-number rule, and since the meetings' requests and the
districts' add up to the same year, as the decisions by meeting and by outcome do, each pair is published
as the totals of one table (meetings by districts, meetings by outcomes: `common.small_numbers`), so that
neither gives a "fewer than 3" of the other away."""

import collections
import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count as Counted
from django.db.models import DateField, F, Min, Q, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone
from wagtail.models import ModelLogEntry

from common import workflows
from common.academic_years import AcademicYear
from common.small_numbers import THRESHOLD, Count, protected_table
from portal.placements import selectors as placement_selectors
from portal.placements.models import MappMeeting, Outcome, PanelDecision, PlacementRequest
from portal.schools.models import District


def panel_years(*, today: date) -> list[AcademicYear]:
    """The years staff may ask for, newest first: this one back to the first panel meeting's (at least
    last year). One query."""
    current = AcademicYear.containing(today)
    first = MappMeeting.objects.aggregate(first=Min("meeting_date"))["first"]
    oldest = min(current.previous, AcademicYear.containing(first)) if first else current.previous
    return [AcademicYear(start) for start in range(current.start_year, oldest.start_year - 1, -1)]


def _in_year(year: AcademicYear, field: str) -> Q:
    return Q(**{f"{field}__range": (year.first_day, year.last_day)})


@dataclass(frozen=True)
class MeetingRequests:
    meeting_date: date
    requests: Count


@dataclass(frozen=True)
class DistrictRequests:
    district: str
    requests: Count


@dataclass(frozen=True)
class RequestsSent:
    """The requests sent to the year's meetings: each meeting of the year with its requests, by date, and
    every district (one with no schools, or none that asked, has 0) with its schools' requests, by name."""

    per_meeting: list[MeetingRequests]
    per_district: list[DistrictRequests]


# The parts of `requests_sent`'s UNION.
MEETINGS, DISTRICTS, MEETING_AND_DISTRICT = 1, 2, 3


def _published_totals(rows_and_columns, counted, *, grand_total_shown):
    """The totals of a table of counts, as they may be published when its cells are not: for row keys and
    column keys, and `counted` {(row key, column key): count}, ({row key: Count}, {column key: Count},
    the grand total's Count)."""
    row_keys, column_keys = rows_and_columns
    if not row_keys or not column_keys:
        return {key: Count(0) for key in row_keys}, {key: Count(0) for key in column_keys}, Count(0)
    height, width = len(row_keys), len(column_keys)
    unpublished = {(row, column) for row in range(height) for column in range(width)}
    table = protected_table(
        [[counted.get((row, column), 0) for column in column_keys] for row in row_keys],
        unpublished=unpublished if grand_total_shown else unpublished | {(height, width)},
    )
    return (
        dict(zip(row_keys, table.row_totals, strict=True)),
        dict(zip(column_keys, table.column_totals, strict=True)),
        table.grand_total,
    )


def requests_sent(*, year: AcademicYear) -> RequestsSent:
    """One query: the meetings, the districts and the meetings' requests by district, joined with UNION
    ALL."""
    meetings = (
        MappMeeting.objects.filter(_in_year(year, "meeting_date"))
        .values("pk", part=Value(MEETINGS), held_on=F("meeting_date"), label=Value(""))
        .annotate(
            requests=Counted("placement_requests", filter=Q(placement_requests__submitted_at__isnull=False))
        )
        .order_by()
    )
    sent = Q(schools__placement_requests__submitted_at__isnull=False) & _in_year(
        year, "schools__placement_requests__meeting__meeting_date"
    )
    districts = (
        District.objects.values(
            "pk", part=Value(DISTRICTS), held_on=Value(None, DateField()), label=F("name")
        )
        .annotate(requests=Counted("schools__placement_requests", filter=sent))
        .order_by()
    )
    by_district = (
        PlacementRequest.objects.filter(submitted_at__isnull=False)
        .filter(_in_year(year, "meeting__meeting_date"))
        .values(
            "meeting",
            part=Value(MEETING_AND_DISTRICT),
            held_on=F("meeting__meeting_date"),
            label=F("school__district__name"),
        )
        .annotate(requests=Counted("pk"))
        .order_by()
    )
    rows = list(meetings.union(districts, by_district, all=True).order_by())
    meeting_rows = sorted(
        (row for row in rows if row["part"] == MEETINGS), key=lambda row: (row["held_on"], row["pk"])
    )
    district_names = sorted(row["label"] for row in rows if row["part"] == DISTRICTS)
    per_meeting, per_district, _year = _published_totals(
        ([row["pk"] for row in meeting_rows], district_names),
        {(row["pk"], row["label"]): row["requests"] for row in rows if row["part"] == MEETING_AND_DISTRICT},
        grand_total_shown=False,
    )
    return RequestsSent(
        per_meeting=[MeetingRequests(row["held_on"], per_meeting[row["pk"]]) for row in meeting_rows],
        per_district=[DistrictRequests(name, per_district[name]) for name in district_names],
    )


@dataclass(frozen=True)
class Decision:
    """A decision the panel made at one of the year's meetings, and the days from the school sending the
    request (the last time, for a request returned and sent again) to it: None if it was never sent."""

    meeting_date: date
    outcome: str
    days: int | None


def year_decisions(*, year: AcademicYear) -> list[Decision]:
    """The panel's decisions at the year's meetings, by meeting date. One query."""
    decisions = (
        PanelDecision.objects.filter(_in_year(year, "meeting__meeting_date"))
        .order_by("meeting__meeting_date", "pk")
        .values_list("meeting__meeting_date", "outcome", "decided_at", "request__submitted_at")
    )
    return [
        Decision(
            meeting_date,
            outcome,
            None
            if submitted_at is None
            else (timezone.localdate(decided_at) - timezone.localdate(submitted_at)).days,
        )
        for meeting_date, outcome, decided_at, submitted_at in decisions
    ]


@dataclass(frozen=True)
class DecisionCount:
    outcome: str
    decisions: Count


def _decision_counts(decisions: list[Decision]):
    """The decisions by meeting, by outcome and in all, as `days_to_decision` and `panel_decisions`
    publish them: ({meeting date: Count}, {outcome: Count}, the year's Count)."""
    return _published_totals(
        (
            sorted({decision.meeting_date for decision in decisions}),
            [value for value, _label in Outcome.choices],
        ),
        collections.Counter((decision.meeting_date, decision.outcome) for decision in decisions),
        grand_total_shown=True,
    )


def panel_decisions(*, decisions: list[Decision]) -> list[DecisionCount]:
    """The decisions by outcome, every outcome listed. A request decided again (declined, then asked for
    again) counts each time."""
    _per_meeting, per_outcome, _year = _decision_counts(decisions)
    return [DecisionCount(label, per_outcome[value]) for value, label in Outcome.choices]


@dataclass(frozen=True)
class DecisionDays:
    """Days from the school sending the request to the panel's decision, over some decisions (`decisions`
    of them, as published). Fewer than three are not summed up: a median of one or two is the days of a
    particular child's request."""

    label: str
    days: list[int]
    decisions: Count

    @property
    def shown(self) -> bool:
        return len(self.days) >= THRESHOLD

    @property
    def median(self) -> float | None:
        return statistics.median(self.days) if self.shown else None

    @property
    def shortest(self) -> int | None:
        return min(self.days) if self.shown else None

    @property
    def longest(self) -> int | None:
        return max(self.days) if self.shown else None


def days_to_decision(*, decisions: list[Decision]) -> list[DecisionDays]:
    """For each meeting with decisions on requests that were sent, then the whole year: the days to each."""
    by_meeting: dict[date, list[int]] = {}
    for decision in decisions:
        if decision.days is not None:
            by_meeting.setdefault(decision.meeting_date, []).append(decision.days)
    if not by_meeting:
        return []
    per_meeting, _per_outcome, year = _decision_counts(decisions)
    rows = [
        DecisionDays(f"{meeting_date:%-d %B %Y}", days, per_meeting[meeting_date])
        for meeting_date, days in by_meeting.items()
    ]
    rows.append(DecisionDays("The whole year", [day for row in rows for day in row.days], year))
    return rows


@dataclass(frozen=True)
class MonthReturns:
    month: date
    requests: Count


RETURNED = workflows.action_of(PlacementRequest, "return_for_information")


def requests_returned(*, year: AcademicYear) -> list[MonthReturns]:
    """The requests the panel returned for more information, by the month they were returned (a request
    returned twice in a month counts once); months without any are left out. One query."""
    first = timezone.make_aware(datetime.combine(year.first_day, time.min))
    after = timezone.make_aware(datetime.combine(year.last_day + timedelta(days=1), time.min))
    returns = (
        ModelLogEntry.objects.filter(action=RETURNED, timestamp__gte=first, timestamp__lt=after)
        .annotate(month=TruncMonth("timestamp", output_field=DateField()))
        .values("month")
        .annotate(requests=Counted("object_id", distinct=True))
        .order_by("month")
    )
    return [MonthReturns(row["month"], Count(row["requests"])) for row in returns]


@dataclass(frozen=True)
class WeekUse:
    """A week of the year: the places (None when no capacity was set) and the places taken (permanently
    excluded pupils and placements at the unit). Not under the small-number rule: how full the unit was
    says nothing about any one child."""

    week_starting: date
    places: int | None
    taken: int


def capacity_used(*, year: AcademicYear) -> list[WeekUse]:
    """Every week of the year, Monday to Monday. Four queries (placement_selectors.capacity_of_weeks)."""
    monday = placement_selectors.monday_of(year.first_day)
    if monday < year.first_day:
        monday += timedelta(weeks=1)
    mondays = []
    while monday <= year.last_day:
        mondays.append(monday)
        monday += timedelta(weeks=1)
    return [
        WeekUse(week.week_starting, week.places, week.pupils)
        for week in placement_selectors.capacity_of_weeks(mondays)
    ]
