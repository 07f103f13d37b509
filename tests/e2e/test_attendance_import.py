"""Importing attendance in a real browser: staff upload the school information system's CSV with one bad
row, see the preview with that row's error, import the valid rows and see what was recorded; axe on the
upload page, the preview and the result."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.placements.factories import PanelDecisionFactory
from portal.placements.models import AttendanceMark, Weekday
from portal.placements.services import attendance as marks
from portal.placements.services import placements as placement_services
from tests.e2e.conftest import assert_accessible
from tests.portal.placements.conftest import a_term_with_places_around, start_placement

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_import_the_valid_rows_of_a_file_with_one_bad_row(signed_in_staff, live_site, staff_user):
    today = timezone.localdate()
    a_term_with_places_around(today)
    monday = today - timedelta(days=today.weekday() + 14)
    placement = start_placement(
        PanelDecisionFactory(), staff_user, starts_on=monday, home_school_weekday=Weekday.FRIDAY
    )
    placement_services.placement_start(placement=placement, user=staff_user)
    upn = placement.request.upn
    friday = monday + timedelta(days=4)
    rows = [
        f"{upn},{monday:%d/%m/%Y},AM,/,",
        f"{upn},{monday:%d/%m/%Y},PM,\\,",
        f"{upn},{friday:%Y-%m-%d},AM,/,",  # the pupil's day at the home school
        f"{upn},{monday + timedelta(days=1):%Y-%m-%d},AM,M,Dentist",
    ]
    page = signed_in_staff

    page.goto(live_site.url + "/admin/")
    page.get_by_role("button", name="MAPP panel").click()
    page.get_by_role("link", name="Import attendance").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Import attendance")
    assert_accessible(page)
    page.get_by_label("CSV file of attendance").set_input_files(
        files=[
            {
                "name": "marks.csv",
                "mimeType": "text/csv",
                "buffer": ("UPN,Date,Session,Code,Note\r\n" + "\r\n".join(rows) + "\r\n").encode(),
            }
        ]
    )
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the import")
    home_day = marks.HOME_SCHOOLS_SESSION.format(day=placement_services.long_date(friday))
    expect(page.get_by_role("listitem").filter(has_text="Row 4")).to_have_text(f"Row 4: {home_day}")
    expect(page.locator("#row-4")).to_contain_text(home_day)
    expect(page.locator("#row-2")).to_contain_text("New mark")
    assert_accessible(page)
    assert not AttendanceMark.objects.exists()
    page.get_by_label("Import the valid rows and skip the rest").check()
    page.get_by_role("button", name="Import 3 rows").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Attendance imported")
    expect(page.get_by_role("row", name="Recorded (new marks)")).to_contain_text("3")
    expect(page.get_by_role("row", name="Skipped (with errors)")).to_contain_text("1")
    assert_accessible(page)
    assert sorted(AttendanceMark.objects.values_list("date", "session", "code")) == [
        (monday, "am", "/"),
        (monday, "pm", "\\"),
        (monday + timedelta(days=1), "am", "M"),
    ]
