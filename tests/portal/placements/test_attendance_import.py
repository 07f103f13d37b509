"""The attendance import's rules: the one CSV format (headings in any case and spacing, UTF-8 with or
without a byte order mark, dates as 2026-11-16 or 16/11/2026), every row's error by its row (wrong
headings refuse the whole file), what importing each valid row would do (new, unchanged, a correction),
and the write: valid rows only, in one go, and the same file twice changes nothing."""

from datetime import date

import pytest

from common.errors import DomainError
from portal.placements import attendance_import as reading
from portal.placements.attendance_import import Outcome, attendance_preview
from portal.placements.factories import ClosureDayFactory, PanelDecisionFactory, PlacementCapacityFactory
from portal.placements.models import AttendanceMark
from portal.placements.models.attendance import KeptBy, MarkSource
from portal.placements.services import attendance as marks
from portal.placements.services import attendance_import as services
from portal.placements.services import placements as placement_services
from portal.placements.services.pupil_rules import upn_check_letter
from tests.portal.placements.conftest import TODAY, start_placement
from tests.workflows import logged_changes

HEADINGS = "UPN,Date,Session,Code,Note"


def csv_of(*rows, headings=HEADINGS):
    return "\r\n".join([headings, *rows]) + "\r\n"


def upn_of(digits):
    return upn_check_letter(digits) + digits


@pytest.fixture
def placement(school_year, offer, staff_user):
    """Offer's placement, under way since Monday 7 September 2026, Thursdays at the home school."""
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    placement = start_placement(offer, staff_user)
    return placement_services.placement_start(placement=placement, user=staff_user)


@pytest.fixture
def upn(placement):
    return placement.request.upn


def another_placement(upn, user, *, started=True):
    """A placement at another school for the pupil with `upn`, started unless said."""
    placement = start_placement(PanelDecisionFactory(request__upn=upn), user)
    return placement_services.placement_start(placement=placement, user=user) if started else placement


def preview(text):
    return attendance_preview(text, today=TODAY)


def errors_of(text):
    """Each row's number and its errors, for a file read against the records."""
    return [(row.number, row.errors) for row in preview(text).rows]


def refusal_of(data):
    with pytest.raises(DomainError) as refused:
        reading.parsed_rows(reading.decoded(data))
    return refused.value


# The file --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headings",
    [
        "UPN,Date,Session,Code,Note",
        "upn, date ,SESSION,code,note",
        "UPN,Date,Session,Code",
        "UPN,Date,Session,Code,Note,,",
    ],
)
def test_the_headings_may_differ_in_case_and_spacing_and_the_note_may_be_left_out(headings):
    rows = reading.parsed_rows(csv_of("A820200101001,2026-11-16,AM,/", headings=headings))

    assert [(row.number, row.upn, row.day, row.session, row.code, row.errors) for row in rows] == [
        (2, "A820200101001", date(2026, 11, 16), "am", "/", [])
    ]


def test_a_byte_order_mark_is_not_part_of_the_first_heading():
    text = reading.decoded(("\ufeff" + csv_of("A820200101001,16/11/2026,pm,\\,")).encode())

    assert reading.parsed_rows(text)[0].cells == ("A820200101001", "16/11/2026", "pm", "\\", "")


def test_wrong_headings_refuse_the_whole_file_naming_what_was_expected_and_found():
    refusal = refusal_of(csv_of("A820200101001,2026-11-16,AM,/,", headings="Pupil,Day,AM/PM,Mark").encode())

    assert refusal.field == "file"
    assert refusal.message == reading.WRONG_HEADINGS.format(
        expected="UPN, Date, Session, Code, Note", found="Pupil, Day, AM/PM, Mark"
    )
    assert "No rows were read." in refusal.message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", reading.FILE_EMPTY),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", reading.NOT_CSV),  # a spreadsheet (.xlsx)
        (
            "UPN,Date,Session,Code,Note\r\nA820200101001,2026-11-16,AM,M,Caf\u00e9\r\n".encode("cp1252"),
            reading.NOT_CSV,
        ),
        (HEADINGS.encode() + b"\r\n", reading.NO_ROWS),
        (HEADINGS.encode() + b"\r\n\r\n,,,,\r\n", reading.NO_ROWS),
    ],
)
def test_a_file_that_is_empty_binary_not_utf_8_or_without_rows_is_refused(data, message):
    refusal = refusal_of(data)

    assert (refusal.field, refusal.message) == ("file", message)


