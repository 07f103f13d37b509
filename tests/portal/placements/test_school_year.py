"""The school year staff enter once a year: terms with their half terms and closure days, checked as
they are typed, and the school days between two dates that placements are planned on."""

from datetime import date

import pytest

from portal.placements import selectors
from portal.placements.factories import ClosureDayFactory
from portal.placements.models import ClosureDay, SchoolTerm
from portal.placements.models.calendar import HALF_TERM_OUTSIDE_TERM
from tests.portal.placements.conftest import admin_url


def test_school_days_leave_out_weekends_half_term_holidays_and_closure_days(school_year):
    ClosureDayFactory(date=date(2026, 11, 2), reason="INSET day")

    days = selectors.school_days_between(start=date(2026, 10, 22), end=date(2026, 11, 4))

    assert days == [date(2026, 10, 22), date(2026, 10, 23), date(2026, 11, 3), date(2026, 11, 4)]
    assert selectors.school_days_between(start=date(2026, 12, 18), end=date(2027, 1, 5)) == [
        date(2026, 12, 18),
        date(2027, 1, 5),
    ]


def term_form(**overrides):
    return {
        "name": "Autumn 2027",
        "starts_on": "2027-09-01",
        "ends_on": "2027-12-17",
        "half_term_starts_on": "2027-10-25",
        "half_term_ends_on": "2027-10-29",
        **overrides,
    }


def test_staff_enter_a_term_with_its_half_term(staff_client):
    response = staff_client.post(admin_url("schoolterm", "create"), term_form())

    assert response.status_code == 302
    term = SchoolTerm.objects.get()
    assert (term.half_term_starts_on, term.ends_on) == (date(2027, 10, 25), date(2027, 12, 17))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"half_term_starts_on": "2027-08-30"}, HALF_TERM_OUTSIDE_TERM),
        ({"half_term_ends_on": ""}, "Enter both the first and the last day of the half term, or neither."),
        ({"ends_on": "2027-08-01"}, "A term ends on or after the day it starts."),
        ({"starts_on": "2026-12-01"}, "This term overlaps Autumn 2026"),
    ],
)
def test_a_term_that_does_not_make_sense_is_refused_beside_its_field(
    staff_client, school_year, overrides, message
):
    response = staff_client.post(admin_url("schoolterm", "create"), term_form(**overrides))

    assert response.status_code == 200
    assert message in response.text
    assert not SchoolTerm.objects.filter(name="Autumn 2027").exists()


def test_a_closure_day_is_entered_once(staff_client):
    staff_client.post(admin_url("closureday", "create"), {"date": "2026-11-20", "reason": "INSET day"})
    again = staff_client.post(admin_url("closureday", "create"), {"date": "2026-11-20", "reason": "Again"})

    assert "This day is already a closure day." in again.text
    assert ClosureDay.objects.get().reason == "INSET day"
