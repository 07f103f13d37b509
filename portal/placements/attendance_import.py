"""The attendance import: the unit's marks as the school information system exports them, read and checked
row by row before anything is written (`services.attendance_import` writes them).

The one format (shown on the upload page, with an example file, and in the README): a CSV file in UTF-8
(with or without the byte order mark Excel adds), its first row the headings `UPN,Date,Session,Code,Note`
(in any case, with any spacing; Note may be left out), then one row per session. Rows are numbered as a
spreadsheet shows them: the headings are row 1.

`attendance_preview` says of every row what importing it would do (record a new mark, leave the one
recorded as it is, correct it) or why it cannot be imported. A session's own rules (inside the
placement's time at the unit, a school day, not in the future, the unit's register) are
`services.attendance.check_session`'s, so its messages are the ones a row shows. The placements of the
file's pupils, the school year and the marks already recorded are each read once for the whole file.
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from common.errors import DomainError
from portal.placements import selectors
from portal.placements.attendance_codes import CODES
from portal.placements.models.attendance import AttendanceMark, KeptBy, RegisterSession
from portal.placements.models.placements import Placement
from portal.placements.school_days import SchoolCalendar
from portal.placements.services.attendance import UNKNOWN_CODE, check_session, normalised_code
from portal.placements.services.pupil_rules import normalised_upn, upn_check_letter

MAX_IMPORT_BYTES = 1024 * 1024  # a year of sessions for the whole group is about half of it

HEADINGS = ("UPN", "Date", "Session", "Code", "Note")
REQUIRED_HEADINGS = HEADINGS[:-1]
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
SESSIONS = {"AM": RegisterSession.MORNING, "PM": RegisterSession.AFTERNOON}
NOTE_MAX_LENGTH = AttendanceMark._meta.get_field("note").max_length

FILE_REQUIRED = "Select the CSV file to import."
FILE_EMPTY = "The selected file is empty."
FILE_TOO_BIG = "The selected file must be smaller than 1 MB. Import a term at a time."
NOT_CSV = (
    "The selected file is not a CSV file in UTF-8. Save it from the school information system as "
    "CSV UTF-8 (comma-separated values) and upload that."
)
WRONG_HEADINGS = (
    "The first row must be the column headings {expected} (Note may be left out), but this file's first "
    "row is: {found}. No rows were read."
)
NO_ROWS = "The file has its headings but no rows of attendance under them."
TOO_MANY_VALUES = (
    "This row has {count} values, more than the {columns} columns. A note with a comma in it must be in "
    "double quotes."
)
NOTHING_IN = "This row has no {what}."
BAD_DATE = "“{value}” is not a date: write it as 2026-11-23 or 23/11/2026."
BAD_SESSION = "“{value}” is not a session: write AM for the morning or PM for the afternoon."
NOTE_TOO_LONG = f"The note is longer than {NOTE_MAX_LENGTH} characters: shorten it."
NO_PLACEMENT = (
    "No placement at the unit has the UPN {upn}: check it against the placement request (a placement is "
    "matched once the pupil has started)."
)
DUPLICATE = "Row {row} has the same UPN, date and session: each session can be in the file once."


@dataclass(frozen=True)
class Column:
    heading: str
    holds: str
    example: str


_EXAMPLE_UPN = upn_check_letter("820200101001") + "820200101001"
COLUMNS = (
    Column(
        "UPN",
        "The pupil's unique pupil number, as on the placement request (spaces and small letters are fine).",
        _EXAMPLE_UPN,
    ),
    Column("Date", "The day of the session: 2026-11-23 or 23/11/2026.", "2026-11-23"),
    Column("Session", "AM for the morning, PM for the afternoon.", "AM"),
    Column(
        "Code",
        "The national attendance code. / and \\ both mean present: the session's own mark is kept.",
        "/",
    ),
    Column("Note", "The reason, where the code needs one. It may be empty.", ""),
)
EXAMPLE_ROWS = (
    (_EXAMPLE_UPN, "2026-11-23", "AM", "/", ""),
    (_EXAMPLE_UPN, "2026-11-23", "PM", "\\", ""),
    (_EXAMPLE_UPN, "24/11/2026", "AM", "M", "Dentist, back at 11"),
    (_EXAMPLE_UPN, "24/11/2026", "PM", "L", ""),
)


def example_csv() -> str:
    """The example file offered on the upload page."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    writer.writerows(EXAMPLE_ROWS)
    return out.getvalue()


