"""The panel's dates as an iCalendar feed, so schools can keep meetings and deadlines in their calendars."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar, Event

PRODID = "-//Stepping Stones Short Stay School//MAPP panel dates//EN"
ONE_DAY = timedelta(days=1)


def mapp_calendar(*, meetings: Iterable, uid_domain: str, calendar_name: str, page_url: str | None) -> bytes:
    """One event per meeting and one all-day event per request deadline, as .ics bytes.

    UIDs come from the meeting's primary key, so when an editor moves a meeting, calendar apps
    move the event they already have instead of adding a second one.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", calendar_name)
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(_meeting_event(meeting, uid_domain=uid_domain, stamp=stamp, page_url=page_url))
        calendar.add_component(
            _deadline_event(meeting, uid_domain=uid_domain, stamp=stamp, page_url=page_url)
        )
    # Timed meetings carry a TZID; calendar apps need its VTIMEZONE to place them correctly.
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _meeting_event(meeting, *, uid_domain, stamp, page_url):
    event = _event(
        uid=f"panel-meeting-{meeting.pk}@{uid_domain}",
        stamp=stamp,
        summary="MAPP panel meeting",
        page_url=page_url,
        description=[
            f"Last date to submit a placement request: {_long_date(meeting.submission_deadline)}.",
            meeting.notes,
        ],
    )
    if meeting.starts_at is None:
        event.add("dtstart", meeting.meeting_date)
        event.add("dtend", meeting.meeting_date + ONE_DAY)
    else:
        # No end time is stored, so the event has none: RFC 5545 then treats it as a point in time.
        starts = datetime.combine(
            meeting.meeting_date, meeting.starts_at, tzinfo=timezone.get_current_timezone()
        )
        event.add("dtstart", starts)
    if meeting.location:
        event.add("location", meeting.location)
    return event


def _deadline_event(meeting, *, uid_domain, stamp, page_url):
    event = _event(
        uid=f"panel-deadline-{meeting.pk}@{uid_domain}",
        stamp=stamp,
        summary=f"Last day for MAPP placement requests (panel on {date_format(meeting.meeting_date, 'j M')})",
        page_url=page_url,
        description=[
            f"Requests for the panel meeting on {_long_date(meeting.meeting_date)} must be in today."
        ],
    )
    event.add("dtstart", meeting.submission_deadline)
    event.add("dtend", meeting.submission_deadline + ONE_DAY)
    # A deadline is a reminder, not a booking: it should not show the day as busy.
    event.add("transp", "TRANSPARENT")
    return event


def _event(*, uid, stamp, summary, page_url, description):
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    lines = [line for line in description if line]
    if page_url:
        event.add("url", page_url)
        lines.append(f"Details: {page_url}")
    event.add("description", "\n".join(lines))
    return event


def _long_date(day):
    return date_format(day, "l j F Y")
