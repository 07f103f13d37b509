"""The financial year: 1 April to 31 March. The one place that decides which year a date is in."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Cast, ExtractYear

from common.years import YearFromMonth

FIRST_MONTH = 4  # April

# The outreach service began trading in the 2019-20 financial year; nothing is priced before it.
FIRST_TRADED_YEAR = 2019
# How many years ahead editors may set prices, so next year's offer can be published in spring.
YEARS_AHEAD = 2


@dataclass(frozen=True, order=True)
class FinancialYear(YearFromMonth):
    """A financial year, named by the calendar year it starts in: 2026 is "2026-27"."""

    first_month = FIRST_MONTH


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
