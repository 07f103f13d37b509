"""Demo placements: three school years of terms, Riverside's offer started as a placement now in its sixth
week with two weeks of attendance (a few absences, one corrected), its targets, a first wellbeing score
and a visit, and a finished placement at Oakfield (with its progress, review, wellbeing, visits and its
end-of-placement report published); loading again adds nothing."""

import io
from datetime import date

import pytest

from portal.placements import selectors
from portal.placements.models import (
    AttendanceMark,
    KeptBy,
    MarkSource,
    Milestone,
    Placement,
    PlacementOutcome,
    PlacementReport,
    PlacementStatus,
    ReportStatus,
    ReviewMeeting,
    SchoolTerm,
    Stage,
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
    [report] = PlacementReport.objects.all()
    assert (report.placement, report.status) == (oakfield, ReportStatus.PUBLISHED)
    assert selectors.published_report_of(placement=oakfield) == report
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


def test_the_demo_placements_show_how_they_are_going(settings, home_page, frozen_today):
    settings.DEBUG = True

    load_all(io.StringIO())
    load_all(io.StringIO())

    placements = {placement.school.name: placement for placement in Placement.objects.all()}
    riverside, oakfield = placements["Riverside Primary School"], placements["Oakfield Primary School"]
    # Riverside's, under way: targets, the wellbeing at the start, one visit, the review still to come.
    assert riverside.targets.count() == 3
    assert [stage for stage, score in selectors.wellbeing_of(placement=riverside).by_stage if score] == [
        Stage.START
    ]
    [visit] = riverside.visits.all()
    assert riverside.starts_on < visit.visited_on < frozen_today
    assert not ReviewMeeting.objects.filter(placement=riverside).exists()
    assert riverside.date_of(Milestone.REVIEW_MEETING) > frozen_today
    assert not selectors.visits_due(placement=riverside, today=frozen_today).missed
    # Oakfield's, finished: progress at the review and the end, three scores, the review, two visits.
    targets = selectors.targets_of(placement=oakfield)
    assert len(targets) == 3
    assert all(each.at_review and each.at_end for each in targets)
    assert len(selectors.wellbeing_of(placement=oakfield).scores) == 3
    assert ReviewMeeting.objects.get(placement=oakfield).held_on == oakfield.date_of(Milestone.REVIEW_MEETING)
    assert oakfield.visits.count() == 2
    assert all(oakfield.starts_on <= visit.visited_on <= oakfield.ended_on for visit in oakfield.visits.all())
