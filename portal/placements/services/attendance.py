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
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from portal.placements import selectors
from portal.placements.attendance_codes import CODES
from portal.placements.models.attendance import AbsenceAlert, AttendanceMark, KeptBy, RegisterSession
from portal.placements.models.placements import Placement
from portal.placements.models.terms import PlacementTerms
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
MARKS_REFUSED = "{count} mark(s) could not be recorded, so nothing was saved."
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
        # An unknown session keeps the code as typed: `check_session` refuses the session itself.
        return PRESENT_MARKS.get(session, code)
    return code


def check_session(*, placement, day: date, session: str, kept_by: str, calendar=None, today=None) -> None:
    """Refuse (with a `DomainError` on the field at fault) a session that is not there to record, or
    that is the other register's."""
    if session not in RegisterSession.values:
        raise DomainError(UNKNOWN_SESSION, field="session")
    if placement.status in selectors.UNSTARTED_STATUSES:
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


@dataclass(frozen=True)
class Entry:
    """One session's mark to record: for `attendance_record_all`."""

    placement: Placement
    day: date
    session: str
    code: str
    note: str = ""


class MarksRefused(DomainError):
    """Some marks of a register were refused, so none was recorded; `refusals` holds each refused
    `Entry` with its `DomainError`."""

    def __init__(self, refusals):
        super().__init__(MARKS_REFUSED.format(count=len(refusals)))
        self.refusals = refusals


@transaction.atomic
def attendance_record_all(*, entries, user, source: str, kept_by: str, calendar=None) -> list[Recorded]:
    """Record every entry (a whole register), or none: each is checked by `attendance_record`, and if any
    is refused the lot is rolled back and `MarksRefused` names every refusal, not just the first."""
    calendar = calendar or selectors.school_calendar()
    recorded, refusals = [], []
    for entry in entries:
        try:
            recorded.append(
                attendance_record(
                    placement=entry.placement,
                    day=entry.day,
                    session=entry.session,
                    code=entry.code,
                    note=entry.note,
                    user=user,
                    source=source,
                    kept_by=kept_by,
                    calendar=calendar,
                )
            )
        except DomainError as error:
            refusals.append((entry, error))
    if refusals:
        raise MarksRefused(refusals)
    return recorded


# The unexplained absence alert ---------------------------------------------------------------------------


def absence_alerts_send(*, now: datetime) -> int:
    """On a school day, once it is past the terms' alert time (London time): tell the home school's
    safeguarding lead and key worker of each pupil due at the unit today whose morning is unmarked or
    marked absent without a reason. Each placement is told once a day, however often this runs (its
    `AbsenceAlert` is created in the transaction that queues the emails); returns how many were told."""
    local = timezone.localtime(now)
    today = local.date()
    calendar = selectors.school_calendar()
    alert_at = PlacementTerms.load().unexplained_absence_alert_at
    if not calendar.is_school_day(today) or local.time() < alert_at:
        return 0
    told = 0
    for placement in selectors.unexplained_absences_on(day=today, calendar=calendar):
        with transaction.atomic():
            _, created = AbsenceAlert.objects.get_or_create(placement=placement, date=today)
            if not created:
                continue
            context = {
                "reference": placement.reference,
                "day": today,
                "alert_at": alert_at,
                "url": selectors.placement_attendance_url(placement=placement),
            }
            for email in dict.fromkeys([placement.dsl_email, placement.key_worker_email]):
                send_after_commit("placements/email/absence_alert", to=email, context=context)
            told += 1
    return told
