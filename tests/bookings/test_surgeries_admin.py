"""Staff's surgery screens in the Wagtail admin: sessions saved through the service (booking closes the
day before unless set), cancelling a session, the register with questions, attendance and notes (the
school sees its notes), and the register as CSV."""

import csv
import io

import pytest
from django.urls import reverse

from bookings.factories import SurgeryBookingFactory
from bookings.models import BookingStatus, SurgeryBooking, SurgerySession
from bookings.services import surgeries
from portal.schools.factories import SchoolFactory
from tests.bookings.conftest import days_from_today

pytestmark = pytest.mark.django_db


def admin_url(model_name, action="index", pk=None):
    return reverse(f"bookings_{model_name}_modeladmin_{action}", args=[pk] if pk is not None else [])


def session_form(**overrides):
    return {
        "date": days_from_today(20).isoformat(),
        "starts_at": "15:45",
        "ends_at": "17:00",
        "mode": "in_person",
        "room": "Training room",
        "address": "",
        "meeting_link": "",
        "places": "12",
        "booking_closes_on": "",
        "theme": "",
        **overrides,
    }


def test_a_new_session_closes_for_booking_the_day_before_by_default(staff_client):
    response = staff_client.post(admin_url("surgerysession", "create"), session_form())

    assert response.status_code == 302
    session = SurgerySession.objects.get()
    assert (session.booking_closes_on, session.places) == (days_from_today(19), 12)


def test_an_online_session_without_a_link_is_refused_on_the_field(staff_client):
    response = staff_client.post(admin_url("surgerysession", "create"), session_form(mode="online", room=""))

    assert response.status_code == 200
    assert response.context["form"].errors == {"meeting_link": [surgeries.ONLINE_NEEDS_LINK]}
    assert not SurgerySession.objects.exists()


def test_editing_a_booked_sessions_time_emails_the_people_booked(staff_client, riverside, session, sent):
    surgeries.booking_create(membership=riverside.teacher, session=session, attendee=riverside.teacher.user)

    with sent() as emails:
        staff_client.post(
            admin_url("surgerysession", "edit", session.pk),
            session_form(date=session.date.isoformat(), starts_at="16:00", booking_closes_on=""),
        )

    session.refresh_from_db()
    assert session.starts_at.hour == 16
    assert [message.to for message in emails.messages] == [["teacher@riverside.test"]]


def test_cancelling_a_session_in_the_admin(staff_client, riverside, session, sent):
    surgeries.booking_create(membership=riverside.teacher, session=session, attendee=riverside.teacher.user)

    with sent() as emails:
        response = staff_client.post(
            admin_url("surgerysession", "cancel", session.pk), {"reason": "Staff training day."}
        )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.is_cancelled
    assert "Staff training day." in emails.messages[0].body


def test_the_register_lists_names_schools_and_questions_and_exports_them(staff_client, riverside, oakfield):
    session = SurgerySession.objects.create(
        date=days_from_today(5), starts_at="15:45", ends_at="17:00", room="Hall", places=1
    )
    surgeries.booking_create(
        membership=riverside.teacher, session=session, attendee=riverside.teacher.user, question="Lunchtimes"
    )
    oakfield.teacher.user.first_name = oakfield.teacher.user.last_name = (
        ""  # signed up before names were asked
    )
    oakfield.teacher.user.save()
    surgeries.booking_join_waiting_list(
        membership=oakfield.teacher, session=session, attendee=oakfield.teacher.user
    )

    page = staff_client.get(reverse("bookings_admin_register", args=[session.pk])).text
    export = staff_client.get(reverse("bookings_admin_register_csv", args=[session.pk]))

    for text in ["Riverside Primary School", "Lunchtimes", "Oakfield Primary School"]:
        assert text in page
    # By name, with the address staff write to; someone who gave no name by their address, once.
    assert "<td>Alex Teacher<br>teacher@riverside.test</td>" in page
    assert "<td>teacher@oakfield.test</td>" in page
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:4] == ["Name", "Email", "School", "Status"]
    assert [(row[1], row[2], row[3], row[5]) for row in rows[1:]] == [
        ("teacher@riverside.test", "Riverside Primary School", "Booked", "Lunchtimes"),
        ("teacher@oakfield.test", "Oakfield Primary School", "On the waiting list", ""),
    ]


def test_attendance_and_notes_for_the_school_show_in_the_portal_but_team_notes_do_not(
    staff_client, riverside, session, client
):
    booking = surgeries.booking_create(
        membership=riverside.teacher, session=session, attendee=riverside.teacher.user
    )

    response = staff_client.post(
        reverse("bookings_admin_attendance", args=[booking.pk]),
        {
            "attended": "yes",
            "notes_for_school": "Try a visual timetable.",
            "staff_notes": "Follow up in spring.",
        },
    )
    assert response.status_code == 302

    client.force_login(riverside.teacher.user)
    page = client.get(reverse("bookings:booking", args=[booking.pk])).text
    assert "Try a visual timetable." in page
    assert "Follow up in spring." not in page


def test_the_register_is_for_staff_only(client, riverside, session):
    client.force_login(riverside.admin.user)

    response = client.get(reverse("bookings_admin_register", args=[session.pk]))

    assert response.status_code in (302, 403)


def test_a_booked_session_cannot_be_deleted(staff_client, riverside, session):
    surgeries.booking_create(membership=riverside.teacher, session=session, attendee=riverside.teacher.user)

    staff_client.post(admin_url("surgerysession", "delete", session.pk))

    assert SurgerySession.objects.filter(pk=session.pk).exists()
    assert session.bookings.get().status == BookingStatus.CONFIRMED


def test_the_sessions_list_shows_places_booked_and_waiting(staff_client, riverside, oakfield):
    session = SurgerySession.objects.create(
        date=days_from_today(5), starts_at="15:45", ends_at="17:00", room="Hall", places=1, theme="Full one"
    )
    surgeries.booking_create(membership=riverside.teacher, session=session, attendee=riverside.teacher.user)
    surgeries.booking_join_waiting_list(
        membership=oakfield.teacher, session=session, attendee=oakfield.teacher.user
    )

    page = " ".join(staff_client.get(admin_url("surgerysession")).text.split())

    for cell in ['booked title">1<', 'waiting title">1<', 'state title">Full<']:
        assert f'class="field-{cell}' in page
    assert reverse("bookings_admin_register", args=[session.pk]) in page


def test_a_school_with_bookings_is_not_deleted(staff_client, session):
    booking = SurgeryBookingFactory(session=session, school=SchoolFactory(name="Closed Primary School"))

    response = staff_client.post(reverse("schools_school_modeladmin_delete", args=[booking.school_id]))

    assert response.status_code == 200
    assert str(booking) in response.text
    assert SurgeryBooking.objects.filter(pk=booking.pk).exists()


def test_removing_someones_account_frees_their_place_and_keeps_who_booked(riverside, session):
    booking = surgeries.booking_create(
        membership=riverside.teacher, session=session, attendee=riverside.colleague.user
    )

    riverside.teacher.user.delete()

    booking.refresh_from_db()
    assert booking.booked_by is None
    assert booking.is_confirmed
