"""The rules of booking a behaviour surgery, each through `bookings.services.surgeries`: who may book,
which sessions, one place per person, the waiting list and its automatic promotion, and cancelling."""

import pytest

from bookings import selectors
from bookings.factories import SurgeryBookingFactory, SurgerySessionFactory
from bookings.models import BookingStatus, SurgeryBooking, SurgerySession
from bookings.services import surgeries
from common.errors import DomainError
from common.workflows import action_of
from portal.users.factories import VerifiedUserFactory
from tests.bookings.conftest import days_from_today

pytestmark = pytest.mark.django_db


def book(membership, session, attendee=None, **kwargs):
    return surgeries.booking_create(
        membership=membership, session=session, attendee=attendee or membership.user, **kwargs
    )


def join_waiting_list(membership, session, attendee=None):
    return surgeries.booking_join_waiting_list(
        membership=membership, session=session, attendee=attendee or membership.user
    )


def fill(session, school, count=None):
    """Confirmed places for new people at `school` until `session` has `count` (all, by default)."""
    for _ in range(session.places if count is None else count):
        SurgeryBookingFactory(session=session, school=school)


def test_a_member_of_a_school_with_the_offer_books_a_place_for_themself(riverside, session, logged_changes):
    booking = book(riverside.teacher, session, question="How do I support a pupil at lunchtime?")

    assert booking.status == BookingStatus.CONFIRMED
    assert (booking.attendee, booking.booked_by, booking.school) == (
        riverside.teacher.user,
        riverside.teacher.user,
        riverside.school,
    )
    assert booking.question == "How do I support a pupil at lunchtime?"
    assert logged_changes(booking) == [(surgeries.BOOKED, riverside.teacher.user, {"to": "Booked"})]


def test_a_member_books_a_place_for_a_named_colleague(riverside, session):
    booking = book(riverside.teacher, session, attendee=riverside.colleague.user)

    assert (booking.attendee, booking.booked_by) == (riverside.colleague.user, riverside.teacher.user)


def test_booking_for_someone_outside_the_school_is_refused(riverside, oakfield, session):
    stranger = VerifiedUserFactory(email="someone@elsewhere.test")

    for outsider in (oakfield.teacher.user, stranger):
        with pytest.raises(DomainError) as refused:
            book(riverside.teacher, session, attendee=outsider)
        assert refused.value.message == "Choose someone at Riverside Primary School."
        assert refused.value.field == "attendee"
    assert not SurgeryBooking.objects.exists()


def test_a_school_without_the_offer_cannot_book(no_offer, session):
    with pytest.raises(DomainError) as refused:
        book(no_offer.teacher, session)

    assert "Hillside Primary School does not hold it" in refused.value.message
    assert not SurgeryBooking.objects.exists()


@pytest.mark.parametrize(
    ("session_fields", "message"),
    [
        ({"date": days_from_today(-1), "booking_closes_on": days_from_today(-2)}, surgeries.SESSION_PAST),
        (
            {"date": days_from_today(3), "booking_closes_on": days_from_today(-1)},
            "Booking for this surgery closed",
        ),
    ],
)
def test_a_past_or_closed_session_cannot_be_booked(riverside, session_fields, message):
    session = SurgerySessionFactory(**session_fields)

    with pytest.raises(DomainError, match=message):
        book(riverside.teacher, session)
    assert not SurgeryBooking.objects.exists()


def test_booking_is_open_on_its_last_day_and_closes_by_default_the_day_before(riverside):
    session = SurgerySessionFactory(date=days_from_today(1))

    assert session.booking_closes_on == days_from_today(0)
    assert book(riverside.teacher, session).is_confirmed


def test_a_cancelled_session_cannot_be_booked(riverside, session, staff_user):
    surgeries.session_cancel(session=session, user=staff_user, reason="The speaker is ill.")

    with pytest.raises(DomainError, match="cancelled"):
        book(riverside.teacher, session)


def test_a_full_session_says_so_and_books_nobody(riverside, oakfield, session):
    fill(session, oakfield.school)

    with pytest.raises(DomainError) as refused:
        book(riverside.teacher, session)

    assert refused.value.message == surgeries.SESSION_FULL
    assert session.bookings.filter(status=BookingStatus.CONFIRMED).count() == session.places


def test_one_person_cannot_hold_two_places_in_one_session(riverside, session):
    book(riverside.teacher, session)

    with pytest.raises(DomainError, match="already has a place"):
        book(riverside.colleague, session, attendee=riverside.teacher.user)
    assert session.bookings.count() == 1


def test_someone_on_the_waiting_list_cannot_book_a_second_place(riverside, oakfield):
    session = SurgerySessionFactory(places=1)
    fill(session, oakfield.school)
    join_waiting_list(riverside.teacher, session)

    with pytest.raises(DomainError, match="already has a place"):
        join_waiting_list(riverside.teacher, session)


