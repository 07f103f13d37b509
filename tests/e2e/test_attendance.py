"""Attendance in a real browser: staff take a day's register for the group by keyboard alone (codes typed,
Tab along the rows, Enter to save), a wrong code is explained before anything is saved, and "Mark everyone
not yet marked as present" fills the rest; the home school sees the day on its placement's attendance
page and records its own day there. axe on each page."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.placements.models import AttendanceMark, KeptBy
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import PASSWORD, turn_on_two_factor
from tests.e2e.conftest import assert_accessible, sign_in
from tests.portal.placements.attendance_helpers import placed_pupils
from tests.portal.placements.conftest import a_term_with_places_around
from tests.totp import totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def latest_weekday(day):
    return day - timedelta(days=max(0, day.weekday() - 4))


def test_staff_take_the_register_by_keyboard_and_the_school_sees_it(
    signed_in_staff, live_site, browser, staff_user
):
    today = timezone.localdate()
    a_term_with_places_around(today)
    day = latest_weekday(today)
    school = SchoolFactory(name="Oakfield Primary School")
    ash, bea, _ = placed_pupils(
        3,
        school=school,
        user=staff_user,
        starts_on=day - timedelta(weeks=3, days=day.weekday()),
        home_school_weekday=(day.weekday() + 2) % 5,
    )
    referrer = MembershipFactory(school=school, roles=[Role.REFERRER], user__email="senco@oakfield.test")
    secret = turn_on_two_factor(referrer.user)
    page = signed_in_staff

    page.goto(live_site.url + "/admin/")
    page.get_by_role("button", name="MAPP panel").click()
    page.get_by_role("link", name="Group register").click()
    page.goto(f"{page.url}?date={day.isoformat()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Group register")
    assert_accessible(page)

    page.get_by_label("Ash Example, morning").focus()
    keyboard = page.keyboard
    # Ash's morning, afternoon and note, then Bea's; Enter saves.
    for typed, then in [
        ("/", "Tab"),
        ("/", "Tab"),
        ("", "Tab"),
        ("m", "Tab"),
        ("qq", "Tab"),
        ("Dentist", "Enter"),
    ]:
        keyboard.type(typed)
        keyboard.press(then)

    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(
        page.get_by_text("Bea Example, afternoon: “QQ” is not one of the national attendance codes.").first
    ).to_be_visible()
    assert not AttendanceMark.objects.exists()
    assert_accessible(page)
    page.get_by_label("Bea Example, afternoon").focus()
    keyboard.press("ControlOrMeta+a")
    keyboard.type("/")
    keyboard.press("Enter")

    expect(page.get_by_text(f"The register for {day.day} {day:%B %Y} is saved.")).to_be_visible()
    expect(page.get_by_label("Ash Example, afternoon")).to_have_value("\\")
    expect(page.get_by_label("Bea Example, morning")).to_have_value("M")
    expect(page.get_by_label("Cal Example, morning")).to_have_value("")

    page.get_by_role("button", name="Mark everyone not yet marked as present").click()
    expect(page.get_by_text("2 empty session(s) marked present")).to_be_visible()
    expect(page.get_by_label("Cal Example, afternoon")).to_have_value("/")
    page.get_by_label("Cal Example, afternoon").press("Enter")
    expect(page.get_by_label("Cal Example, afternoon")).to_have_value("\\")
    # Wagtail's own "done" message is not this project's to check: the page is checked without it.
    page.reload()
    assert_accessible(page)
    assert AttendanceMark.objects.filter(kept_by=KeptBy.UNIT).count() == 6
    assert AttendanceMark.objects.get(placement=bea, session="am").note == "Dentist"

    school_page = browser.new_context().new_page()
    school_page.goto(f"{live_site.url}/portal/placements/{ash.pk}/")
    sign_in(school_page, "senco@oakfield.test", PASSWORD)
    school_page.get_by_label("Code from your authenticator app").fill(totp_code(secret, at=time.time()))
    school_page.get_by_role("button", name="Sign in").click()
    school_page.goto(f"{live_site.url}/portal/placements/{bea.pk}/")
    school_page.get_by_role("link", name="Attendance: every session").click()
    expect(school_page.get_by_role("heading", level=1)).to_have_text(f"Attendance: placement {bea.reference}")
    expect(school_page.get_by_role("row", name=f"{day:%A} {day.day} {day:%B}")).to_contain_text("M")
    assert_accessible(school_page)

    school_page.get_by_label("Morning").select_option("/")
    school_page.get_by_label("Afternoon").select_option("I")
    school_page.get_by_label("Reason or note").fill("Sent home ill")
    school_page.get_by_role("button", name="Record the sessions").click()

    expect(school_page.get_by_text("your register for the pupil is recorded")).to_be_visible()
    recorded = AttendanceMark.objects.filter(placement=bea, kept_by=KeptBy.HOME_SCHOOL)
    assert sorted(recorded.values_list("session", "code", "note")) == [
        ("am", "/", ""),
        ("pm", "I", "Sent home ill"),
    ]
    assert_accessible(school_page)
    assert bea.request.accesses.filter(what="attendance", user=referrer.user).exists()
