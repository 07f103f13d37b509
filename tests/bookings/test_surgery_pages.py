"""The portal's surgery pages: the list with the school's own bookings first, booking and cancelling,
the meeting link only for people with a place, other schools' bookings out of reach, and a school
without the offer told why (by URL too, with nothing changed). The public page lists upcoming sessions."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from bookings.factories import SurgeriesPageFactory, SurgeryBookingFactory, SurgerySessionFactory
from bookings.models import BookingStatus, SurgeryBooking
from bookings.services import surgeries
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from tests.bookings.conftest import days_from_today, give_universal_offer
from tests.query_counts import OTHER_SCHOOLS, queries_of

pytestmark = pytest.mark.django_db

LINK = "https://zoom.example.test/j/123456"
# The user (the session comes from the cache) and the membership (which says whether the email is verified),
# then the sessions with their places taken, the school's bookings at them, and whether the school holds the
# Universal Offer.
SURGERY_LIST_QUERIES = 5


def test_the_list_shows_places_left_and_the_schools_own_bookings_first(riverside, oakfield, signed_in):
    sooner = SurgerySessionFactory(date=days_from_today(7), theme="Sooner", places=3)
    later = SurgerySessionFactory(date=days_from_today(30), theme="Later")
    SurgeryBookingFactory(session=sooner, school=oakfield.school)
    surgeries.booking_create(membership=riverside.teacher, session=later, attendee=riverside.teacher.user)

    page = signed_in(riverside.teacher).get(reverse("bookings:surgeries")).text

    assert page.index("Later") < page.index("Sooner")
    assert "2 of 3" in page
    assert "Alex Teacher: booked" in page
    assert reverse("bookings:book", args=[sooner.pk]) in page


def test_a_cancelled_or_past_session_is_not_listed(riverside, signed_in, staff_user):
    cancelled = SurgerySessionFactory(theme="Cancelled one")
    surgeries.session_cancel(session=cancelled, user=staff_user, reason="Snow.")
    SurgerySessionFactory(theme="Past one", date=days_from_today(-3), booking_closes_on=days_from_today(-4))

    page = signed_in(riverside.teacher).get(reverse("bookings:surgeries")).text

    assert "Cancelled one" not in page
    assert "Past one" not in page


def test_booking_through_the_page_for_a_colleague(riverside, session, signed_in):
    client = signed_in(riverside.teacher)

    response = client.post(
        reverse("bookings:book", args=[session.pk]),
        {"attendee": riverside.colleague.user.pk, "question": "Transitions after Easter"},
    )

    booking = SurgeryBooking.objects.get()
    assert response.url == reverse("bookings:booking", args=[booking.pk])
    assert (booking.attendee, booking.question) == (riverside.colleague.user, "Transitions after Easter")
    assert "Place booked" in client.get(response.url).text


def test_booking_someone_outside_the_school_by_tampering_is_refused(riverside, oakfield, session, signed_in):
    response = signed_in(riverside.teacher).post(
        reverse("bookings:book", args=[session.pk]), {"attendee": oakfield.teacher.user.pk}
    )

    assert response.status_code == 400
    assert "Choose someone at Riverside Primary School." in response.text
    assert not SurgeryBooking.objects.exists()


def test_a_full_session_offers_the_waiting_list(riverside, oakfield, signed_in):
    session = SurgerySessionFactory(places=1)
    SurgeryBookingFactory(session=session, school=oakfield.school)
    client = signed_in(riverside.teacher)

    assert "Join the waiting list" in client.get(reverse("bookings:book", args=[session.pk])).text
    client.post(reverse("bookings:book", args=[session.pk]), {"attendee": riverside.teacher.user.pk})

    assert SurgeryBooking.objects.get(school=riverside.school).status == BookingStatus.WAITING


def test_a_closed_session_says_so_and_has_no_form(riverside, signed_in):
    session = SurgerySessionFactory(date=days_from_today(2), booking_closes_on=days_from_today(-1))
    client = signed_in(riverside.teacher)

    page = client.get(reverse("bookings:book", args=[session.pk])).text
    response = client.post(
        reverse("bookings:book", args=[session.pk]), {"attendee": riverside.teacher.user.pk}
    )

    assert "Booking for this surgery closed" in page
    assert '<form method="post" novalidate' not in page
    assert response.status_code == 400
    assert not SurgeryBooking.objects.exists()


def test_the_meeting_link_shows_only_to_the_people_with_the_place(riverside, signed_in):
    session = SurgerySessionFactory(online=True, meeting_link=LINK)
    booking = surgeries.booking_create(
        membership=riverside.teacher, session=session, attendee=riverside.teacher.user
    )
    url = reverse("bookings:booking", args=[booking.pk])

    assert LINK in signed_in(riverside.teacher).get(url).text
    assert LINK not in signed_in(riverside.admin).get(url).text
    assert LINK not in signed_in(riverside.teacher).get(reverse("bookings:surgeries")).text


def test_cancelling_through_the_page(riverside, session, signed_in):
    booking = surgeries.booking_create(
        membership=riverside.teacher, session=session, attendee=riverside.teacher.user
    )
    client = signed_in(riverside.teacher)

    response = client.post(reverse("bookings:cancel", args=[booking.pk]))

    assert response.url == reverse("bookings:surgeries")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_a_colleague_who_may_not_cancel_is_told_and_nothing_changes(riverside, session, signed_in):
    booking = surgeries.booking_create(
        membership=riverside.teacher, session=session, attendee=riverside.teacher.user
    )

    response = signed_in(riverside.colleague).post(reverse("bookings:cancel", args=[booking.pk]))

    assert response.status_code == 400
    assert surgeries.CANCEL_NOT_ALLOWED in response.text
    booking.refresh_from_db()
    assert booking.is_confirmed


def test_the_booking_page_offers_the_calendar_file_the_email_has(riverside, signed_in, sent):
    session = SurgerySessionFactory(online=True, meeting_link=LINK, theme="Managing transitions")
    with sent() as emails:
        booking = surgeries.booking_create(
            membership=riverside.teacher, session=session, attendee=riverside.teacher.user
        )
    calendar_url = reverse("bookings:booking_calendar", args=[booking.pk])

    page = signed_in(riverside.teacher).get(reverse("bookings:booking", args=[booking.pk])).text
    response = signed_in(riverside.teacher).get(calendar_url)

    assert calendar_url in page
    assert response["Content-Type"] == "text/calendar"
    assert response["Content-Disposition"] == 'attachment; filename="behaviour-surgery.ics"'
    (emailed,) = emails.messages[0].attachments
    downloaded, attached = (
        Calendar.from_ical(ics).walk("VEVENT")[0] for ics in (response.content, emailed[1])
    )
    for field in ("uid", "summary", "dtstart", "dtend", "location", "description"):
        assert downloaded[field] == attached[field], field


def test_the_calendar_file_is_only_for_the_people_with_the_place_while_they_hold_it(riverside, signed_in):
    """It carries the meeting link."""
    session = SurgerySessionFactory(online=True, meeting_link=LINK)
    booking = surgeries.booking_create(
        membership=riverside.teacher, session=session, attendee=riverside.teacher.user
    )
    calendar_url = reverse("bookings:booking_calendar", args=[booking.pk])

    assert (
        calendar_url
        not in signed_in(riverside.admin).get(reverse("bookings:booking", args=[booking.pk])).text
    )
    assert signed_in(riverside.admin).get(calendar_url).status_code == 404
    surgeries.booking_cancel(booking=booking, membership=riverside.teacher)
    assert signed_in(riverside.teacher).get(calendar_url).status_code == 404


def test_the_list_names_the_waiting_list_s_surgery(riverside, oakfield, signed_in):
    session = SurgerySessionFactory(places=1)
    SurgeryBookingFactory(session=session, school=oakfield.school)

    page = signed_in(riverside.teacher).get(reverse("bookings:surgeries")).text

    hidden = f'<span class="visually-hidden"> for the surgery on {session.date:%-d %B %Y}</span>'
    assert f"Join the waiting list{hidden}" in page


@pytest.mark.parametrize("route", ["bookings:booking", "bookings:cancel", "bookings:booking_calendar"])
def test_another_schools_booking_is_not_found(riverside, oakfield, session, signed_in, route):
    theirs = surgeries.booking_create(
        membership=oakfield.teacher, session=session, attendee=oakfield.teacher.user
    )
    client = signed_in(riverside.admin)

    assert client.get(reverse(route, args=[theirs.pk])).status_code == 404
    assert client.post(reverse("bookings:cancel", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_confirmed


def test_a_school_without_the_offer_sees_why_and_how_to_buy_it(no_offer, session, signed_in):
    client = signed_in(no_offer.teacher)

    listing = client.get(reverse("bookings:surgeries")).text
    by_url = client.post(reverse("bookings:book", args=[session.pk]), {"attendee": no_offer.teacher.user.pk})

    assert "Hillside Primary School does not hold the Universal Support Offer" in listing
    assert reverse("bookings:book", args=[session.pk]) not in listing
    assert by_url.status_code == 403
    assert "You need the Universal Support Offer" in by_url.text
    assert not SurgeryBooking.objects.exists()


def test_the_public_page_lists_upcoming_sessions_and_sends_people_to_the_portal(client, home_page, oakfield):
    SurgeriesPageFactory(parent=home_page)
    online = SurgerySessionFactory(online=True, meeting_link=LINK, theme="Online one", places=2)
    SurgeryBookingFactory(session=online, school=oakfield.school)
    SurgeryBookingFactory(session=online, school=oakfield.school)
    SurgerySessionFactory(theme="In person one", date=days_from_today(20))

    page = client.get("/behaviour-surgeries/").text

    assert "Online one" in page
    assert "In person one" in page
    assert "Full: waiting list open" in page
    assert LINK not in page
    assert reverse("bookings:surgeries") in page


def test_the_list_makes_as_many_queries_beside_many_schools_as_alone(riverside, signed_in):
    sessions = [SurgerySessionFactory(date=days_from_today(7 * week), places=50) for week in range(1, 5)]
    for session in sessions[::2]:
        SurgeryBookingFactory(session=session, school=riverside.school, attendee=riverside.teacher.user)
    alone = queries_of(signed_in(riverside.teacher), reverse("bookings:surgeries"))

    for _ in range(OTHER_SCHOOLS):
        other = MembershipFactory(roles=[Role.MEMBER])
        give_universal_offer(other.school)
        for session in sessions:
            SurgeryBookingFactory(session=session, school=other.school, attendee=other.user)

    assert queries_of(signed_in(riverside.teacher), reverse("bookings:surgeries")) == alone
    assert alone == SURGERY_LIST_QUERIES