def test_the_waiting_list_is_only_for_a_full_session(riverside, session):
    with pytest.raises(DomainError) as refused:
        join_waiting_list(riverside.teacher, session)

    assert refused.value.message == surgeries.NOT_FULL


def test_a_freed_place_goes_to_the_first_on_the_waiting_list_who_is_emailed(
    riverside, oakfield, sent, logged_changes
):
    session = SurgerySessionFactory(places=1)
    place = book(oakfield.teacher, session)
    first = join_waiting_list(riverside.teacher, session)
    second = join_waiting_list(riverside.teacher, session, attendee=riverside.colleague.user)

    with sent() as emails:
        surgeries.booking_cancel(booking=place, membership=oakfield.teacher)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (BookingStatus.CONFIRMED, BookingStatus.WAITING)
    assert logged_changes(first)[-1] == (
        action_of(SurgeryBooking, "promote"),
        None,
        {
            "from": "On the waiting list",
            "to": "Booked",
            "why": "A place freed up and they were first on the waiting list.",
        },
    )
    subjects = {(message.to[0], message.subject) for message in emails.messages}
    assert (
        "teacher@riverside.test",
        f"You have a place: behaviour surgery on {session.date:%-d %B %Y}",
    ) in subjects
    assert ("teacher@oakfield.test", f"Cancelled: behaviour surgery on {session.date:%-d %B %Y}") in subjects


def test_cancelling_a_waiting_list_place_promotes_nobody(riverside, oakfield):
    session = SurgerySessionFactory(places=1)
    book(oakfield.teacher, session)
    waiting = join_waiting_list(riverside.teacher, session)

    surgeries.booking_cancel(booking=waiting, membership=riverside.teacher)

    assert list(session.bookings.values_list("status", flat=True).order_by("pk")) == [
        BookingStatus.CONFIRMED,
        BookingStatus.CANCELLED,
    ]


@pytest.mark.parametrize("who", ["teacher", "colleague", "admin"])
def test_the_booker_the_attendee_or_the_schools_administrator_can_cancel(riverside, session, who):
    booking = book(riverside.teacher, session, attendee=riverside.colleague.user)

    surgeries.booking_cancel(booking=booking, membership=getattr(riverside, who))

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_another_member_cannot_cancel_someone_elses_place(riverside, session):
    booking = book(riverside.teacher, session)

    with pytest.raises(DomainError) as refused:
        surgeries.booking_cancel(booking=booking, membership=riverside.colleague)

    assert refused.value.message == surgeries.CANCEL_NOT_ALLOWED
    booking.refresh_from_db()
    assert booking.is_confirmed


def test_a_place_cannot_be_cancelled_after_booking_closes(riverside, time_machine):
    session = SurgerySessionFactory(date=days_from_today(5))
    booking = book(riverside.teacher, session)
    time_machine.move_to(days_from_today(5))

    with pytest.raises(DomainError, match="only until booking closes"):
        surgeries.booking_cancel(booking=booking, membership=riverside.teacher)
    booking.refresh_from_db()
    assert booking.is_confirmed


def test_a_cancelled_booking_cannot_be_cancelled_again(riverside, session):
    booking = book(riverside.teacher, session)
    surgeries.booking_cancel(booking=booking, membership=riverside.teacher)

    with pytest.raises(DomainError, match="already cancelled"):
        surgeries.booking_cancel(booking=booking, membership=riverside.teacher)


def test_staff_cancelling_a_session_cancels_every_place_and_tells_everyone(
    riverside, oakfield, staff_user, sent
):
    session = SurgerySessionFactory(places=1)
    book(riverside.teacher, session)
    join_waiting_list(oakfield.teacher, session)

    with sent() as emails:
        surgeries.session_cancel(session=session, user=staff_user, reason="The unit is closed for snow.")

    assert set(session.bookings.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    assert sorted(message.to[0] for message in emails.messages) == [
        "teacher@oakfield.test",
        "teacher@riverside.test",
    ]
    assert all("The unit is closed for snow." in message.body for message in emails.messages)


def test_a_session_needs_a_reason_to_be_cancelled(session, staff_user):
    with pytest.raises(DomainError) as refused:
        surgeries.session_cancel(session=session, user=staff_user, reason="  ")

    assert refused.value.field == "why"
    session.refresh_from_db()
    assert not session.is_cancelled


def test_moving_a_session_tells_the_people_booked(riverside, session, staff_user, sent):
    book(riverside.teacher, session)
    session.date = days_from_today(21)

    with sent() as emails:
        surgeries.session_save(session=session, user=staff_user)

    assert [message.subject for message in emails.messages] == [
        f"Changed: behaviour surgery on {session.date:%-d %B %Y}"
    ]


def test_changing_only_the_theme_sends_nothing(riverside, session, staff_user, sent):
    book(riverside.teacher, session)
    session.theme = "Anxiety and behaviour"

    with sent() as emails:
        surgeries.session_save(session=session, user=staff_user)

    assert emails.messages == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"online": True, "meeting_link": ""}, "meeting_link"), ({"room": "", "address": ""}, "room")],
)
def test_a_session_says_where_it_is(fields, field):
    session = SurgerySessionFactory.build(**fields)

    with pytest.raises(DomainError) as refused:
        surgeries.session_save(session=session)

    assert refused.value.field == field


