"""The rules about the pupil: the UPN's check letter and the year group that fits a date of birth."""

from datetime import date

import pytest

from common.errors import DomainError
from portal.placements.services import pupil_rules


def test_the_check_letter_follows_the_dfe_weights():
    # 8x2 + 2x3 + 0x4 + 2x5 + 0x6 + 0x7 + 1x8 + 0x9 + 1x10 + 0x11 + 0x12 + 1x13 = 63; 63 mod 23 = 17 -> U
    assert pupil_rules.upn_check_letter("820200101001") == "U"
    assert pupil_rules.check_upn("u820 2001 01001") == "U820200101001"


def test_a_temporary_upn_counts_its_last_letter_by_its_place_among_the_check_letters():
    # As above but the last character is B (value 1), as 1 was: the same sum, the same letter.
    assert pupil_rules.check_upn("U82020010100B") == "U82020010100B"


@pytest.mark.parametrize(
    ("upn", "message"),
    [
        ("A820200101001", pupil_rules.UPN_CHECK_LETTER_WRONG),
        ("U82020010100", pupil_rules.UPN_FORMAT),
        ("U8202001010011", pupil_rules.UPN_FORMAT),
        ("1820200101001", pupil_rules.UPN_FORMAT),
        ("U82020010100I", pupil_rules.UPN_FORMAT),
    ],
)
def test_a_wrong_upn_is_refused_with_its_reason(upn, message):
    with pytest.raises(DomainError) as refused:
        pupil_rules.check_upn(upn)

    assert refused.value.message == message
    assert refused.value.field == "upn"


@pytest.mark.parametrize(
    ("born", "year_group"),
    [
        (date(2022, 8, 31), "R"),  # 4 on 31 August 2026: Reception in 2026-27
        (date(2021, 9, 1), "R"),
        (date(2021, 8, 31), "1"),
        (date(2015, 9, 1), "6"),
    ],
)
def test_the_year_group_follows_the_age_on_31_august(born, year_group):
    pupil_rules.check_year_group(date_of_birth=born, year_group=year_group, today=date(2026, 11, 22))


def test_the_school_year_turns_on_1_september():
    born = date(2021, 10, 1)

    with pytest.raises(DomainError):
        pupil_rules.check_year_group(date_of_birth=born, year_group="R", today=date(2026, 8, 31))
    pupil_rules.check_year_group(date_of_birth=born, year_group="R", today=date(2026, 9, 1))


def test_a_year_group_that_does_not_fit_the_date_of_birth_says_which_one_does():
    with pytest.raises(DomainError) as refused:
        pupil_rules.check_year_group(
            date_of_birth=date(2017, 10, 1), year_group="2", today=date(2026, 11, 22)
        )

    assert refused.value.field == "year_group"
    assert refused.value.message == (
        "A child born on 1 October 2017 is in Year 4 in the 2026-27 school year, not Year 2. "
        "Check the date of birth and the year group."
    )


def test_a_child_too_young_or_too_old_for_primary_school_is_refused():
    for born in (date(2022, 9, 1), date(2015, 8, 31)):
        with pytest.raises(DomainError) as refused:
            pupil_rules.check_year_group(date_of_birth=born, year_group="R", today=date(2026, 11, 22))
        assert refused.value.field == "date_of_birth"


def test_the_birthdays_of_a_year_group_run_from_september_to_august():
    first, last = pupil_rules.birthdays_in_year_group(4, today=date(2026, 11, 22))

    assert (first, last) == (date(2017, 9, 1), date(2018, 8, 31))
    for born in (first, last):
        pupil_rules.check_year_group(date_of_birth=born, year_group="4", today=date(2026, 11, 22))
