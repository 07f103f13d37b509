"""Attendance worked out as the DfE does: the sessions attended (present, late before the register
closed, or at an approved educational activity) over the possible sessions, which leave out those when
attendance was not required and the other school's sessions of a dual-registered pupil (D); and the code
a home school enters in its own register for a session at the unit."""

from collections import Counter

import pytest

from portal.placements import selectors
from portal.placements.attendance_codes import attendance_figures
from portal.placements.models import Registration


def test_attended_over_possible_sessions():
    figures = attendance_figures(["/", "\\", "L", "I", "M", "N", "G"])

    assert (figures.possible, figures.attended, figures.authorised, figures.unauthorised) == (7, 3, 2, 2)
    assert figures.percentage == 42.9


def test_approved_activities_count_as_attended():
    figures = attendance_figures(["B", "K", "V", "P", "W", "N"])

    assert (figures.possible, figures.attended) == (6, 5)
    assert figures.percentage == 83.3


@pytest.mark.parametrize("not_possible", ["D", "X", "Q", "Y1", "Y4", "Y7", "Z", "#"])
def test_the_other_school_s_sessions_and_those_not_required_are_not_possible(not_possible):
    figures = attendance_figures(["/", "N", not_possible, not_possible])

    assert (figures.possible, figures.attended, figures.percentage) == (2, 1, 50.0)


def test_no_percentage_before_a_possible_session():
    assert attendance_figures([]).percentage is None
    assert attendance_figures(["D", "#"]).percentage is None
    assert attendance_figures(["unknown"]).possible == 0


@pytest.mark.parametrize(
    ("registration", "unit_code", "home_school_code"),
    [
        (Registration.DUAL, "/", "D"),
        (Registration.DUAL, "N", "D"),
        (Registration.DUAL, None, "D"),
        (Registration.HOME_SCHOOL_ONLY, "/", "B"),
        (Registration.HOME_SCHOOL_ONLY, "L", "B"),
        (Registration.HOME_SCHOOL_ONLY, "V", "B"),
        (Registration.HOME_SCHOOL_ONLY, "I", "I"),
        (Registration.HOME_SCHOOL_ONLY, "N", "N"),
        (Registration.HOME_SCHOOL_ONLY, None, None),
    ],
)
def test_the_home_school_s_code_for_a_session_at_the_unit(registration, unit_code, home_school_code):
    assert selectors.home_school_code(registration=registration, unit_code=unit_code) == home_school_code


def test_each_register_s_figures_and_both_together():
    marks = [
        ("unit", "/"),
        ("unit", "\\"),
        ("unit", "I"),
        ("unit", "#"),
        ("home_school", "/"),
        ("home_school", "O"),
    ]

    figures = selectors.figures_of_marks(Counter(marks))

    assert (figures.at_unit.possible, figures.at_unit.attended, figures.at_unit.percentage) == (3, 2, 66.7)
    assert (figures.at_home_school.possible, figures.at_home_school.percentage) == (2, 50.0)
    assert (figures.overall.possible, figures.overall.attended, figures.overall.percentage) == (5, 3, 60.0)
