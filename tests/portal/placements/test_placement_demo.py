"""Demo placements: three school years of terms, Riverside's offer started as a placement now in its sixth
week, and a finished placement at Oakfield with its end-of-placement report published; loading again
adds nothing."""

import io
from datetime import date

import pytest

from portal.placements import selectors
from portal.placements.models import (
    Placement,
    PlacementOutcome,
    PlacementReport,
    PlacementStatus,
    ReportStatus,
    SchoolTerm,
)
from tests.portal.placements.test_request_demo import load_all

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
    [report] = PlacementReport.objects.all()
    assert (report.placement, report.status) == (oakfield, ReportStatus.PUBLISHED)
    assert selectors.published_report_of(placement=oakfield) == report