class Outcome(StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"
    CORRECTION = "correction"
    ERROR = "error"


DESCRIBED = {Outcome.NEW: "New mark", Outcome.UNCHANGED: "Already recorded: no change"}


@dataclass
class ImportRow:
    """One row of the file: its values as written, what they mean, and what importing it would do."""

    number: int
    cells: tuple[str, ...]  # UPN, Date, Session, Code, Note, as written
    upn: str = ""
    day: date | None = None
    session: str = ""
    code: str = ""
    note: str = ""
    errors: list[str] = field(default_factory=list)
    duplicate_of: int | None = None  # the earlier row with the same session
    placement: Placement | None = None
    found: Outcome = Outcome.NEW  # once checked: what the records hold for the session
    replaces: str = ""  # for a correction: the code recorded now

    @property
    def session_key(self) -> tuple | None:
        return (self.upn, self.day, self.session) if self.upn and self.day and self.session else None

    @property
    def outcome(self) -> Outcome:
        return Outcome.ERROR if self.errors else self.found

    @property
    def described(self) -> str:
        """What importing the row would do, in words (a row with errors shows them instead)."""
        if self.found == Outcome.CORRECTION:
            return f"Corrects {self.replaces}" if self.replaces != self.code else "Corrects the note"
        return DESCRIBED[self.found]


@dataclass(frozen=True)
class ImportPreview:
    rows: list[ImportRow]
    calendar: SchoolCalendar  # read once, for the checks here and the write

    def _with(self, outcome):
        return [row for row in self.rows if row.outcome == outcome]

    @property
    def valid_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.errors]

    @property
    def error_rows(self) -> list[ImportRow]:
        return self._with(Outcome.ERROR)

    @property
    def new(self) -> int:
        return len(self._with(Outcome.NEW))

    @property
    def unchanged(self) -> int:
        return len(self._with(Outcome.UNCHANGED))

    @property
    def corrections(self) -> int:
        return len(self._with(Outcome.CORRECTION))

    @property
    def digest(self) -> str:
        """A fingerprint of what importing would do, row by row: the confirmation imports only if it is
        still what the preview showed."""
        outcomes = [
            (row.number, row.outcome, row.replaces, getattr(row.placement, "pk", None), row.errors)
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(outcomes).encode()).hexdigest()


