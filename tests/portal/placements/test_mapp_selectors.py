"""What schools are shown: the upcoming MAPP meetings (and which still take requests), and the
placement capacity in force."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from portal.placements import selectors
from portal.placements.factories import MappMeetingFactory, PlacementCapacityFactory
from portal.placements.models import MappMeeting
from portal.placements.services.mapp import placement_capacity_create

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


def test_upcoming_meetings_leave_out_past_ones_and_flag_passed_deadlines(frozen_today):
    MappMeetingFactory(meeting_date=date(2026, 11, 10))  # already held
    held_today = MappMeetingFactory(meeting_date=date(2026, 11, 22))
    deadline_gone = MappMeetingFactory(meeting_date=date(2026, 12, 1))  # deadline 17 November
    deadline_today = MappMeetingFactory(
        meeting_date=date(2026, 12, 8), submission_deadline=date(2026, 11, 22)
    )
    later = MappMeetingFactory(meeting_date=date(2027, 1, 19))

    meetings = list(selectors.upcoming_meetings(today=frozen_today))

    assert meetings == [held_today, deadline_gone, deadline_today, later]
    assert [meeting.deadline_passed for meeting in meetings] == [True, True, False, False]


def test_upcoming_meetings_follow_the_clock(time_machine):
    meeting = MappMeetingFactory(meeting_date=date(2026, 11, 22))

    time_machine.move_to(datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo("Europe/London")), tick=False)
    assert list(selectors.upcoming_meetings(today=timezone.localdate())) == [meeting]
    time_machine.move_to(datetime(2026, 11, 23, 0, 30, tzinfo=ZoneInfo("Europe/London")), tick=False)
    assert list(selectors.upcoming_meetings(today=timezone.localdate())) == []


def test_next_open_meeting_skips_meetings_whose_deadline_has_passed():
    MappMeetingFactory(meeting_date=date(2026, 12, 1))  # deadline 17 November: gone
    open_one = MappMeetingFactory(meeting_date=date(2027, 1, 19), submission_deadline=date(2027, 1, 12))
    MappMeetingFactory(meeting_date=date(2027, 3, 9))

    assert selectors.next_open_meeting(today=TODAY) == open_one
    assert selectors.next_open_meeting(today=date(2027, 3, 10)) is None


def test_past_meetings_filter_a_given_queryset():
    held = MappMeetingFactory(meeting_date=date(2026, 11, 10))
    MappMeetingFactory(meeting_date=date(2027, 1, 19))

    assert list(selectors.past_meetings(today=TODAY, meetings=MappMeeting.objects.all())) == [held]


def test_capacity_on_a_date_uses_the_latest_capacity_started_by_then():
    placement_capacity_create(starts_on=date(2024, 9, 1), places=32)
    placement_capacity_create(starts_on=date(2025, 9, 1), places=36)

    assert selectors.capacity_on(day=date(2024, 8, 31)) is None
    assert selectors.capacity_on(day=date(2024, 9, 1)).places == 32
    assert selectors.capacity_on(day=date(2025, 8, 31)).places == 32
    assert selectors.capacity_on(day=date(2025, 9, 1)).places == 36
    assert selectors.capacity_on(day=TODAY).places == 36


def test_next_capacity_change_is_the_first_one_dated_after_the_day():
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    PlacementCapacityFactory(starts_on=date(2027, 9, 1), places=40)
    PlacementCapacityFactory(starts_on=date(2028, 9, 1), places=42)

    assert selectors.next_capacity_change(after=TODAY).places == 40
    assert selectors.next_capacity_change(after=date(2028, 9, 1)) is None


def test_capacities_as_public_pages_show_them_are_read_once_until_one_is_saved(django_assert_num_queries):
    placement_capacity_create(starts_on=date(2024, 9, 1), places=32)
    selectors.capacity_and_next_change(day=TODAY, shown=True)

    with django_assert_num_queries(0):
        in_force, _change = selectors.capacity_and_next_change(day=TODAY, shown=True)
    assert in_force.places == 32

    placement_capacity_create(starts_on=date(2025, 9, 1), places=36)

    assert selectors.capacity_and_next_change(day=TODAY, shown=True)[0].places == 36
