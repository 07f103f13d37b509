"""Writes with rules for a placed pupil's attendance: one function records one session's mark, whoever
takes it (the unit's register, the import from the school information system, the home school in the
portal), so every rule about a mark is checked in one place.

A session belongs to the unit or to the home school (`selectors.kept_by_on`): the home school keeps the
register on its weekday, the unit on the others, from the first day at the unit to the last (or the day
the placement ended, if earlier). Recording the same code again changes nothing, so a register saved twice or
a file imported twice leaves the records as they were; a different code is a correction, kept on the
placement's history with what it replaced.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from common.audit import record_change
from common.errors import DomainError
from portal.placements import selectors
from portal.placements.attendance_codes import CODES
from portal.placements.models.attendance import AttendanceMark, KeptBy, RegisterSession
from portal.placements.models.placements import Placement, PlacementStatus
from portal.placements.services.placements import long_date

MARK_CORRECTED = "placements.attendance_corrected"
CHANGE_LABELS = {MARK_CORRECTED: "Attendance corrected"}

UNKNOWN_CODE = "“{code}” is not one of the national attendance codes."
UNKNOWN_SESSION = "Choose the morning or the afternoon session."
NOT_STARTED = "Placement {reference} has not started: its attendance is recorded from its first day."
OUTSIDE_PLACEMENT = (
    "{day} is outside placement {reference}'s time at the unit ({first} to {last}): "
    "there is no session to record."
)
NOT_A_SCHOOL_DAY = "{day} is not a school day ({why}): there is no session to record."
IN_THE_FUTURE = "{day} has not come yet: a register is taken on the day."
HOME_SCHOOLS_SESSION = "{day} is the pupil's day at the home school: the home school records it."
UNITS_SESSION = "{day} is a day at the unit: the unit records it."
# "/" is the morning's mark and "\" the afternoon's: whichever is typed, the session's own is stored.
PRESENT_MARKS = {RegisterSession.MORNING: "/", RegisterSession.AFTERNOON: "\\"}


@dataclass(frozen=True)
class Recorded:
    mark: AttendanceMark
    changed: bool  # False when the session already had this code and note


def normalised_code(code: str, *, session: str) -> str:
    """The code as stored: upper case, trimmed, and the session's own present mark for "/" or "\\"."""
    code = (code or "").strip().upper()
    if code in PRESENT_MARKS.values():
        return PRESENT_MARKS[session]
    return code


def check_session(*, placement, day: date, session: str, kept_by: str, calendar=None, today=None) -> None:
    """Refuse (with a `DomainError` on the field at fault) a session that is not there to record, or
    that is the other register's."""
    if session not in RegisterSession.values:
        raise DomainError(UNKNOWN_SESSION, field="session")
    if placement.status in (PlacementStatus.PLANNED, PlacementStatus.CANCELLED):
        raise DomainError(NOT_STARTED.format(reference=placement.reference), field="date")
    first, last = selectors.unit_period(placement=placement)
    if not first <= day <= last:
        raise DomainError(
            OUTSIDE_PLACEMENT.format(
                day=long_date(day),
                reference=placement.reference,
                first=long_date(first),
                last=long_date(last),
            ),
            field="date",
        )
    if day > (today or timezone.localdate()):
        raise DomainError(IN_THE_FUTURE.format(day=long_date(day)), field="date")
    closed = (calendar or selectors.school_calendar()).closed_because(day)
    if closed is not None:
        raise DomainError(NOT_A_SCHOOL_DAY.format(day=long_date(day), why=closed), field="date")
    if selectors.kept_by_on(placement=placement, day=day) != kept_by:
        message = HOME_SCHOOLS_SESSION if kept_by == KeptBy.UNIT else UNITS_SESSION
        raise DomainError(message.format(day=long_date(day)), field="date")


@transaction.atomic
def attendance_record(
    *,
    placement,
    day: date,
    session: str,
    code: str,
    user,
    source: str,
    kept_by: str,
    note: str = "",
    calendar=None,
) -> Recorded:
    """Record `code` for the pupil's `session` on `day`, in the register `kept_by` keeps (the unit's or
    the home school's), from `source`. `calendar` (the `SchoolCalendar`) may be passed by a caller
    recording many sessions, so it is read once."""
    code = normalised_code(code, session=session)
    if code not in CODES:
        raise DomainError(UNKNOWN_CODE.format(code=code), field="code")
    note = (note or "").strip()[:255]
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    check_session(placement=placement, day=day, session=session, kept_by=kept_by, calendar=calendar)
    mark = AttendanceMark.objects.filter(placement=placement, date=day, session=session).first()
    if mark is not None and (mark.code, mark.note) == (code, note):
        return Recorded(mark=mark, changed=False)
    if mark is None:
        mark = AttendanceMark.objects.create(
            placement=placement,
            date=day,
            session=session,
            kept_by=kept_by,
            code=code,
            note=note,
            source=source,
            recorded_by=user,
        )
        return Recorded(mark=mark, changed=True)
    before = mark.code
    mark.code, mark.note, mark.source, mark.recorded_by = code, note, source, user
    mark.recorded_at = timezone.now()
    mark.save(update_fields=["code", "note", "source", "recorded_by", "recorded_at"])
    record_change(
        instance=placement,
        action=MARK_CORRECTED,
        user=user,
        from_=before,
        to=code,
        about=f"{long_date(day)}, {mark.get_session_display().lower()}",
        why=note,
    )
    return Recorded(mark=mark, changed=True)
