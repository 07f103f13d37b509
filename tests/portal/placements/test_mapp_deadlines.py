"""The last date to send a placement request for a MAPP meeting: two weeks before it unless an editor
chooses another, and always before the meeting."""

from datetime import date, time

import pytest
from django.db import IntegrityError, transaction

from common.errors import DomainError
from portal.placements.models import MappMeeting
from portal.placements.services.mapp import mapp_meeting_create, mapp_meeting_save

pytestmark = pytest.mark.django_db


def test_default_deadline_is_two_weeks_before_the_meeting():
    meeting = mapp_meeting_create(meeting_date=date(2026, 5, 5))

    meeting.refresh_from_db()
    assert meeting.submission_deadline == date(2026, 4, 21)


def test_blank_deadline_is_filled_when_a_meeting_is_saved_through_the_service():
    meeting = MappMeeting(meeting_date=date(2027, 1, 19), location="Stepping Stones")

    mapp_meeting_save(meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.submission_deadline == date(2027, 1, 5)


def test_editor_chosen_deadline_is_kept():
    meeting = mapp_meeting_create(
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
    with pytest.raises(DomainError) as refused:
        mapp_meeting_create(meeting_date=date(2027, 1, 19), submission_deadline=deadline)

    assert refused.value.field == "submission_deadline"
    assert "must be before the meeting date (19 January 2027)" in refused.value.message
    assert not MappMeeting.objects.exists()


def test_the_database_refuses_a_deadline_after_the_meeting_saved_around_the_service():
    meeting = MappMeeting(meeting_date=date(2027, 1, 19), submission_deadline=date(2027, 2, 1))

    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()
    assert not MappMeeting.objects.exists()


def test_the_database_refuses_a_deadline_after_the_meeting_on_bulk_updates():
    meeting = mapp_meeting_create(meeting_date=date(2027, 1, 19))

    with pytest.raises(IntegrityError), transaction.atomic():
        MappMeeting.objects.filter(pk=meeting.pk).update(submission_deadline=date(2027, 2, 1))
    meeting.refresh_from_db()
    assert meeting.submission_deadline == date(2027, 1, 5)


def test_a_second_meeting_on_the_same_date_is_refused():
    mapp_meeting_create(meeting_date=date(2027, 1, 19))

    with pytest.raises(DomainError) as refused:
        mapp_meeting_create(meeting_date=date(2027, 1, 19))

    assert refused.value.field == "meeting_date"
    assert MappMeeting.objects.count() == 1