def test_attendance_and_notes_are_recorded_on_a_confirmed_place(
    riverside, session, staff_user, logged_changes
):
    booking = book(riverside.teacher, session)

    surgeries.booking_record_attendance(
        booking=booking,
        user=staff_user,
        attended=True,
        notes_for_school="Try a visual timetable.",
        staff_notes="x",
    )

    booking.refresh_from_db()
    assert (booking.attended, booking.notes_for_school) == (True, "Try a visual timetable.")
    assert logged_changes(booking)[-1] == (
        surgeries.ATTENDANCE_RECORDED,
        staff_user,
        {"from": "Not recorded", "to": "Attended"},
    )


def test_more_places_go_to_the_waiting_list_in_order(riverside, oakfield, staff_user, sent):
    session = SurgerySessionFactory(places=1)
    book(oakfield.teacher, session)
    first = join_waiting_list(riverside.teacher, session)
    second = join_waiting_list(riverside.teacher, session, attendee=riverside.colleague.user)
    session.places = 2

    with sent() as emails:
        surgeries.session_save(session=session, user=staff_user)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (BookingStatus.CONFIRMED, BookingStatus.WAITING)
    assert [message.to for message in emails.messages] == [["teacher@riverside.test"]]


def test_places_cannot_drop_below_those_booked(riverside, oakfield, staff_user):
    session = SurgerySessionFactory(places=3)
    book(oakfield.teacher, session)
    book(riverside.teacher, session)
    session.places = 1

    with pytest.raises(DomainError) as refused:
        surgeries.session_save(session=session, user=staff_user)

    assert refused.value.field == "places"
    session.refresh_from_db()
    assert session.places == 3


def test_booking_must_close_by_the_day_of_the_session(staff_user):
    session = SurgerySessionFactory.build(date=days_from_today(5), booking_closes_on=days_from_today(6))

    with pytest.raises(DomainError, match="Booking must close on or before the day of the surgery"):
        surgeries.session_save(session=session, user=staff_user)


def test_people_waiting_get_no_calendar_file_when_a_session_is_cancelled(
    riverside, oakfield, staff_user, sent
):
    session = SurgerySessionFactory(places=1)
    book(riverside.teacher, session)
    join_waiting_list(oakfield.teacher, session)

    with sent() as emails:
        surgeries.session_cancel(session=session, user=staff_user, reason="Snow.")

    attachments = {message.to[0]: len(message.attachments) for message in emails.messages}
    assert attachments == {"teacher@riverside.test": 1, "teacher@oakfield.test": 0}


def test_the_portals_booking_is_a_place_while_there_is_one_then_the_waiting_list(riverside, oakfield):
    session = SurgerySessionFactory(places=1)

    place = surgeries.booking_make(
        membership=oakfield.teacher, session=session, attendee=oakfield.teacher.user
    )
    waiting = surgeries.booking_make(
        membership=riverside.teacher, session=session, attendee=riverside.teacher.user
    )

    assert (place.status, waiting.status) == (BookingStatus.CONFIRMED, BookingStatus.WAITING)


def test_places_taken_are_the_confirmed_places_only(riverside, oakfield):
    session = SurgerySessionFactory(places=2)
    book(riverside.teacher, session)
    cancelled = book(riverside.colleague, session)
    surgeries.booking_cancel(booking=cancelled, membership=riverside.colleague)
    book(oakfield.teacher, session)
    waiting = join_waiting_list(riverside.colleague, session)

    counted = selectors.session_with_places_taken(session=session)

    assert (counted.places_taken, counted.waiting_count, counted.is_full) == (2, 1, True)
    assert waiting.is_waiting


def test_an_edit_of_a_session_read_before_it_was_cancelled_leaves_it_cancelled(session, staff_user, sent):
    read_earlier = SurgerySession.objects.get(pk=session.pk)
    surgeries.session_cancel(session=session, user=staff_user, reason="Snow.")
    read_earlier.theme = "Anxiety and behaviour"
    read_earlier.places = 12

    with sent() as emails:
        surgeries.session_save(session=read_earlier, user=staff_user)

    session.refresh_from_db()
    assert (session.is_cancelled, session.cancel_reason, session.theme) == (
        True,
        "Snow.",
        "Anxiety and behaviour",
    )
    assert emails.messages == []