# Each row's values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "error"),
    [
        ("A820200101001,2026-02-30,AM,/,", reading.BAD_DATE.format(value="2026-02-30")),
        ("A820200101001,11/16/2026,AM,/,", reading.BAD_DATE.format(value="11/16/2026")),
        ("A820200101001,Monday,AM,/,", reading.BAD_DATE.format(value="Monday")),
        ("A820200101001,2026-11-16,Morning,/,", reading.BAD_SESSION.format(value="Morning")),
        ("A820200101001,2026-11-16,AM,Q9,", marks.UNKNOWN_CODE.format(code="Q9")),
        (",2026-11-16,AM,/,", reading.NOTHING_IN.format(what="UPN")),
        ("A820200101001,,AM,/,", reading.NOTHING_IN.format(what="date")),
        ("A820200101001,2026-11-16,,/,", reading.NOTHING_IN.format(what="session")),
        ("A820200101001,2026-11-16,AM,,", reading.NOTHING_IN.format(what="code")),
        (
            "A820200101001,2026-11-16,AM,M,Dentist,back at 11",
            reading.TOO_MANY_VALUES.format(count=6, columns=5),
        ),
        (f"A820200101001,2026-11-16,AM,M,{'x' * 256}", reading.NOTE_TOO_LONG),
    ],
)
def test_a_bad_value_is_an_error_on_its_row(row, error):
    rows = reading.parsed_rows(csv_of("A820200101001,2026-11-17,AM,/,", row))

    assert [(row.number, row.errors) for row in rows] == [(2, []), (3, [error])]


def test_every_error_of_a_row_is_given():
    (row,) = reading.parsed_rows(csv_of("A820200101001,31/31/2026,noon,ZZ,"))

    assert row.errors == [
        reading.BAD_DATE.format(value="31/31/2026"),
        reading.BAD_SESSION.format(value="noon"),
        marks.UNKNOWN_CODE.format(code="ZZ"),
    ]


def test_a_present_mark_is_the_session_s_own_and_a_code_is_read_in_capitals():
    rows = reading.parsed_rows(
        csv_of(
            "A820200101001,2026-11-16,AM,\\,",
            "A820200101001,2026-11-16,pm,/,",
            "A820200101001,2026-11-17,AM,m,",
        )
    )

    assert [row.code for row in rows] == ["/", "\\", "M"]


def test_a_session_twice_in_the_file_is_an_error_on_the_later_row():
    rows = reading.parsed_rows(
        csv_of(
            "A820200101001,2026-11-16,AM,/,",
            "A820200101001,2026-11-16,PM,\\,",
            "",  # a blank row still counts, as a spreadsheet numbers it
            "a820 2001 01001,16/11/2026,am,N,",
        )
    )

    assert [(row.number, row.errors) for row in rows] == [
        (2, []),
        (3, []),
        (5, [reading.DUPLICATE.format(row=2)]),
    ]


# Each row against the records -------------------------------------------------------------------------


def test_a_upn_is_matched_in_capitals_without_spaces(upn, placement):
    spaced = f"{upn[:4].lower()} {upn[4:8]} {upn[8:]}"

    (row,) = preview(csv_of(f"{spaced},2026-11-16,AM,/,")).rows

    assert (row.placement, row.outcome, row.errors) == (placement, Outcome.NEW, [])


def test_a_upn_that_matches_no_started_placement_is_an_error(upn, placement, staff_user):
    other = upn_of("820200101002")
    planned = upn_of("820200101003")
    another_placement(planned, staff_user, started=False)

    assert errors_of(csv_of(f"{other},2026-11-16,AM,/,", f"{planned},2026-11-16,AM,/,")) == [
        (2, [reading.NO_PLACEMENT.format(upn=other)]),
        (3, [reading.NO_PLACEMENT.format(upn=planned)]),
    ]


