"""The academic (school) year: 1 September to 31 August. The one place that decides which year a date is
in; reports for schools and the local authority are by academic year, as the SEN information report is."""

from dataclasses import dataclass

from common.years import YearFromMonth


@dataclass(frozen=True, order=True)
class AcademicYear(YearFromMonth):
    """An academic year, named by the calendar year it starts in: 2024 is "2024-25"."""

    first_month = 9  # September
