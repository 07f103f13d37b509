import datetime

import pytest
import time_machine

from bookings.factories import SurgerySessionFactory
from bookings.models import SurgerySession
from common.financial_years import (
    FIRST_TRADED_YEAR,
    YEARS_AHEAD,
    FinancialYear,
    financial_year_choices,
    financial_year_start_of,
)


@pytest.mark.parametrize(
    ("day", "start_year"),
    [
        (datetime.date(2026, 3, 31), 2025),
        (datetime.date(2026, 4, 1), 2026),
        (datetime.date(2026, 12, 31), 2026),
        (datetime.date(2027, 1, 1), 2026),
        (datetime.date(2027, 3, 31), 2026),
        (datetime.date(2027, 4, 1), 2027),
    ],
)
def test_the_year_changes_between_31_march_and_1_april(day, start_year):
    assert FinancialYear.containing(day) == FinancialYear(start_year)


def test_label_and_bounds():
    year = FinancialYear(2026)
    assert year.label == "2026-27"
    assert str(year) == "2026-27"
    assert year.first_day == datetime.date(2026, 4, 1)
    assert year.last_day == datetime.date(2027, 3, 31)
    assert year.next == FinancialYear(2027)


def test_label_across_a_century():
    assert FinancialYear(2099).label == "2099-00"


def test_current_year_uses_the_date_in_london():
    # 23:30 UTC on 31 March is 00:30 on 1 April in London (summer time), so the new year has begun.
    with time_machine.travel(datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC), tick=False):
        assert FinancialYear.current() == FinancialYear(2026)
    with time_machine.travel(datetime.datetime(2026, 3, 31, 22, 30, tzinfo=datetime.UTC), tick=False):
        assert FinancialYear.current() == FinancialYear(2025)


def test_choices_run_from_the_first_traded_year_to_a_couple_of_years_ahead():
    with time_machine.travel(datetime.date(2026, 11, 1), tick=False):
        choices = financial_year_choices()
    assert choices[0] == (FIRST_TRADED_YEAR, f"{FIRST_TRADED_YEAR}-{(FIRST_TRADED_YEAR + 1) % 100}")
    assert choices[-1] == (2026 + YEARS_AHEAD, "2028-29")


@pytest.mark.django_db
def test_the_database_puts_a_date_in_the_same_year_as_containing():
    days = [datetime.date(2026, 3, 31), datetime.date(2026, 4, 1), datetime.date(2027, 1, 1)]
    for day in days:
        SurgerySessionFactory(date=day)
    years = SurgerySession.objects.annotate(year=financial_year_start_of("date")).order_by("date")

    assert [session.year for session in years] == [FinancialYear.containing(day).start_year for day in days]