def test_a_session_the_unit_cannot_record_has_the_session_rule_s_own_message(upn, placement):
    ClosureDayFactory(date=date(2026, 11, 20), reason="INSET day")

    assert errors_of(
        csv_of(
            f"{upn},2026-09-04,AM,/,",
            f"{upn},2026-10-27,AM,/,",
            f"{upn},2026-11-20,AM,/,",
            f"{upn},2026-11-19,AM,/,",
            f"{upn},2026-11-23,AM,/,",
        )
    ) == [
        (
            2,
            [
                marks.OUTSIDE_PLACEMENT.format(
                    day="4 September 2026",
                    reference=placement.reference,
                    first="7 September 2026",
                    last=f"{placement.last_day_at_unit.day} December 2026",
                )
            ],
        ),
        (3, [marks.NOT_A_SCHOOL_DAY.format(day="27 October 2026", why="half term")]),
        (4, [marks.NOT_A_SCHOOL_DAY.format(day="20 November 2026", why="INSET day")]),
        (5, [marks.HOME_SCHOOLS_SESSION.format(day="19 November 2026")]),
        (6, [marks.IN_THE_FUTURE.format(day="23 November 2026")]),
    ]


def test_an_ended_placement_takes_marks_up_to_the_day_it_ended(upn, placement, staff_user):
    placement_services.placement_end(
        placement=placement, user=staff_user, outcome="returned_early", ended_on=date(2026, 11, 13)
    )

    assert errors_of(csv_of(f"{upn},2026-11-13,PM,\\,", f"{upn},2026-11-16,AM,/,")) == [
        (2, []),
        (
            3,
            [
                marks.OUTSIDE_PLACEMENT.format(
                    day="16 November 2026",
                    reference=placement.reference,
                    first="7 September 2026",
                    last="13 November 2026",
                )
            ],
        ),
    ]


def record(placement, user, day, code, *, session="am", note=""):
    return marks.attendance_record(
        placement=placement,
        day=day,
        session=session,
        code=code,
        note=note,
        user=user,
        source=MarkSource.REGISTER,
        kept_by=KeptBy.UNIT,
    )


def test_each_valid_row_says_whether_it_is_new_unchanged_or_a_correction(upn, placement, staff_user):
    record(placement, staff_user, date(2026, 11, 16), "/")
    record(placement, staff_user, date(2026, 11, 17), "N")
    record(placement, staff_user, date(2026, 11, 18), "M")

    rows = preview(
        csv_of(
            f"{upn},2026-11-16,AM,/,",
            f"{upn},2026-11-17,AM,I,Flu",
            f"{upn},2026-11-18,AM,M,Dentist",
            f"{upn},2026-11-18,PM,/,",
        )
    ).rows

    assert [(row.outcome, row.replaces, row.described) for row in rows] == [
        (Outcome.UNCHANGED, "", "Already recorded: no change"),
        (Outcome.CORRECTION, "N", "Corrects N"),
        (Outcome.CORRECTION, "M", "Corrects the note"),
        (Outcome.NEW, "", "New mark"),
    ]


def test_a_pupil_placed_twice_has_each_row_matched_to_the_placement_of_its_day(
    upn, placement, staff_user, school
):
    placement_services.placement_end(
        placement=placement, user=staff_user, outcome="returned_early", ended_on=date(2026, 10, 2)
    )
    again = start_placement(
        PanelDecisionFactory(request__school=school, request__upn=upn),
        staff_user,
        starts_on=date(2026, 11, 2),
    )
    placement_services.placement_start(placement=again, user=staff_user)

    rows = preview(
        csv_of(f"{upn},2026-09-14,AM,/,", f"{upn},2026-11-16,AM,/,", f"{upn},2026-10-20,AM,/,")
    ).rows

    assert [(row.placement, row.errors) for row in rows] == [
        (placement, []),
        (again, []),
        (
            again,
            [
                marks.OUTSIDE_PLACEMENT.format(
                    day="20 October 2026",
                    reference=again.reference,
                    first="2 November 2026",
                    last=placement_services.long_date(again.last_day_at_unit),
                )
            ],
        ),
    ]


def test_the_records_are_read_once_for_the_whole_file(upn, placement, staff_user, django_assert_num_queries):
    second = upn_of("820200101002")
    another_placement(second, staff_user)
    days = [date(2026, 11, day) for day in (9, 10, 11, 13, 16, 17, 18)]
    rows = [
        f"{each},{day},{session},/," for each in (upn, second) for day in days for session in ("AM", "PM")
    ]

    # The school year (terms, closure days), the placements with their dates, the marks: nothing a row.
    with django_assert_num_queries(5):
        checked = preview(csv_of(*rows))

    assert len(checked.valid_rows) == 28


