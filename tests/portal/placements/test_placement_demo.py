"""Demo placements: three school years of terms, Riverside's offer started as a placement now in its sixth
week (with its targets, a first wellbeing score and a visit), and a finished placement at Oakfield (with
its progress, review, wellbeing and visits); loading again adds nothing."""

import io
from datetime import date

import pytest

from portal.placements import selectors
from portal.placements.models import (
    Milestone,
    Placement,
    PlacementOutcome,
    PlacementStatus,
    ReviewMeeting,
    SchoolTerm,
    Stage,
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
