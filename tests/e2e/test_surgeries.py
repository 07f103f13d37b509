"""Behaviour surgeries, the advice line and training in a real browser, with axe on every page: a teacher
books a surgery and cancels it; a teacher joins a waiting list and gets the place another school frees;
a teacher asks for a call back; a teacher requests training and sees its price before sending."""

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect

from bookings.factories import SurgeriesPageFactory, SurgerySessionFactory
from bookings.models import BookingStatus, CallbackRequest, SurgeryBooking, TrainingRequest
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import PASSWORD, VerifiedUserFactory
from services.factories import TrainingFormatFactory, TrainingTopicFactory
from tests.bookings.conftest import give_universal_offer
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def teacher_at(school_name, email):
    school = SchoolFactory(name=school_name)
    give_universal_offer(school)
    user = VerifiedUserFactory(email=email, first_name="Alex", last_name="Teacher")
    return MembershipFactory(user=user, school=school, roles=[Role.MEMBER])


def open_portal(page, live_site, email, path="/portal/"):
    page.goto(live_site.url + path)
    sign_in(page, email, PASSWORD)


def test_booking_a_surgery_and_cancelling_it(page, live_site):
    teacher = teacher_at("Riverside Primary School", "teacher@riverside-primary.test")
    MembershipFactory(
        school=teacher.school,
        user__email="jo@riverside-primary.test",
        user__first_name="Jo",
        user__last_name="Colleague",
    )
    session = SurgerySessionFactory(theme="Unstructured times", places=4)

    open_portal(page, live_site, "teacher@riverside-primary.test")
    page.get_by_role("link", name="Book a behaviour surgery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Behaviour surgeries")
    expect(page.get_by_role("table", name="Upcoming surgeries")).to_contain_text("4 of 4")
    assert_accessible(page)

    page.get_by_role("link", name=f"Book the surgery on {session.date:%-d %B %Y}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a place")
    assert_accessible(page)
    page.get_by_label("Jo Colleague").check()
    page.get_by_label("Question to bring (optional)").fill("A pupil who runs out of class")
    page.get_by_role("button", name="Book the place").click()

    booking = SurgeryBooking.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text("Place booked")
    expect(page.get_by_text(f"Your reference is {booking.reference}")).to_be_visible()
    assert_accessible(page)
    assert booking.attendee.first_name == "Jo"
    with page.expect_download() as download:
        page.get_by_role("link", name="Add the surgery to your calendar (.ics file)").click()
    assert download.value.suggested_filename == "behaviour-surgery.ics"
    with open(download.value.path(), "rb") as ics:
        (event,) = Calendar.from_ical(ics.read()).walk("VEVENT")
    assert str(event["summary"]) == "Behaviour surgery: Unstructured times"
    page.get_by_role("link", name="All behaviour surgeries").click()
    # Booked people by name, never by their address.
    expect(page.get_by_role("link", name="Jo Colleague: booked")).to_be_visible()
    expect(page.get_by_role("table", name="Upcoming surgeries")).not_to_contain_text("@")
    page.get_by_role("link", name="Jo Colleague: booked").click()
    assert {message.to[0] for message in mail.outbox} == {
        "teacher@riverside-primary.test",
        "jo@riverside-primary.test",
    }

    page.get_by_role("link", name="Cancel this booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel the place for Jo Colleague?")
    assert_accessible(page)
    page.get_by_role("button", name="Cancel the booking").click()

    expect(page.get_by_text(f"Booking {booking.reference} is cancelled.")).to_be_visible()
    expect(page.get_by_role("table", name="Upcoming surgeries")).to_contain_text("4 of 4")
    assert_accessible(page)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_joining_a_waiting_list_and_getting_the_freed_place(page, browser, live_site):
    riverside = teacher_at("Riverside Primary School", "teacher@riverside-primary.test")
    oakfield = teacher_at("Oakfield Primary School", "teacher@oakfield-primary.test")
    session = SurgerySessionFactory(online=True, places=1)

    other = browser.new_context(locale="en-GB", timezone_id="Europe/London").new_page()
    open_portal(other, live_site, "teacher@oakfield-primary.test", f"/portal/surgeries/{session.pk}/book/")
    other.get_by_role("button", name="Book the place").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Place booked")

    open_portal(page, live_site, "teacher@riverside-primary.test", "/portal/surgeries/")
    expect(page.get_by_role("table", name="Upcoming surgeries")).to_contain_text("Full")
    page.get_by_role(
        "link", name=f"Join the waiting list for the surgery on {session.date:%-d %B %Y}"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the waiting list")
    assert_accessible(page)
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("On the waiting list")
    expect(page.get_by_text("Meeting link")).to_have_count(0)
    assert_accessible(page)

    other.get_by_role("link", name="Cancel this booking").click()
    other.get_by_role("button", name="Cancel the booking").click()
    expect(other.get_by_text("is cancelled")).to_be_visible()

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Place booked")
    expect(page.get_by_role("link", name=session.meeting_link)).to_be_visible()
    assert_accessible(page)
    assert SurgeryBooking.objects.get(school=riverside.school).status == BookingStatus.CONFIRMED
    assert SurgeryBooking.objects.get(school=oakfield.school).status == BookingStatus.CANCELLED
    assert any(
        message.to == ["teacher@riverside-primary.test"] and message.subject.startswith("You have a place")
        for message in mail.outbox
    )


def test_asking_for_a_call_back(page, live_site):
    teacher_at("Riverside Primary School", "teacher@riverside-primary.test")

    open_portal(page, live_site, "teacher@riverside-primary.test")
    page.get_by_role("link", name="Telephone advice line").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Telephone advice line")
    assert_accessible(page)
    page.get_by_role("link", name="Ask for a call back").click()
    assert_accessible(page)

    page.get_by_label("What is the call about?").fill("A pupil who will not come into class")
    page.get_by_label("Pupil's initials (optional)").fill("Jordan Smith")
    page.get_by_label("Pupil's year group (optional)").select_option(label="Year 2")
    page.get_by_label("Phone number to call").fill("01632 960 123")
    page.get_by_label("Days and times that suit you").fill("After 3:30pm")
    page.get_by_role("button", name="Ask for a call back").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the pupil's initials only")
    assert_accessible(page)
    page.get_by_label("Pupil's initials (optional)").fill("JS")
    page.get_by_role("button", name="Ask for a call back").click()

    callback = CallbackRequest.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text("Call back requested")
    expect(page.get_by_text(f"Your reference is {callback.reference}")).to_be_visible()
    assert_accessible(page)
    assert (callback.pupil_initials, callback.pupil_year_group) == ("JS", "2")


def test_requesting_training_shows_the_price_first(page, live_site):
    teacher_at("Riverside Primary School", "teacher@riverside-primary.test")
    half_day = TrainingFormatFactory(name="Half day", duration_minutes=180, price_pence=47_000)
    TrainingFormatFactory(name="Twilight", duration_minutes=120, price_pence=35_000)
    TrainingTopicFactory(title="Supporting neurodiversity", allowed_formats=[half_day])

    open_portal(page, live_site, "teacher@riverside-primary.test")
    page.get_by_role("link", name="Training for your staff").click()
    assert_accessible(page)
    page.get_by_role("link", name="Request training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request training")
    assert_accessible(page)

    page.get_by_label("Format").select_option(label="Twilight (2 hours): £350")
    page.get_by_label("Supporting neurodiversity").check()
    page.get_by_label("Expected number of staff").fill("20")
    page.get_by_label("In person at the school").check()
    page.get_by_label("First preferred date").fill("2099-03-03")
    page.get_by_label("Second preferred date").fill("2099-03-10")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Supporting neurodiversity is offered only as Half day")
    assert_accessible(page)

    page.get_by_label("Format").select_option(label="Half day (3 hours): £470")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your training request")
    expect(page.locator("#training-price")).to_have_text("£570")
    assert_accessible(page)
    page.get_by_role("button", name="Send the request").click()

    request = TrainingRequest.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training requested")
    assert_accessible(page)
    assert (request.quoted_pence, request.staff_count) == (57_000, 20)


def test_the_public_surgeries_page_lists_sessions_and_links_to_the_portal(page, live_site, home_page):
    SurgeriesPageFactory(parent=home_page)
    SurgerySessionFactory(theme="Unstructured times")
    SurgerySessionFactory(online=True, theme="Emotion coaching", places=1)

    page.goto(live_site.url + "/behaviour-surgeries/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Behaviour surgeries")
    expect(page.get_by_role("table")).to_contain_text("Unstructured times")
    expect(page.get_by_role("table")).to_contain_text("Emotion coaching")
    assert_accessible(page)
    page.get_by_role("link", name="Book in the schools portal").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