# The write --------------------------------------------------------------------------------------------


def import_file(text, user, *, skip_errors=False):
    return services.attendance_import(
        text=text, user=user, previewed=preview(text).digest, skip_errors=skip_errors
    )


def test_the_valid_rows_are_recorded_as_imported_by_the_unit(upn, placement, staff_user):
    result = import_file(csv_of(f"{upn},2026-11-16,AM,/,", f"{upn},16/11/2026,PM,M,Dentist"), staff_user)

    assert result == services.ImportResult(recorded=2, corrected=0, unchanged=0, skipped=0)
    assert list(
        AttendanceMark.objects.values_list(
            "date", "session", "code", "note", "kept_by", "source", "recorded_by"
        )
    ) == [
        (date(2026, 11, 16), "am", "/", "", KeptBy.UNIT, MarkSource.IMPORT, staff_user.pk),
        (date(2026, 11, 16), "pm", "M", "Dentist", KeptBy.UNIT, MarkSource.IMPORT, staff_user.pk),
    ]


def test_importing_the_same_file_twice_changes_nothing(upn, placement, staff_user):
    text = csv_of(f"{upn},2026-11-16,AM,/,", f"{upn},2026-11-16,PM,N,", f"{upn},2026-11-17,AM,I,Flu")
    import_file(text, staff_user)
    before = list(AttendanceMark.objects.values_list("pk", "code", "note", "recorded_at"))
    history = logged_changes(placement)

    again = import_file(text, staff_user)

    assert again == services.ImportResult(recorded=0, corrected=0, unchanged=3, skipped=0)
    assert list(AttendanceMark.objects.values_list("pk", "code", "note", "recorded_at")) == before
    assert logged_changes(placement) == history


def test_a_correction_is_kept_on_the_placement_s_history(upn, placement, staff_user):
    import_file(csv_of(f"{upn},2026-11-16,AM,N,"), staff_user)

    result = import_file(csv_of(f"{upn},2026-11-16,AM,M,Dentist"), staff_user)

    assert result == services.ImportResult(recorded=0, corrected=1, unchanged=0, skipped=0)
    action, who, data = logged_changes(placement)[-1]
    assert (action, who, data["from"], data["to"]) == (marks.MARK_CORRECTED, staff_user, "N", "M")


def test_rows_with_errors_block_the_import_unless_staff_skip_them(upn, placement, staff_user):
    text = csv_of(f"{upn},2026-11-16,AM,/,", f"{upn},2026-11-19,AM,/,", f"{upn},2026-11-16,AM,N,")

    with pytest.raises(DomainError) as refused:
        import_file(text, staff_user)
    assert (refused.value.field, refused.value.message) == (
        "skip_errors",
        services.ROWS_HAVE_ERRORS.format(count=2),
    )
    assert not AttendanceMark.objects.exists()

    result = import_file(text, staff_user, skip_errors=True)

    assert result == services.ImportResult(recorded=1, corrected=0, unchanged=0, skipped=2)
    assert list(AttendanceMark.objects.values_list("code", flat=True)) == ["/"]


def test_a_file_with_no_valid_row_imports_nothing(upn, placement, staff_user):
    with pytest.raises(DomainError, match="No row of the file can be imported"):
        import_file(csv_of(f"{upn},2026-11-19,AM,/,"), staff_user, skip_errors=True)


def test_the_import_is_refused_if_the_records_changed_since_the_preview(upn, placement, staff_user):
    text = csv_of(f"{upn},2026-11-16,AM,/,", f"{upn},2026-11-17,AM,/,")
    previewed = preview(text).digest
    record(placement, staff_user, date(2026, 11, 17), "N")

    with pytest.raises(DomainError) as refused:
        services.attendance_import(text=text, user=staff_user, previewed=previewed, skip_errors=False)

    assert refused.value.message == services.CHANGED_SINCE_PREVIEW
    assert list(AttendanceMark.objects.values_list("code", flat=True)) == ["N"]


def test_the_example_file_is_in_the_format_it_documents():
    rows = reading.parsed_rows(reading.decoded(reading.example_csv().encode()))

    assert [row.errors for row in rows] == [[]] * len(reading.EXAMPLE_ROWS)
    assert reading.example_csv().splitlines()[0] == HEADINGS
