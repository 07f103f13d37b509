"""The academic (school) year: 1 September to 31 August. The one place that decides which year a date is
in; reports for schools and the local authority are by academic year, as the SEN information report is."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

FIRST_MONTH = 9  # September
LABEL_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class AcademicYear:
    """An academic year, named by the calendar year it starts in: 2024 is "2024-25"."""

    start_year: int

    @classmethod
    def containing(cls, day: datetime.date) -> "AcademicYear":
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @classmethod
    def current(cls) -> "AcademicYear":
        return cls.containing(timezone.localdate())

    @classmethod
    def from_label(cls, label: str) -> "AcademicYear | None":
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
        return datetime.date(self.start_year, FIRST_MONTH, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.start_year + 1, FIRST_MONTH, 1) - datetime.timedelta(days=1)

    @property
    def previous(self) -> "AcademicYear":
        return AcademicYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.label
