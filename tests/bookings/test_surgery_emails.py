"""Booking emails carry a calendar file (checked by parsing it), the meeting link goes only to people
holding a place, and the day-before reminder is sent once however often its task runs."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from bookings.factories import SurgerySessionFactory
from bookings.services import surgeries
from bookings.tasks import send_surgery_reminders
from tests.bookings.conftest import days_from_today

pytestmark = pytest.mark.django_db

LINK = "https://zoom.example.test/j/123456"


def calendar_of(message):
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert (filename, mimetype) == ("behaviour-surgery.ics", "text/calendar")
    return Calendar.from_ical(content)


def event_of(message):
    calendar = calendar_of(message)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_the_confirmation_has_a_calendar_file_with_the_session(riverside, home_page, sent):
    session = SurgerySessionFactory(
        theme="Managing transitions", room="Training room", address="1 Example Road"
    )

    with sent() as emails:
        booking = surgeries.booking_create(
            membership=riverside.teacher, session=session, attendee=riverside.teacher.user
        )

    (message,) = emails.messages
    assert message.to == ["teacher@riverside.test"]
    assert f"Reference: {booking.reference}" in message.body
    calendar, event = event_of(message)
    assert str(calendar["method"]) == "REQUEST"
    starts, ends = session.opening_times()
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtend") == ends
    assert str(event["summary"]) == "Behaviour surgery: Managing transitions"
    assert str(event["location"]) == "Training room, 1 Example Road"
    assert str(event["uid"]) == f"surgery-booking-{booking.pk}@localhost"
    assert str(event["status"]) == "CONFIRMED"


def test_booking_for_a_colleague_emails_them_and_the_booker(riverside, session, sent):
    with sent() as emails:
        surgeries.booking_create(
            membership=riverside.teacher, session=session, attendee=riverside.colleague.user
        )

    assert sorted(message.to[0] for message in emails.messages) == [
        "senco@riverside.test",
        "teacher@riverside.test",
    ]


def test_the_meeting_link_is_in_the_confirmation_of_an_online_session(riverside, sent):
    session = SurgerySessionFactory(online=True, meeting_link=LINK)

    with sent() as emails:
        surgeries.booking_create(
            membership=riverside.teacher, session=session, attendee=riverside.teacher.user
        )

    (message,) = emails.messages
    assert LINK in message.body
    _, event = event_of(message)
    assert str(event["location"]) == LINK


def test_the_waiting_list_email_has_no_meeting_link(riverside, oakfield, sent):
    session = SurgerySessionFactory(online=True, meeting_link=LINK, places=1)
    surgeries.booking_create(membership=oakfield.teacher, session=session, attendee=oakfield.teacher.user)

    with sent() as emails:
        surgeries.booking_join_waiting_list(
            membership=riverside.teacher, session=session, attendee=riverside.teacher.user
        )

    (message,) = emails.messages
    assert "number 1 on the waiting list" in message.body
    assert LINK not in message.body
    assert message.attachments == []


def test_the_cancellation_cancels_the_same_calendar_event(riverside, session, sent):
    with sent() as booked:
        booking = surgeries.booking_create(
            membership=riverside.teacher, session=session, attendee=riverside.teacher.user
        )
    with sent() as cancelled:
        surgeries.booking_cancel(booking=booking, membership=riverside.teacher)

    _, first = event_of(booked.messages[0])
    calendar, event = event_of(cancelled.messages[0])
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert event["uid"] == first["uid"]
    assert int(event["sequence"]) >= int(first["sequence"])


def test_a_change_sends_the_new_times_in_the_same_event(riverside, session, staff_user, sent):
    with sent() as booked:
        booking = surgeries.booking_create(
            membership=riverside.teacher, session=session, attendee=riverside.teacher.user
        )
    session.starts_at, session.ends_at = datetime.time(9, 0), datetime.time(10, 30)

    with sent() as changed:
        surgeries.session_save(session=session, user=staff_user)

    _, event = event_of(changed.messages[0])
    assert event["uid"] == event_of(booked.messages[0])[1]["uid"]
    assert event.decoded("dtstart").time() == datetime.time(9, 0)
    assert f"Reference: {booking.reference}" in changed.messages[0].body


# --- The reminder -----------------------------------------------------------------------------------------


def test_the_reminder_goes_the_day_before_and_only_once(riverside, oakfield, sent):
    tomorrow = SurgerySessionFactory(date=days_from_today(1))
    later = SurgerySessionFactory(date=days_from_today(2))
    surgeries.booking_create(membership=riverside.teacher, session=tomorrow, attendee=riverside.teacher.user)
    surgeries.booking_create(membership=oakfield.teacher, session=later, attendee=oakfield.teacher.user)

    with sent() as first_run:
        send_surgery_reminders.enqueue()
    with sent() as second_run:
        send_surgery_reminders.enqueue()
        call_command("send_surgery_reminders", stdout=StringIO())

    assert [(message.to, message.subject) for message in first_run.messages] == [
        (["teacher@riverside.test"], "Tomorrow: behaviour surgery at 15:45")
    ]
    assert calendar_of(first_run.messages[0])
    assert second_run.messages == []


def test_no_reminder_for_a_cancelled_place(riverside):
    session = SurgerySessionFactory(date=days_from_today(1))
    booking = surgeries.booking_create(
        membership=riverside.teacher, session=session, attendee=riverside.teacher.user
    )
    surgeries.booking_cancel(booking=booking, membership=riverside.teacher)
    mail.outbox.clear()

    assert surgeries.reminders_send(today=days_from_today(0)) == 0
