"""The MAPP panel's dates as a calendar feed schools can subscribe to."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from portal.placements.factories import MappMeetingFactory
from portal.placements.services.mapp import mapp_meeting_save

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def fetch_calendar(client):
    response = client.get("/calendars/panel-dates.ics")
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_feed_is_a_named_calendar_download(client, placements_page, frozen_today):
    response, calendar = fetch_calendar(client)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mapp-panel-dates.ics"'
    assert str(calendar["VERSION"]) == "2.0"
    assert "Stepping Stones" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Test panel (MAPP) dates"
    assert calendar.walk("VEVENT") == []


def test_each_meeting_has_an_all_day_meeting_event_and_a_deadline_event(
    client, placements_page, frozen_today
):
    meeting = MappMeetingFactory(meeting_date=date(2027, 1, 19), submission_deadline=date(2027, 1, 12))

    _, calendar = fetch_calendar(client)

    events = events_by_uid(calendar)
    assert set(events) == {f"panel-meeting-{meeting.pk}@localhost", f"panel-deadline-{meeting.pk}@localhost"}
    meeting_event = events[f"panel-meeting-{meeting.pk}@localhost"]
    assert meeting_event.decoded("DTSTART") == date(2027, 1, 19)
    assert meeting_event.decoded("DTEND") == date(2027, 1, 20)
    assert "12 January 2027" in str(meeting_event["DESCRIPTION"])
    assert str(meeting_event["URL"]) == "http://localhost/placements/"
    deadline_event = events[f"panel-deadline-{meeting.pk}@localhost"]
    assert deadline_event.decoded("DTSTART") == date(2027, 1, 12)
    assert deadline_event.decoded("DTEND") == date(2027, 1, 13)
    assert str(deadline_event["TRANSP"]) == "TRANSPARENT"
    assert "19 Jan" in str(deadline_event["SUMMARY"])
    for event in events.values():
        assert event.decoded("DTSTAMP") == datetime(2026, 11, 22, 9, 0, tzinfo=LONDON)


def test_a_meeting_with_a_time_and_place_is_a_timed_event_in_london_time(
    client, placements_page, frozen_today
):
    meeting = MappMeetingFactory(
        meeting_date=date(2027, 7, 6), starts_at=time(9, 30), location="Stepping Stones, meeting room"
    )

    _, calendar = fetch_calendar(client)

    event = events_by_uid(calendar)[f"panel-meeting-{meeting.pk}@localhost"]
    starts = event.decoded("DTSTART")
    assert starts == datetime(2027, 7, 6, 9, 30, tzinfo=LONDON)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert "DTEND" not in event
    assert str(event["LOCATION"]) == "Stepping Stones, meeting room"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_uids_stay_the_same_when_a_meeting_moves(client, placements_page, frozen_today):
    meeting = MappMeetingFactory(meeting_date=date(2027, 1, 19))
    _, before = fetch_calendar(client)

    meeting.meeting_date = date(2027, 1, 26)
    meeting.submission_deadline = date(2027, 1, 12)
    mapp_meeting_save(meeting=meeting)
    _, after = fetch_calendar(client)

    assert set(events_by_uid(before)) == set(events_by_uid(after))
    moved = events_by_uid(after)[f"panel-meeting-{meeting.pk}@localhost"]
    assert moved.decoded("DTSTART") == date(2027, 1, 26)


def test_feed_keeps_a_year_of_past_meetings_and_drops_older_ones(client, placements_page, frozen_today):
    recent = MappMeetingFactory(meeting_date=date(2026, 11, 22) - timedelta(days=365))
    MappMeetingFactory(meeting_date=date(2026, 11, 22) - timedelta(days=366))
    upcoming = MappMeetingFactory(meeting_date=date(2027, 3, 9))

    _, calendar = fetch_calendar(client)

    meeting_uids = {uid for uid in events_by_uid(calendar) if uid.startswith("panel-meeting-")}
    assert meeting_uids == {f"panel-meeting-{recent.pk}@localhost", f"panel-meeting-{upcoming.pk}@localhost"}