def decoded(data: bytes) -> str:
    """The file's text, or a `DomainError` on `file` for one that is empty, binary or not UTF-8."""
    if not data:
        raise DomainError(FILE_EMPTY, field="file")
    if b"\x00" in data:  # no text has one; a spreadsheet, a PDF or an image soon does
        raise DomainError(NOT_CSV, field="file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(NOT_CSV, field="file") from None


def _squeezed(value: str) -> str:
    return "".join(value.split()).casefold()


def _without_trailing_empties(cells: list[str]) -> list[str]:
    # Spreadsheets often end a row with empty cells ("a,b,c,,,"): they are no values.
    cells = list(cells)
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _check_headings(cells: list[str]) -> None:
    cells = [cell.strip() for cell in _without_trailing_empties(cells)]
    if [_squeezed(cell) for cell in cells] not in (
        [_squeezed(heading) for heading in HEADINGS],
        [_squeezed(heading) for heading in REQUIRED_HEADINGS],
    ):
        raise DomainError(
            WRONG_HEADINGS.format(expected=", ".join(HEADINGS), found=", ".join(cells) or "empty"),
            field="file",
        )


def _parsed_date(value: str) -> date | None:
    for each in DATE_FORMATS:
        try:
            return datetime.strptime(value, each).date()
        except ValueError:
            continue
    return None


def parsed_row(number: int, cells: list[str]) -> ImportRow:
    """A row's values read, with what is wrong with any of them (nothing here needs the database)."""
    cells = [cell.strip() for cell in _without_trailing_empties(cells)]
    values = (cells + [""] * len(HEADINGS))[: len(HEADINGS)]
    row = ImportRow(number=number, cells=tuple(values))
    upn, day, session, code, note = values
    if len(cells) > len(HEADINGS):
        row.errors.append(TOO_MANY_VALUES.format(count=len(cells), columns=len(HEADINGS)))
    row.upn = normalised_upn(upn)
    if not row.upn:
        row.errors.append(NOTHING_IN.format(what="UPN"))
    if not day:
        row.errors.append(NOTHING_IN.format(what="date"))
    else:
        row.day = _parsed_date(day)
        if row.day is None:
            row.errors.append(BAD_DATE.format(value=day))
    if not session:
        row.errors.append(NOTHING_IN.format(what="session"))
    else:
        row.session = SESSIONS.get(session.upper(), "")
        if not row.session:
            row.errors.append(BAD_SESSION.format(value=session))
    if not code:
        row.errors.append(NOTHING_IN.format(what="code"))
    elif code.upper() not in CODES:
        row.errors.append(UNKNOWN_CODE.format(code=code))
    else:
        row.code = normalised_code(code, session=row.session) if row.session else code.upper()
    if len(note) > NOTE_MAX_LENGTH:
        row.errors.append(NOTE_TOO_LONG)
    row.note = note
    return row


def parsed_rows(text: str) -> list[ImportRow]:
    """Every row under the headings, read (blank rows left out); a `DomainError` on `file` for wrong
    headings or no rows, and for text that is not CSV."""
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise DomainError(NOT_CSV, field="file") from None
    _check_headings(records[0] if records else [])
    rows = []
    first_row_with = {}
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = parsed_row(number, cells)
        if row.session_key is not None:
            first = first_row_with.setdefault(row.session_key, number)
            if first != number:
                row.duplicate_of = first
                row.errors.append(DUPLICATE.format(row=first))
        rows.append(row)
    if not rows:
        raise DomainError(NO_ROWS, field="file")
    return rows


def _placement_for(placements, day):
    """The pupil's placement whose time at the unit holds `day`, or else the latest (whose check then
    says the day is outside it)."""
    for placement in placements:
        first, last = selectors.unit_period(placement=placement)
        if first <= day <= last:
            return placement
    return placements[0]


def attendance_preview(text: str, *, today: date) -> ImportPreview:
    """What importing the file's `text` would do, row by row, as the records stand; writes nothing."""
    rows = parsed_rows(text)
    calendar = selectors.school_calendar()
    placements_of = selectors.started_placements_by_upn(upns={row.upn for row in rows if row.upn})
    for row in rows:
        if row.session_key is None or row.duplicate_of is not None:
            continue
        placements = placements_of.get(row.upn)
        if not placements:
            row.errors.append(NO_PLACEMENT.format(upn=row.upn))
            continue
        row.placement = _placement_for(placements, row.day)
        try:
            check_session(
                placement=row.placement,
                day=row.day,
                session=row.session,
                kept_by=KeptBy.UNIT,
                calendar=calendar,
                today=today,
            )
        except DomainError as refusal:
            row.errors.append(refusal.message)
    valid = [row for row in rows if not row.errors]
    marks = selectors.attendance_marks_of(
        placements={row.placement for row in valid}, days={row.day for row in valid}
    )
    for row in valid:
        mark = marks.get((row.placement.pk, row.day, row.session))
        if mark is None:
            row.found = Outcome.NEW
        elif (mark.code, mark.note) == (row.code, row.note):
            row.found = Outcome.UNCHANGED
        else:
            row.found, row.replaces = Outcome.CORRECTION, mark.code
    return ImportPreview(rows=rows, calendar=calendar)
