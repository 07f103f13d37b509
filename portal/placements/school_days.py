"""Which days are school days, from the terms and closure days staff enter (`models.calendar`).

`SchoolCalendar` is plain data, so the placement timeline (`portal.placements.timeline`) is a pure
function of it and can be tested without a database; `selectors.school_calendar()` reads it.
A day past the last term entered is not guessed at: the caller is told to enter the term dates.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from common.errors import DomainError

TERMS_NOT_ENTERED = (
    "The term dates do not reach {day:%-d %B %Y}. Enter the school year's terms and closure days "
    "(MAPP panel, School terms) first."
)
WEEKEND = "a weekend"
HALF_TERM = "half term"
HOLIDAY = "a school holiday"


@dataclass(frozen=True)
class Term:
    starts_on: date
    ends_on: date
    half_term_starts_on: date | None = None
    half_term_ends_on: date | None = None
    name: str = ""

    def holds(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def in_half_term(self, day: date) -> bool:
        return (
            self.half_term_starts_on is not None and self.half_term_starts_on <= day <= self.half_term_ends_on
        )


@dataclass(frozen=True)
class SchoolCalendar:
    terms: tuple[Term, ...]
    closures: dict[date, str] = field(default_factory=dict)

    @property
    def first_day(self) -> date | None:
        return min((term.starts_on for term in self.terms), default=None)

    @property
    def last_day(self) -> date | None:
        return max((term.ends_on for term in self.terms), default=None)

    def check_covers(self, day: date, *, field: str | None = None) -> None:
        if self.last_day is None or not (self.first_day <= day <= self.last_day):
            raise DomainError(TERMS_NOT_ENTERED.format(day=day), field=field)

    def closed_because(self, day: date) -> str | None:
        """Why `day` is not a school day (a weekend, half term, a holiday, a closure's reason), or None."""
        if day.weekday() >= 5:
            return WEEKEND
        term = next((term for term in self.terms if term.holds(day)), None)
        if term is None:
            return HOLIDAY
        if term.in_half_term(day):
            return HALF_TERM
        return self.closures.get(day)

    def is_school_day(self, day: date) -> bool:
        return self.closed_because(day) is None

    def school_days_from(self, day: date, *, field: str | None = None) -> Iterator[date]:
        """The school days from `day` on (itself included when it is one), without end; refused once
        they run past the last term entered."""
        while True:
            self.check_covers(day, field=field)
            if self.is_school_day(day):
                yield day
            day += timedelta(days=1)

    def school_days_before(self, day: date, *, field: str | None = None) -> Iterator[date]:
        """The school days before `day`, latest first."""
        while True:
            day -= timedelta(days=1)
            self.check_covers(day, field=field)
            if self.is_school_day(day):
                yield day

    def school_days_between(self, start: date, end: date) -> list[date]:
        """The school days from `start` to `end`, both included (days outside the terms entered are not
        school days)."""
        days, day = [], start
        while day <= end:
            if self.is_school_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days


def take(days: Iterable[date], count: int) -> list[date]:
    days = iter(days)
    return [next(days) for _ in range(count)]
