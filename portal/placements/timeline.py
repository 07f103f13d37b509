"""A placement's plan laid out from the placement terms and the school year: a pure function, so it is
tested without a database. `services.placements` stores what it returns as `PlacementDate`s.

From the first school day on or after the chosen start:
- the initial meeting with the school and parents two school weeks (ten school days) before it, and the
  admission meeting on the school day before it;
- the weeks at the unit: `weeks` school weeks, counted in school days (a week is the days at the unit
  plus the day at the home school), so a holiday or a closure day moves everything after it on; the
  pupil spends the chosen weekday of each of those weeks at the home school;
- the review meeting on the last day of the middle week, the end-of-placement report on the last day at
  the unit;
- the reintegration: `reintegration_weeks` school weeks straight after, with its supported visits
  spread through it (one mid-week in each week, for two visits over two weeks); its last day is the
  target end date.
"""

from dataclasses import dataclass
from datetime import date

from portal.placements.models.placements import Milestone
from portal.placements.school_days import SchoolCalendar, take

# The school days between the initial meeting and the first day at the unit.
INITIAL_MEETING_LEAD = 10


@dataclass(frozen=True)
class PlannedDate:
    milestone: str
    on: date
    number: int = 1


@dataclass(frozen=True)
class Timeline:
    dates: list[PlannedDate]
    unit_days: list[date]  # every school day of the weeks at the unit, home school days included
    home_school_days: list[date]

    def date_of(self, milestone, number=1) -> date:
        return next(each.on for each in self.dates if each.milestone == milestone and each.number == number)


def lay_out(*, calendar: SchoolCalendar, terms, starts_on: date, home_school_weekday: int) -> Timeline:
    """The plan of a placement starting on `starts_on` (or the next school day), under `terms` (the
    `PlacementTerms`: weeks, days a week, reintegration weeks and visits). Refused with a `DomainError`
    on `starts_on` when the term dates entered do not reach far enough."""
    days_a_week = terms.days_at_unit_per_week + terms.days_at_home_school_per_week
    days = calendar.school_days_from(starts_on, field="starts_on")
    unit_days = take(days, terms.weeks * days_a_week)
    reintegration = take(days, terms.reintegration_weeks * days_a_week)
    before = calendar.school_days_before(unit_days[0], field="starts_on")
    earlier = take(before, INITIAL_MEETING_LEAD)

    first_day, last_day = unit_days[0], unit_days[-1]
    middle_week_ends = unit_days[(terms.weeks // 2 or 1) * days_a_week - 1]
    dates = [
        PlannedDate(Milestone.INITIAL_MEETING, earlier[-1]),
        PlannedDate(Milestone.ADMISSION_MEETING, earlier[0]),
        PlannedDate(Milestone.FIRST_DAY, first_day),
        PlannedDate(Milestone.REVIEW_MEETING, middle_week_ends),
        PlannedDate(Milestone.REPORT_DUE, last_day),
        PlannedDate(Milestone.LAST_DAY_AT_UNIT, last_day),
    ]
    if reintegration:
        visits = terms.reintegration_supported_visits
        dates.append(PlannedDate(Milestone.REINTEGRATION_STARTS, reintegration[0]))
        # Each visit in the middle of its equal share of the reintegration's days.
        middles = [(2 * n + 1) * len(reintegration) // (2 * visits) for n in range(visits)]
        dates += [
            PlannedDate(Milestone.SUPPORTED_VISIT, reintegration[middle], number)
            for number, middle in enumerate(middles, start=1)
        ]
    dates.append(PlannedDate(Milestone.TARGET_END, (reintegration or unit_days)[-1]))
    return Timeline(
        dates=sorted(dates, key=lambda each: each.on),
        unit_days=unit_days,
        home_school_days=[day for day in unit_days if day.weekday() == home_school_weekday],
    )
