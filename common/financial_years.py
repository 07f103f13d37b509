"""The financial year: 1 April to 31 March. The one place that decides which year a date is in."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Cast, ExtractYear
from django.utils import timezone

FIRST_MONTH = 4  # April

# The outreach service began trading in the 2019-20 financial year; nothing is priced before it.
FIRST_TRADED_YEAR = 2019
# How many years ahead editors may set prices, so next year's offer can be published in spring.
YEARS_AHEAD = 2


@dataclass(frozen=True, order=True)
class FinancialYear:
    """A financial year, named by the calendar year it starts in: 2026 is "2026-27"."""

    start_year: int

    @classmethod
    def containing(cls, day: datetime.date) -> "FinancialYear":
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @classmethod
    def current(cls) -> "FinancialYear":
        return cls.containing(timezone.localdate())

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.start_year, FIRST_MONTH, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.start_year + 1, FIRST_MONTH, 1) - datetime.timedelta(days=1)

    @property
    def next(self) -> "FinancialYear":
        return FinancialYear(self.start_year + 1)

    def __str__(self) -> str:
        return self.label


def financial_year_start_of(date_field: str):
    """`FinancialYear.containing` in SQL: the start year of the financial year of each row's `date_field`
    (a date, or a date and time taken in the site's time zone), to group or filter rows by year."""
    # Cast: PostgreSQL's EXTRACT gives a numeric, which would not compare as a plain year.
    return Cast(
        ExtractYear(date_field)
        - Case(When(**{f"{date_field}__month__lt": FIRST_MONTH}, then=Value(1)), default=Value(0)),
        IntegerField(),
    )


def financial_year_choices():
    """The years an editor can pick when pricing something, oldest first."""
    last = FinancialYear.current().start_year + YEARS_AHEAD
    return [(year, FinancialYear(year).label) for year in range(FIRST_TRADED_YEAR, last + 1)]
