"""Demo attendance: the two school weeks before this one of Riverside's placement, the unit's days taken on
the register and the home school's day recorded in the portal, with a few absences (an illness, a
dentist's appointment, a late arrival, and an absence first marked N and corrected once the reason came
in), all through `services.attendance`. Loaded once, with the placement (`demo._riverside_placement`)."""

from datetime import date

from portal.placements import selectors
from portal.placements.models import KeptBy, MarkSource, Placement
from portal.placements.services.attendance import attendance_record
from portal.schools.models import Membership

PRESENT = ("/", "/", "")
# Each day of the two weeks, in order: (morning, afternoon, note). The home school's weekday is recorded
# as whatever falls on it.
FIRST_WEEK = [PRESENT, PRESENT, ("I", "I", "Unwell: parent phoned at 8.30"), PRESENT, PRESENT]
SECOND_WEEK = [
    ("M", "/", "Dentist's appointment, card seen"),
    PRESENT,
    ("N", "/", ""),
    ("L", "/", ""),
    PRESENT,
]
# The unexplained morning of the second week, corrected once the parent rang.
CORRECTION = ("I", "Parent phoned at 10.40: unwell, back after lunch")


def load_attendance(placement: Placement, *, staff, calendar, today: date, stdout) -> None:
    """Two weeks of marks for `placement`, from the two latest school weeks of it that are over."""
    if placement.attendance.exists():
        return
    weeks = [
        week
        for week in selectors.placement_weeks(placement=placement, calendar=calendar)
        if week.days[-1] < today
    ]
    if len(weeks) < 2:
        return
    home_school = Membership.objects.filter(school=placement.school, is_referrer=True).order_by("pk").first()
    for week, plan in zip(weeks[-2:], (FIRST_WEEK, SECOND_WEEK), strict=True):
        for day, (morning, afternoon, *note) in zip(week.days, plan, strict=False):
            for session, code in (("am", morning), ("pm", afternoon)):
                _record(
                    placement, day, session, code, "".join(note) if code != "/" else "", staff, home_school
                )
    unexplained = weeks[-1].days[2]
    _record(placement, unexplained, "am", CORRECTION[0], CORRECTION[1], staff, home_school)
    stdout.write(f"Recorded two weeks of attendance for Riverside's placement {placement.reference}.")


def _record(placement, day, session, code, note, staff, home_school):
    """A mark in the register that keeps the session: the unit's by staff, the home school's in the portal."""
    at_home = selectors.kept_by_on(placement=placement, day=day) == KeptBy.HOME_SCHOOL
    attendance_record(
        placement=placement,
        day=day,
        session=session,
        code=code,
        note=note,
        user=home_school.user if at_home and home_school else staff,
        source=MarkSource.PORTAL if at_home else MarkSource.REGISTER,
        kept_by=KeptBy.HOME_SCHOOL if at_home else KeptBy.UNIT,
    )
