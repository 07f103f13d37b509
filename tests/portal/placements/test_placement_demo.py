"""Demo placements: three school years of terms, Riverside's offer started as a placement now in its sixth
week with two weeks of attendance (a few absences, one corrected), and a finished placement at Oakfield;
loading again adds nothing."""

import io
from datetime import date

import pytest

from portal.placements import selectors
from portal.placements.models import (
    AttendanceMark,
    KeptBy,
    MarkSource,
    Placement,
    PlacementOutcome,
    PlacementStatus,
    SchoolTerm,
)
from portal.placements.services.attendance import MARK_CORRECTED
from tests.portal.placements.test_request_demo import load_all
from tests.workflows import logged_changes

pytestmark = pytest.mark.django_db


def test_riverside_has_a_placement_in_its_sixth_week_and_oakfield_a_finished_one(
    settings, home_page, frozen_today
):
    settings.DEBUG = True

    load_all(io.StringIO())
    load_all(io.StringIO())

    assert SchoolTerm.objects.count() == 9
    placements = {placement.school.name: placement for placement in Placement.objects.all()}
    assert set(placements) == {"Riverside Primary School", "Oakfield Primary School"}
    riverside = placements["Riverside Primary School"]
    assert riverside.status == PlacementStatus.ACTIVE
    # Sunday 22 November 2026: the next school day, Monday 23 November, is in its sixth week.
    [week] = [
        week for week in selectors.placement_weeks(placement=riverside) if date(2026, 11, 23) in week.days
    ]
    assert week.number == 6
    oakfield = placements["Oakfield Primary School"]
    assert (oakfield.status, oakfield.outcome) == (PlacementStatus.ENDED, PlacementOutcome.REINTEGRATED)
    assert oakfield.ended_on == oakfield.target_end_on < frozen_today
    assert oakfield.request.decisions.get().meeting.meeting_date < oakfield.starts_on
    # Two weeks of attendance: 9 to 13 and 16 to 20 November 2026, Fridays at Riverside.
    marks = AttendanceMark.objects.filter(placement=riverside)
    assert marks.count() == 20
    assert (min(marks.values_list("date", flat=True)), max(marks.values_list("date", flat=True))) == (
        date(2026, 11, 9),
        date(2026, 11, 20),
    )
    assert set(marks.filter(kept_by=KeptBy.HOME_SCHOOL).values_list("date__week_day", "source")) == {
        (6, MarkSource.PORTAL)
    }
    assert sorted(marks.exclude(code__in=["/", "\\"]).values_list("code", flat=True)) == [
        "I",
        "I",
        "I",
        "L",
        "M",
    ]
    [correction] = [change for change in logged_changes(riverside) if change[0] == MARK_CORRECTED]
    assert (correction[2]["from"], correction[2]["to"]) == ("N", "I")
    figures = selectors.attendance_figures_of(placement=riverside)
    assert (figures.overall.possible, figures.overall.attended) == (20, 16)
