"""The attendance import in the admin: only staff who may change placements reach it; the upload page
documents the format and offers an example; the preview writes nothing; the confirmation imports exactly
the previewed file (a changed or another person's file is refused); the result counts the rows, and
importing the same file again reports them all unchanged."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from portal.placements import attendance_import as reading
from portal.placements.admin import attendance_import as screens
from portal.placements.factories import PlacementCapacityFactory
from portal.placements.models import AttendanceMark
from portal.placements.services import attendance as marks
from portal.placements.services import attendance_import as services
from portal.placements.services import placements as placement_services
from portal.users.factories import VerifiedUserFactory
from tests.portal.placements.conftest import start_placement
from tests.workflows import logged_changes, refused_by_admin, staff_with

UPLOAD = reverse("placements_admin_attendance_import")
CONFIRM = reverse("placements_admin_attendance_import_confirm")
DONE = reverse("placements_admin_attendance_import_done")
EXAMPLE = reverse("placements_admin_attendance_import_example")


@pytest.fixture
def placement(school_year, offer, staff_user):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    return placement_services.placement_start(placement=start_placement(offer, staff_user), user=staff_user)


@pytest.fixture
def marks_file(placement):
    """Two sessions at the unit, and one on the pupil's day at the home school (Thursday)."""
    upn = placement.request.upn
    return (
        f"UPN,Date,Session,Code,Note\r\n{upn},2026-11-16,AM,/,\r\n{upn},19/11/2026,AM,/,\r\n"
        f"{upn},2026-11-16,PM,M,Dentist\r\n"
    ).encode()


