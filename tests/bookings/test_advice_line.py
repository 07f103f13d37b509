"""The advice line: a member of a school with the offer asks for a call back (a pupil by initials and year
group only); staff record the call and close it; the school sees its requests and the advice. Another
school's request is out of reach, a school without the offer is told why; staff see each school's use."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import CallbackRequest, CallbackStatus
from bookings.services import advice, surgeries
from common.errors import DomainError
from common.workflows import action_of
from portal.orders.services import rules

pytestmark = pytest.mark.django_db


def ask(membership, **changes):
    fields = {
        "topic": "A pupil who leaves the classroom",
        "phone": "01632 960 123",
        "times_that_suit": "Weekdays after 3:30pm",
        "pupil_initials": "j.s.",
        "pupil_year_group": "4",
        **changes,
    }
    return advice.callback_request_create(membership=membership, **fields)


def close(callback, user, **changes):
    fields = {
        "called_by": "Specialist teacher",
        "called_at": timezone.now(),
        "duration_minutes": 20,
        "advice": "Agree a safe space and a signal.",
        "follow_up": "Send the calm corner guide.",
        **changes,
    }
    return advice.callback_close(callback=callback, user=user, **fields)


def test_a_call_back_request_keeps_the_pupil_to_initials_and_year_group(riverside, logged_changes):
    callback = ask(riverside.teacher)

    assert (callback.status, callback.pupil_initials, callback.pupil_label) == (
        CallbackStatus.WAITING,
        "JS",
        "JS, Year 4",
    )
    assert logged_changes(callback) == [
        (advice.CALLBACK_REQUESTED, riverside.teacher.user, {"to": "Waiting for a call"})
    ]


def test_a_call_need_not_be_about_a_pupil(riverside):
    callback = ask(riverside.teacher, pupil_initials="", pupil_year_group="")

    assert callback.pupil_label == ""


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"topic": "  "}, "topic", advice.TOPIC_REQUIRED),
        ({"phone": "call me"}, "phone", advice.PHONE_INVALID),
        ({"phone": "123"}, "phone", advice.PHONE_INVALID),
        ({"times_that_suit": ""}, "times_that_suit", advice.TIMES_REQUIRED),
        ({"pupil_initials": "Jamie Smith"}, "pupil_initials", rules.INITIALS_INVALID),
        ({"pupil_year_group": ""}, "pupil_year_group", rules.YEAR_GROUP_REQUIRED),
    ],
)
def test_bad_input_is_refused_on_its_field(riverside, changes, field, message):
    with pytest.raises(DomainError) as refused:
        ask(riverside.teacher, **changes)

    assert (refused.value.field, refused.value.message) == (field, message)
    assert not CallbackRequest.objects.exists()


def test_a_school_without_the_offer_cannot_ask(no_offer):
    with pytest.raises(DomainError, match="comes with the Universal Support Offer"):
        ask(no_offer.teacher)


def test_staff_record_the_call_and_close_it_once(riverside, staff_user, logged_changes):
    callback = close(ask(riverside.teacher), staff_user)

    assert (callback.status, callback.duration_minutes, callback.closed_by) == (
        CallbackStatus.CLOSED,
        20,
        staff_user,
    )
    assert logged_changes(callback)[-1] == (
        action_of(CallbackRequest, "close"),
        staff_user,
        {"from": "Waiting for a call", "to": "Called back"},
    )
    with pytest.raises(DomainError, match="already closed"):
        close(callback, staff_user)


def test_closing_needs_the_calls_details(riverside, staff_user):
    callback = ask(riverside.teacher)

    with pytest.raises(DomainError, match="Enter who called"):
        close(callback, staff_user, advice=" ")
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.WAITING


# --- The pages --------------------------------------------------------------------------------------------


def test_asking_through_the_portal_and_seeing_the_advice(riverside, signed_in, staff_user):
    client = signed_in(riverside.teacher)
    response = client.post(
        reverse("bookings:callback_new"),
        {
            "topic": "Lunchtimes",
            "phone": "01632 960 123",
            "times_that_suit": "Mornings",
            "pupil_initials": "",
            "pupil_year_group": "",
        },
    )
    callback = CallbackRequest.objects.get()
    assert response.url == reverse("bookings:callback", args=[callback.pk])
    assert "Call back requested" in client.get(response.url).text

    close(callback, staff_user)

    assert "Agree a safe space and a signal." in client.get(response.url).text
    assert callback.reference in client.get(reverse("bookings:callbacks")).text


def test_the_form_shows_errors_next_to_fields(riverside, signed_in):
    response = signed_in(riverside.teacher).post(
        reverse("bookings:callback_new"), {"topic": "Lunchtimes", "phone": "x", "times_that_suit": "Mornings"}
    )

    assert response.status_code == 400
    assert advice.PHONE_INVALID in response.text
    assert not CallbackRequest.objects.exists()


def test_another_schools_request_is_not_found(riverside, oakfield, signed_in):
    theirs = ask(oakfield.teacher)

    assert signed_in(riverside.admin).get(reverse("bookings:callback", args=[theirs.pk])).status_code == 404


def test_a_school_without_the_offer_asking_by_url_is_told_why(no_offer, signed_in):
    response = signed_in(no_offer.teacher).post(
        reverse("bookings:callback_new"),
        {"topic": "Lunchtimes", "phone": "01632 960 123", "times_that_suit": "Any"},
    )

    assert response.status_code == 403
    assert not CallbackRequest.objects.exists()


def test_staff_close_a_request_in_the_admin(staff_client, riverside):
    callback = ask(riverside.teacher)

    queue = staff_client.get(reverse("bookings_callbackrequest_modeladmin_index")).text
    response = staff_client.post(
        reverse("bookings_callbackrequest_modeladmin_close", args=[callback.pk]),
        {
            "called_by": "Specialist teacher",
            "called_at": "2026-11-24 15:30",
            "duration_minutes": "15",
            "advice": "Use a now-and-next board.",
            "follow_up": "",
        },
    )

    assert callback.topic in queue
    assert response.status_code == 302
    callback.refresh_from_db()
    assert (callback.status, callback.advice) == (CallbackStatus.CLOSED, "Use a now-and-next board.")


def test_staff_see_what_a_school_used_in_a_financial_year(staff_client, riverside, session, staff_user):
    booking = surgeries.booking_create(
        membership=riverside.teacher, session=session, attendee=riverside.teacher.user
    )
    surgeries.booking_record_attendance(booking=booking, user=staff_user, attended=True)
    close(ask(riverside.teacher), staff_user)
    year = session.date.year if session.date.month >= 4 else session.date.year - 1

    page = staff_client.get(
        reverse("bookings_admin_usage"), {"school": riverside.school.pk, "year": str(year)}
    ).text

    assert "Behaviour surgeries: 1 attended of 1 booked" in page
    assert "Advice line: 1 call" in page
    assert "A pupil who leaves the classroom" in page
    assert "Hours drawn down:" in page


def test_an_incomplete_call_record_is_refused_in_the_admin(staff_client, riverside):
    callback = ask(riverside.teacher)

    response = staff_client.post(
        reverse("bookings_callbackrequest_modeladmin_close", args=[callback.pk]),
        {"called_by": "", "called_at": "", "duration_minutes": "0", "advice": ""},
    )

    assert response.status_code == 400
    callback.refresh_from_db()
    assert callback.status == CallbackStatus.WAITING
