"""The placement timeline laid out from the terms and the school year: holidays and closure days move the
dates on, a start on a day the unit is shut moves to the next school day, and a school year not entered
far enough is refused. Pure: no database."""

from datetime import date
from types import SimpleNamespace

import pytest

from common.errors import DomainError
from portal.placements.models.placements import Milestone, Weekday
from portal.placements.school_days import SchoolCalendar, Term
from portal.placements.timeline import lay_out

TERMS = SimpleNamespace(
    weeks=12,
    days_at_unit_per_week=4,
    days_at_home_school_per_week=1,
    reintegration_weeks=2,
    reintegration_supported_visits=2,
)
SUMMER_2026 = Term(date(2026, 4, 20), date(2026, 7, 22), date(2026, 5, 25), date(2026, 5, 29))
AUTUMN_2026 = Term(date(2026, 9, 2), date(2026, 12, 18), date(2026, 10, 26), date(2026, 10, 30))
SPRING_2027 = Term(date(2027, 1, 5), date(2027, 3, 26), date(2027, 2, 15), date(2027, 2, 19))
YEAR = (SUMMER_2026, AUTUMN_2026, SPRING_2027)


def plan(*, starts_on, closures=None, weekday=Weekday.THURSDAY, terms=YEAR):
    calendar = SchoolCalendar(terms, closures or {})
    return lay_out(calendar=calendar, terms=TERMS, starts_on=starts_on, home_school_weekday=weekday)


def test_a_half_term_in_the_middle_moves_the_rest_of_the_placement_on_a_week():
    timeline = plan(starts_on=date(2026, 9, 7))

    # Seven weeks before half term and five after it: twelve school weeks, ending a week later than
    # twelve calendar weeks would.
    assert timeline.date_of(Milestone.FIRST_DAY) == date(2026, 9, 7)
    assert timeline.date_of(Milestone.REVIEW_MEETING) == date(2026, 10, 16)
    assert timeline.date_of(Milestone.LAST_DAY_AT_UNIT) == date(2026, 12, 4)
    assert timeline.date_of(Milestone.REPORT_DUE) == date(2026, 12, 4)
    assert timeline.date_of(Milestone.REINTEGRATION_STARTS) == date(2026, 12, 7)
    assert timeline.date_of(Milestone.SUPPORTED_VISIT, 1) == date(2026, 12, 9)
    assert timeline.date_of(Milestone.SUPPORTED_VISIT, 2) == date(2026, 12, 16)
    assert timeline.date_of(Milestone.TARGET_END) == date(2026, 12, 18)
    assert not any(date(2026, 10, 26) <= day <= date(2026, 10, 30) for day in timeline.unit_days)
    assert len(timeline.unit_days) == 60


def test_the_meetings_come_before_the_first_day_on_school_days_of_the_term_before():
    timeline = plan(starts_on=date(2026, 9, 7))

    assert timeline.date_of(Milestone.ADMISSION_MEETING) == date(2026, 9, 4)
    # Ten school days back: three in September, seven at the end of the summer term.
    assert timeline.date_of(Milestone.INITIAL_MEETING) == date(2026, 7, 14)


def test_the_day_at_the_home_school_is_the_chosen_weekday_of_every_week():
    timeline = plan(starts_on=date(2026, 9, 7), weekday=Weekday.THURSDAY)

    assert len(timeline.home_school_days) == 12
    assert {day.weekday() for day in timeline.home_school_days} == {Weekday.THURSDAY}
    assert timeline.home_school_days[0] == date(2026, 9, 10)


def test_a_closure_day_moves_every_later_date_on_by_a_school_day():
    without = plan(starts_on=date(2026, 9, 7))
    inset_thursday = date(2026, 11, 19)
    with_closure = plan(starts_on=date(2026, 9, 7), closures={inset_thursday: "INSET day"})

    assert inset_thursday not in with_closure.unit_days
    assert with_closure.date_of(Milestone.REVIEW_MEETING) == without.date_of(Milestone.REVIEW_MEETING)
    assert with_closure.date_of(Milestone.LAST_DAY_AT_UNIT) == date(2026, 12, 7)
    assert with_closure.date_of(Milestone.TARGET_END) == date(2027, 1, 5)
    # That week's day at the home school was the closure day: the pupil has none that week.
    assert len(with_closure.home_school_days) == 11


@pytest.mark.parametrize(
    ("chosen", "first_day"),
    [
        (date(2026, 9, 5), date(2026, 9, 7)),  # a Saturday
        (date(2026, 10, 27), date(2026, 11, 2)),  # in half term
        (date(2026, 8, 20), date(2026, 9, 2)),  # in the summer holiday
    ],
)
def test_a_start_on_a_day_the_unit_is_shut_moves_to_the_next_school_day(chosen, first_day):
    timeline = plan(starts_on=chosen)

    assert timeline.date_of(Milestone.FIRST_DAY) == first_day
    assert timeline.unit_days[0] == first_day


def test_a_placement_the_term_dates_do_not_reach_is_refused_on_its_start():
    with pytest.raises(DomainError) as refused:
        plan(starts_on=date(2027, 2, 1))

    assert refused.value.field == "starts_on"
    assert "The term dates do not reach 27 March 2027" in refused.value.message
