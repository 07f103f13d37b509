"""Demo MAPP meetings, placement capacity, the panel and the placements page."""

import io
from datetime import date, timedelta

import pytest

from portal.placements import demo, selectors
from portal.placements.models import (
    ExcludedPupilsCount,
    MappMeeting,
    MeetingRecord,
    PanelMember,
    PanelRole,
    PlacementCapacity,
    PlacementsPage,
)
from portal.schools import demo as schools_demo

pytestmark = pytest.mark.django_db


def test_demo_meetings_are_the_seed_dates_moved_forward_156_weeks(home_page):
    demo.load(stdout=io.StringIO())

    meetings = list(MappMeeting.objects.order_by("meeting_date"))
    assert [m.meeting_date for m in meetings][:2] == [date(2026, 5, 5), date(2026, 6, 30)]
    assert meetings[-1].meeting_date == date(2027, 7, 6)
    assert len(meetings) == 8
    assert all(m.meeting_date.weekday() == 1 for m in meetings)  # the panel meets on Tuesdays
    gaps = [(m.meeting_date - m.submission_deadline).days for m in meetings]
    assert gaps == [14, 14, 14, 14, 7, 14, 14, 14]


def test_demo_capacity_and_page(home_page):
    demo.load(stdout=io.StringIO())

    assert list(PlacementCapacity.objects.values_list("starts_on", "places")) == [
        (date(2024, 9, 1), 32),
        (date(2025, 9, 1), 36),
    ]
    page = PlacementsPage.objects.get()
    assert page.get_parent().specific == home_page
    assert page.slug == "placements"
    assert page.show_in_menus
    assert page.live
    assert "sign in to the schools portal" in str(page.body.raw_data)
    assert len(page.outcomes.raw_data) == 1


def test_loading_again_changes_nothing_and_respects_editors(home_page):
    demo.load(stdout=io.StringIO())
    moved = MappMeeting.objects.order_by("meeting_date").first()
    moved.meeting_date += timedelta(days=1)
    moved.save()
    MappMeeting.objects.order_by("meeting_date").last().delete()
    PlacementsPage.objects.update(title="Placements")

    output = io.StringIO()
    demo.load(stdout=output)

    assert MappMeeting.objects.count() == 7
    assert MappMeeting.objects.filter(meeting_date=date(2026, 5, 6)).exists()
    assert PlacementCapacity.objects.count() == 2
    assert PlacementsPage.objects.get().title == "Placements"
    assert output.getvalue() == ""


def test_demo_panel_members_past_meetings_with_minutes_and_weekly_counts(home_page, time_machine, settings):
    settings.DEBUG = True
    time_machine.move_to(date(2026, 11, 24))
    schools_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())  # a second run adds nothing

    members = PanelMember.objects.all()
    assert members.count() == len(demo.PANEL)
    assert members.get(name="Head teacher for District 2").district.code == "D2"
    assert not members.filter(role__in=[PanelRole.HEAD_TEACHER, PanelRole.SAFEGUARDING_LEAD], district=None)
    records = list(MeetingRecord.objects.order_by("meeting__meeting_date"))
    assert [record.meeting.meeting_date for record in records] == [date(2026, 9, 15), date(2026, 11, 10)]
    assert all(
        record.minutes and record.chair and record.seats.count() == len(demo.PANEL) for record in records
    )
    assert [action.record for action in selectors.open_actions()] == [records[-1]]
    assert ExcludedPupilsCount.objects.count() == len(demo.EXCLUDED_PUPILS)
    this_week = selectors.places_by_week(first_week=date(2026, 11, 23), weeks=1)[0]
    assert (this_week.places, this_week.excluded_pupils) == (36, 6)


def test_no_made_up_panel_without_debug(home_page, settings):
    settings.DEBUG = False
    demo.load(stdout=io.StringIO())

    assert MappMeeting.objects.exists()
    assert not PanelMember.objects.exists()
    assert not ExcludedPupilsCount.objects.exists()
