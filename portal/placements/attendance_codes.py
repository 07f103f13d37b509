"""The national attendance and absence codes of the School Attendance (Pupil Registration) (England)
Regulations 2024 (regulation 10 and its tables), as plain data: each code, what it means in the
regulations' order, and how the DfE's statistics count it.

The DfE works attendance out as the sessions attended (present, or at an approved educational
activity) over the possible sessions: every session except those where attendance was not required
(codes X, Q, Y1 to Y7, Z and #) and those the pupil spent at another school where they are also
registered (D), which that school records. `attendance_figures` does it for a set of codes.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Counted(StrEnum):
    PRESENT = "present"
    APPROVED_ACTIVITY = "approved activity"  # away from the school, but attending: counts as present
    AUTHORISED = "authorised absence"
    UNAUTHORISED = "unauthorised absence"
    NOT_REQUIRED = "attendance not required"  # not a possible session
    ELSEWHERE = "at another school"  # dual registration: the other school's session


@dataclass(frozen=True)
class AttendanceCode:
    code: str
    meaning: str
    counted: Counted

    @property
    def attended(self) -> bool:
        return self.counted in (Counted.PRESENT, Counted.APPROVED_ACTIVITY)

    @property
    def possible(self) -> bool:
        return self.counted not in (Counted.NOT_REQUIRED, Counted.ELSEWHERE)

    @property
    def absent(self) -> bool:
        return self.counted in (Counted.AUTHORISED, Counted.UNAUTHORISED)


_P, _A = Counted.PRESENT, Counted.APPROVED_ACTIVITY
_AUTH, _UNAUTH, _NR = Counted.AUTHORISED, Counted.UNAUTHORISED, Counted.NOT_REQUIRED

CODES = {
    each.code: each
    for each in (
        AttendanceCode("/", "Present (morning session)", _P),
        AttendanceCode("\\", "Present (afternoon session)", _P),
        AttendanceCode("L", "Late, arriving before the register closed", _P),
        AttendanceCode("K", "Attending education provision arranged by the local authority", _A),
        AttendanceCode("V", "Attending an educational visit or trip", _A),
        AttendanceCode("P", "Participating in a supervised sporting activity", _A),
        AttendanceCode("W", "Attending work experience", _A),
        AttendanceCode("B", "Attending any other approved educational activity", _A),
        AttendanceCode(
            "D",
            "Dual registered: attending the other school where the pupil is registered",
            Counted.ELSEWHERE,
        ),
        AttendanceCode(
            "C1", "Leave of absence to take part in a regulated performance or employment abroad", _AUTH
        ),
        AttendanceCode("M", "Leave of absence for a medical or dental appointment", _AUTH),
        AttendanceCode("J1", "Leave of absence for an interview", _AUTH),
        AttendanceCode("S", "Leave of absence for study leave", _AUTH),
        AttendanceCode("X", "Non-compulsory school age pupil not required to attend", _NR),
        AttendanceCode(
            "C2", "Leave of absence: a compulsory school age pupil on a part-time timetable", _AUTH
        ),
        AttendanceCode("C", "Leave of absence for exceptional circumstances", _AUTH),
        AttendanceCode("T", "Parent travelling for occupational purposes", _AUTH),
        AttendanceCode("R", "Religious observance", _AUTH),
        AttendanceCode("I", "Illness (not medical or dental appointment)", _AUTH),
        AttendanceCode("E", "Suspended or permanently excluded, with no alternative provision made", _AUTH),
        AttendanceCode("G", "Holiday not granted by the school", _UNAUTH),
        AttendanceCode("U", "Arrived in school after the register closed", _UNAUTH),
        AttendanceCode("O", "Absent in other or unknown circumstances", _UNAUTH),
        AttendanceCode("N", "Absent: reason not yet established", _UNAUTH),
        AttendanceCode("Q", "Unable to attend because of a lack of access arrangements", _NR),
        AttendanceCode("Y1", "Unable to attend because transport normally provided is not available", _NR),
        AttendanceCode("Y2", "Unable to attend because of widespread disruption to travel", _NR),
        AttendanceCode("Y3", "Unable to attend because part of the school premises is closed", _NR),
        AttendanceCode("Y4", "Unable to attend because the whole school site is unexpectedly closed", _NR),
        AttendanceCode("Y5", "Unable to attend because the pupil is in criminal justice detention", _NR),
        AttendanceCode("Y6", "Unable to attend in accordance with public health guidance or law", _NR),
        AttendanceCode("Y7", "Unable to attend because of any other unavoidable cause", _NR),
        AttendanceCode("Z", "Prospective pupil not on the admission register", _NR),
        AttendanceCode("#", "Planned whole-school closure", _NR),
    )
}
CODE_CHOICES = [(each.code, f"{each.code}: {each.meaning}") for each in CODES.values()]
CODE_MAX_LENGTH = max(len(code) for code in CODES)

# "Absent without a reason": what the register shows when nobody has said why the pupil is not there.
NO_REASON_YET = "N"
# The absences nobody has explained: the reason not yet known, or unknown circumstances.
UNEXPLAINED = frozenset({NO_REASON_YET, "O"})
# What a home school enters for a session at the unit (`selectors.home_school_code`).
DUAL_REGISTERED_CODE = "D"
APPROVED_ACTIVITY_CODE = "B"


@dataclass(frozen=True)
class AttendanceFigures:
    possible: int
    attended: int
    authorised: int
    unauthorised: int

    @property
    def percentage(self) -> float | None:
        """Attendance as the DfE works it out, to one decimal place; None before any possible session."""
        return round(100 * self.attended / self.possible, 1) if self.possible else None


def attendance_figures(codes: Iterable[str]) -> AttendanceFigures:
    """The DfE's figures for a run of recorded codes (unknown codes are not counted)."""
    return attendance_figures_of_counts(Counter(codes))


def attendance_figures_of_counts(sessions_by_code: Mapping[str, int]) -> AttendanceFigures:
    """The DfE's figures for the number of sessions recorded with each code (unknown codes are not
    counted), as a database counts them."""
    counts = Counter()
    for code, sessions in sessions_by_code.items():
        if code in CODES:
            counts[CODES[code].counted] += sessions
    return AttendanceFigures(
        possible=sum(n for counted, n in counts.items() if counted not in (_NR, Counted.ELSEWHERE)),
        attended=counts[_P] + counts[_A],
        authorised=counts[_AUTH],
        unauthorised=counts[_UNAUTH],
    )