def upload(client, data, name="marks.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def carried(preview_page):
    return preview_page.context["form"]["carried"].value()


def test_the_upload_page_documents_the_format_and_offers_an_example(staff_client):
    page = staff_client.get(UPLOAD)
    example = staff_client.get(EXAMPLE)

    assert page.status_code == 200
    assert "<code>UPN,Date,Session,Code,Note</code>" in page.text
    for column in reading.COLUMNS:
        assert f'<th scope="row">{column.heading}</th>' in page.text
    assert EXAMPLE in page.text
    assert example["Content-Type"] == "text/csv; charset=utf-8"
    assert example["Content-Disposition"] == 'attachment; filename="attendance-import-example.csv"'
    assert example.content.decode() == reading.example_csv()


def test_the_menu_offers_the_import_to_staff_who_may_change_placements(client, staff_client, settings):
    assert UPLOAD in staff_client.get(reverse("wagtailadmin_home")).text

    client.force_login(staff_with("placements.view_placement"))
    assert UPLOAD not in client.get(reverse("wagtailadmin_home")).text


@pytest.mark.parametrize("url", [UPLOAD, DONE, EXAMPLE])
def test_staff_who_may_not_change_placements_are_refused(db, client, settings, url):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(staff_with("placements.view_placement"))

    assert refused_by_admin(client.get(url))


def test_staff_who_may_not_change_placements_import_nothing(client, staff_client, settings, marks_file):
    previewed = carried(upload(staff_client, marks_file))
    client.force_login(staff_with("placements.view_placement"))

    assert refused_by_admin(upload(client, marks_file))
    assert refused_by_admin(client.post(CONFIRM, {"carried": previewed, "skip_errors": "on"}))
    assert not AttendanceMark.objects.exists()


def test_the_preview_shows_every_row_and_its_error_and_writes_nothing(staff_client, placement, marks_file):
    page = upload(staff_client, marks_file)

    assert page.status_code == 200
    assert (
        '<a href="#row-3">Row 3</a>: ' + escape(marks.HOME_SCHOOLS_SESSION.format(day="19 November 2026"))
        in page.text
    )
    assert 'id="row-2"' in page.text
    assert page.text.count("<td>New mark</td>") == 2
    assert "Import 2 rows" in page.text
    assert "Import the valid rows and skip the rest" in page.text
    assert not AttendanceMark.objects.exists()
    assert [action for action, _, _ in logged_changes(placement)] == [
        "placements.placement_created",
        "placements.placement_start",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n\x00\x01binary", reading.NOT_CSV),
        (b"Pupil,Day\r\nA1,2026-11-16\r\n", "The first row must be the column headings UPN, Date, Session"),
        (b"", reading.FILE_EMPTY),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_beside_the_field(staff_client, placement, data, message):
    page = upload(staff_client, data)

    assert page.status_code == 400
    assert escape(message) in page.text
    assert "There is a problem" in page.text
    assert not AttendanceMark.objects.exists()


def test_no_file_or_one_too_big_is_refused(staff_client):
    missing = staff_client.post(UPLOAD, {})
    too_big = upload(staff_client, b"UPN,Date,Session,Code,Note\r\n" + b"x" * reading.MAX_IMPORT_BYTES)

    assert missing.status_code == 400
    assert reading.FILE_REQUIRED in missing.text
    assert too_big.status_code == 400
    assert escape(reading.FILE_TOO_BIG) in too_big.text


def test_rows_with_errors_block_the_import_until_staff_skip_them(staff_client, placement, marks_file):
    previewed = carried(upload(staff_client, marks_file))

    blocked = staff_client.post(CONFIRM, {"carried": previewed})

    assert blocked.status_code == 400
    assert escape(services.ROWS_HAVE_ERRORS.format(count=1)) in blocked.text
    assert not AttendanceMark.objects.exists()

    done = staff_client.post(CONFIRM, {"carried": carried(blocked), "skip_errors": "on"})

    assert (done.status_code, done.url) == (302, DONE)
    assert sorted(AttendanceMark.objects.values_list("session", "code")) == [("am", "/"), ("pm", "M")]
    result = staff_client.get(DONE)
    assert result.context["result"] == {"recorded": 2, "corrected": 0, "unchanged": 0, "skipped": 1}


def test_importing_the_same_file_again_reports_every_row_unchanged(staff_client, placement, marks_file):
    for _ in range(2):
        staff_client.post(
            CONFIRM, {"carried": carried(upload(staff_client, marks_file)), "skip_errors": "on"}
        )
    history = logged_changes(placement)

    result = staff_client.get(DONE)

    assert result.context["result"] == {"recorded": 0, "corrected": 0, "unchanged": 2, "skipped": 1}
    assert "Unchanged (already recorded)</th><td>2</td>" in result.text
    assert AttendanceMark.objects.count() == 2
    assert logged_changes(placement) == history
    assert [action for action, _, _ in history].count(marks.MARK_CORRECTED) == 0


def tampered(value):
    text, signature = value.rsplit(":", 1)
    return f"{text}:{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


def test_a_changed_or_another_person_s_preview_is_refused(
    client, staff_client, settings, placement, marks_file
):
    previewed = carried(upload(staff_client, marks_file))
    changed = staff_client.post(CONFIRM, {"carried": tampered(previewed), "skip_errors": "on"})
    missing = staff_client.post(CONFIRM, {"skip_errors": "on"})
    colleague = VerifiedUserFactory(is_staff=True, is_superuser=True)
    client.force_login(colleague)
    someone_else_s = client.post(CONFIRM, {"carried": previewed, "skip_errors": "on"})

    for refused in (changed, missing, someone_else_s):
        assert refused.status_code == 400
        assert escape(screens.NOT_THE_PREVIEWED_FILE) in refused.text
    assert not AttendanceMark.objects.exists()


def test_a_preview_older_than_an_hour_is_refused(staff_client, placement, marks_file, time_machine):
    previewed = carried(upload(staff_client, marks_file))
    time_machine.shift(screens.CARRIED_FOR + 1)

    refused = staff_client.post(CONFIRM, {"carried": previewed, "skip_errors": "on"})

    assert refused.status_code == 400
    assert escape(screens.NOT_THE_PREVIEWED_FILE) in refused.text
    assert not AttendanceMark.objects.exists()


def test_a_preview_the_records_have_moved_on_from_is_shown_again(
    staff_client, placement, marks_file, staff_user
):
    previewed = carried(upload(staff_client, marks_file))
    marks.attendance_record(
        placement=placement,
        day=date(2026, 11, 16),
        session="am",
        code="N",
        user=staff_user,
        source="register",
        kept_by="unit",
    )

    again = staff_client.post(CONFIRM, {"carried": previewed, "skip_errors": "on"})

    assert again.status_code == 400
    assert escape(services.CHANGED_SINCE_PREVIEW) in again.text
    assert "Corrects N" in again.text
    assert list(AttendanceMark.objects.values_list("code", flat=True)) == ["N"]


def test_the_result_page_without_an_import_goes_to_the_upload_page(staff_client):
    response = staff_client.get(DONE)

    assert (response.status_code, response.url) == (302, UPLOAD)
