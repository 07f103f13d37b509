"""Rules about the pupil a request is for: the unique pupil number and the year group for their age."""

import re
from datetime import date

from common.errors import DomainError
from portal.orders.models import YearGroup

# The Department for Education's check letters: 23 letters, without I, O and S.
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_PATTERN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")

UPN_FORMAT = (
    "Enter the UPN as 13 characters: a letter, then 11 digits, then a digit or a letter, like A123456789012."
)
UPN_CHECK_LETTER_WRONG = (
    "The UPN's first letter does not match the rest of the number. Check it against the school's records."
)
YEAR_GROUP_MISMATCH = (
    "A child born on {born} is in {expected} in the {school_year} school year, not {chosen}. "
    "Check the date of birth and the year group."
)
NOT_PRIMARY_AGE = (
    "A child born on {born} is not of primary school age (Reception to Year 6) in the {school_year} "
    "school year. Check the date of birth."
)


def normalised_upn(value: str) -> str:
    return "".join(value.split()).upper()


def upn_check_letter(upn_without_check_letter: str) -> str:
    """The check letter for characters 2 to 13 of a UPN (the DfE's algorithm).

    Each character is multiplied by its position's weight (2 for the second character up to 13 for the
    last); the 13th may be a letter in a temporary UPN, and counts as its place among the check
    letters. The sum modulo 23 picks the check letter.
    """
    total = 0
    for weight, character in enumerate(upn_without_check_letter, start=2):
        value = int(character) if character.isdigit() else UPN_CHECK_LETTERS.index(character)
        total += weight * value
    return UPN_CHECK_LETTERS[total % 23]


def check_upn(value: str) -> str:
    """The UPN in its stored form (no spaces, capitals), or a DomainError on the `upn` field."""
    upn = normalised_upn(value)
    if not UPN_PATTERN.match(upn) or (upn[-1].isalpha() and upn[-1] not in UPN_CHECK_LETTERS):
        raise DomainError(UPN_FORMAT, field="upn")
    if upn_check_letter(upn[1:]) != upn[0]:
        raise DomainError(UPN_CHECK_LETTER_WRONG, field="upn")
    return upn


def school_year_starting(today: date) -> int:
    """The calendar year in which the current school year began (on 1 September)."""
    return today.year if today.month >= 9 else today.year - 1


def school_year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def years_after_reception(*, date_of_birth: date, today: date) -> int:
    """Reception is the year of children who are 4 on the 31 August before the school year starts;
    each year group after it is a year older (0 for Reception, 6 for Year 6, negative for nursery age)."""
    start = school_year_starting(today)
    age_on_31_august = start - date_of_birth.year - ((date_of_birth.month, date_of_birth.day) > (8, 31))
    return age_on_31_august - 4


def year_group_after_reception(year_group: str) -> int:
    """How many years after Reception a primary year group is: Reception 0, Year 1 1, ... Year 6 6."""
    return 0 if year_group == YearGroup.RECEPTION else int(year_group)


def primary_year_group(years_after_reception: int) -> YearGroup:
    return YearGroup.RECEPTION if years_after_reception == 0 else YearGroup(str(years_after_reception))


def birthdays_in_year_group(year_group: int, *, today: date) -> tuple[date, date]:
    """The first and last dates of birth of children in `year_group` (0 for Reception) this school year."""
    start = school_year_starting(today)
    return date(start - year_group - 5, 9, 1), date(start - year_group - 4, 8, 31)


def check_year_group(*, date_of_birth: date, year_group: str, today: date) -> None:
    """Refuse a year group that does not fit the date of birth (on the `date_of_birth` field)."""
    expected = years_after_reception(date_of_birth=date_of_birth, today=today)
    context = {
        "born": f"{date_of_birth.day} {date_of_birth:%B %Y}",
        "school_year": school_year_label(school_year_starting(today)),
    }
    if not 0 <= expected <= 6:
        raise DomainError(NOT_PRIMARY_AGE.format(**context), field="date_of_birth")
    if year_group_after_reception(year_group) != expected:
        raise DomainError(
            YEAR_GROUP_MISMATCH.format(
                **context,
                expected=primary_year_group(expected).label,
                chosen=YearGroup(year_group).label,
            ),
            field="year_group",
        )
