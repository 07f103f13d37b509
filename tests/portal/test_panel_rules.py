from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portal.models import PanelMeeting
from portal.panel import rules, selectors
from portal.panel.factories import PanelMeetingFactory, PlacementCapacityFactory
from portal.panel.services import panel_meeting_create, placement_capacity_create

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)


@pytest.fixture
def frozen_today(time_machine):
    time_machine.move_to(datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return TODAY


def test_default_deadline_is_two_weeks_before_the_meeting():
    meeting = panel_meeting_create(meeting_date=date(2026, 5, 5))

    meeting.refresh_from_db()
    assert meeting.submission_deadline == date(2026, 4, 21)


def test_blank_deadline_is_filled_when_saved_from_code_without_validation():
    meeting = PanelMeeting(meeting_date=date(2027, 1, 19))
    meeting.save()

    meeting.refresh_from_db()
    assert meeting.submission_deadline == date(2027, 1, 5)


def test_editor_chosen_deadline_is_kept():
    meeting = panel_meeting_create(
        meeting_date=date(2027, 1, 19),
        submission_deadline=date(2027, 1, 12),
        starts_at=time(9, 30),
        location="Stepping Stones, meeting room",
    )

    meeting.refresh_from_db()
    assert meeting.submission_deadline == date(2027, 1, 12)
    assert meeting.starts_at == time(9, 30)


@pytest.mark.parametrize("deadline", [date(2027, 1, 19), date(2027, 1, 20)], ids=["same day", "day after"])
def test_deadline_on_or_after_the_meeting_is_refused_on_the_deadline_field(deadline):
    with pytest.raises(ValidationError) as refused:
        panel_meeting_create(meeting_date=date(2027, 1, 19), submission_deadline=deadline)

    assert list(refused.value.message_dict) == ["submission_deadline"]
    assert (
        "must be before the meeting date (19 January 2027)"
        in refused.value.message_dict["submission_deadline"][0]
    )
    assert not PanelMeeting.objects.exists()


def test_deadline_after_the_meeting_is_refused_even_without_full_clean():
    meeting = PanelMeeting(meeting_date=date(2027, 1, 19), submission_deadline=date(2027, 2, 1))

    with pytest.raises(rules.SubmissionDeadlineError):
        meeting.save()
    assert not PanelMeeting.objects.exists()


def test_the_database_refuses_a_deadline_after_the_meeting_on_bulk_updates():
    meeting = panel_meeting_create(meeting_date=date(2027, 1, 19))

    with pytest.raises(IntegrityError), transaction.atomic():
        PanelMeeting.objects.filter(pk=meeting.pk).update(submission_deadline=date(2027, 2, 1))
    meeting.refresh_from_db()
    assert meeting.submission_deadline == date(2027, 1, 5)


def test_a_second_meeting_on_the_same_date_is_refused():
    panel_meeting_create(meeting_date=date(2027, 1, 19))

    with pytest.raises(ValidationError) as refused:
        panel_meeting_create(meeting_date=date(2027, 1, 19))
    assert "meeting_date" in refused.value.message_dict


def test_upcoming_meetings_leave_out_past_ones_and_flag_passed_deadlines(frozen_today):
    PanelMeetingFactory(meeting_date=date(2026, 11, 10))  # already held
    held_today = PanelMeetingFactory(meeting_date=date(2026, 11, 22))
    deadline_gone = PanelMeetingFactory(meeting_date=date(2026, 12, 1))  # deadline 17 November
    deadline_today = PanelMeetingFactory(
        meeting_date=date(2026, 12, 8), submission_deadline=date(2026, 11, 22)
    )
    later = PanelMeetingFactory(meeting_date=date(2027, 1, 19))

    meetings = list(selectors.upcoming_meetings(today=frozen_today))

    assert meetings == [held_today, deadline_gone, deadline_today, later]
    assert [meeting.deadline_passed for meeting in meetings] == [True, True, False, False]


def test_upcoming_meetings_follow_the_clock(time_machine):
    meeting = PanelMeetingFactory(meeting_date=date(2026, 11, 22))

    time_machine.move_to(datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo("Europe/London")), tick=False)
    from django.utils import timezone

    assert list(selectors.upcoming_meetings(today=timezone.localdate())) == [meeting]
    time_machine.move_to(datetime(2026, 11, 23, 0, 30, tzinfo=ZoneInfo("Europe/London")), tick=False)
    assert list(selectors.upcoming_meetings(today=timezone.localdate())) == []


def test_next_open_meeting_skips_meetings_whose_deadline_has_passed():
    PanelMeetingFactory(meeting_date=date(2026, 12, 1))  # deadline 17 November: gone
    open_one = PanelMeetingFactory(meeting_date=date(2027, 1, 19), submission_deadline=date(2027, 1, 12))
    PanelMeetingFactory(meeting_date=date(2027, 3, 9))

    assert selectors.next_open_meeting(today=TODAY) == open_one
    assert selectors.next_open_meeting(today=date(2027, 3, 10)) is None


def test_past_meetings_filter_a_given_queryset():
    held = PanelMeetingFactory(meeting_date=date(2026, 11, 10))
    PanelMeetingFactory(meeting_date=date(2027, 1, 19))

    assert list(selectors.past_meetings(today=TODAY, meetings=PanelMeeting.objects.all())) == [held]


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
