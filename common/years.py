"""A year that starts on the first of a month (the financial year in April, the academic year in
September): which one a date is in, its name like "2024-25", its first and last days."""

import datetime
import re
from dataclasses import dataclass
from typing import ClassVar, Self

from django.utils import timezone

LABEL_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class YearFromMonth:
    """A year named by the calendar year it starts in: 2024 is "2024-25". A subclass sets `first_month`."""

    first_month: ClassVar[int]
    start_year: int

    @classmethod
    def containing(cls, day: datetime.date) -> Self:
        return cls(day.year if day.month >= cls.first_month else day.year - 1)

    @classmethod
    def current(cls) -> Self:
        return cls.containing(timezone.localdate())

    @classmethod
    def from_label(cls, label: str) -> Self | None:
        """The year written like 2024-25, or None when `label` is not one."""
        match = LABEL_PATTERN.match(label or "")
        if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
            return None
        return cls(int(match.group(1)))

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.start_year, self.first_month, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.start_year + 1, self.first_month, 1) - datetime.timedelta(days=1)

    @property
    def next(self) -> Self:
        return type(self)(self.start_year + 1)

    @property
    def previous(self) -> Self:
        return type(self)(self.start_year - 1)

    def __str__(self) -> str:
        return self.label
