"""Demo MAPP meetings, placement capacity and the placements page."""

import io
from datetime import date, timedelta

import pytest

from portal.placements import demo
from portal.placements.models import MappMeeting, PlacementCapacity, PlacementsPage

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
    assert "Created" not in output.getvalue()
