"""One service records a session's mark, whoever takes it: the national codes only ("/" for present in
either session, in any case), only for a session of the placement's time at the unit that has come, on a
school day, in the register that keeps it; the same code twice changes nothing, and a correction is kept
on the placement's history. A whole register is recorded at once or not at all."""

from datetime import date

import pytest

from common.errors import DomainError
from portal.placements.factories import ClosureDayFactory, PlacementCapacityFactory
from portal.placements.models import AttendanceMark, KeptBy, MarkSource
from portal.placements.services import attendance as services
from portal.placements.services.placements import placement_start
from tests.portal.placements.conftest import start_placement
from tests.workflows import logged_changes

MONDAY = date(2026, 11, 16)  # a day at the unit; Thursdays are at the home school
THURSDAY = date(2026, 11, 19)


@pytest.fixture
def planned(school_year, offer, staff_user):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    return start_placement(offer, staff_user)


@pytest.fixture
def placement(planned, staff_user):
    """Under way since Monday 7 September 2026; its last day at the unit is Friday 4 December."""
    return placement_start(placement=planned, user=staff_user)


def record(placement, user, *, day=MONDAY, session="am", code="/", kept_by=KeptBy.UNIT, note=""):
    return services.attendance_record(
        placement=placement,
        day=day,
        session=session,
        code=code,
        note=note,
        user=user,
        source=MarkSource.REGISTER,
        kept_by=kept_by,
    )


def test_a_mark_is_recorded_in_the_register_that_keeps_the_session(placement, staff_user):
    recorded = record(placement, staff_user, code=" l ")

    mark = AttendanceMark.objects.get()
    assert recorded.changed
    assert (mark.date, mark.session, mark.code, mark.kept_by, mark.source, mark.recorded_by) == (
        MONDAY,
        "am",
        "L",
        KeptBy.UNIT,
        MarkSource.REGISTER,
        staff_user,
    )


@pytest.mark.parametrize(
    ("session", "typed", "stored"), [("am", "/", "/"), ("pm", "/", "\\"), ("am", "\\", "/")]
)
def test_present_is_the_session_s_own_mark_whichever_slash_is_typed(
    placement, staff_user, session, typed, stored
):
    record(placement, staff_user, session=session, code=typed)

    assert AttendanceMark.objects.get().code == stored


def test_the_home_school_records_its_own_weekday(placement, staff_user):
    record(placement, staff_user, day=THURSDAY, code="u", kept_by=KeptBy.HOME_SCHOOL)

    assert AttendanceMark.objects.get().kept_by == KeptBy.HOME_SCHOOL


@pytest.mark.parametrize(
    ("day", "session", "code", "kept_by", "field", "message"),
    [
        (MONDAY, "am", "Q9", KeptBy.UNIT, "code", "“Q9” is not one of the national attendance codes."),
        (MONDAY, "am", "", KeptBy.UNIT, "code", "“” is not one of the national attendance codes."),
        (MONDAY, "evening", "/", KeptBy.UNIT, "session", services.UNKNOWN_SESSION),
        (
            date(2026, 9, 4),
            "am",
            "/",
            KeptBy.UNIT,
            "date",
            "4 September 2026 is outside placement PL-{pk:05d}'s time at the unit (7 September 2026 to "
            "4 December 2026): there is no session to record.",
        ),
        (
            date(2026, 12, 7),
            "am",
            "/",
            KeptBy.UNIT,
            "date",
            "7 December 2026 is outside placement PL-{pk:05d}'s time at the unit (7 September 2026 to "
            "4 December 2026): there is no session to record.",
        ),
        (
            date(2026, 11, 20),
            "am",
            "/",
            KeptBy.UNIT,
            "date",
            "20 November 2026 is not a school day (INSET day): there is no session to record.",
        ),
        (
            date(2026, 10, 27),
            "am",
            "/",
            KeptBy.UNIT,
            "date",
            "27 October 2026 is not a school day (half term): there is no session to record.",
        ),
        (
            date(2026, 11, 23),
            "am",
            "/",
            KeptBy.UNIT,
            "date",
            "23 November 2026 has not come yet: a register is taken on the day.",
        ),
        (
            THURSDAY,
            "pm",
            "/",
            KeptBy.UNIT,
            "date",
            "19 November 2026 is the pupil's day at the home school: the home school records it.",
        ),
        (
            MONDAY,
            "pm",
            "/",
            KeptBy.HOME_SCHOOL,
            "date",
            "16 November 2026 is a day at the unit: the unit records it.",
        ),
    ],
)
def test_a_mark_that_breaks_a_rule_is_refused_and_nothing_is_recorded(
    placement, staff_user, frozen_today, day, session, code, kept_by, field, message
):
    ClosureDayFactory(date=date(2026, 11, 20), reason="INSET day")

    with pytest.raises(DomainError) as refused:
        record(placement, staff_user, day=day, session=session, code=code, kept_by=kept_by)

    assert (refused.value.field, refused.value.message) == (field, message.format(pk=placement.pk))
    assert not AttendanceMark.objects.exists()


def test_a_placement_not_yet_started_has_no_sessions(planned, staff_user, frozen_today):
    with pytest.raises(DomainError) as refused:
        record(planned, staff_user)

    assert (
        refused.value.message
        == f"Placement {planned.reference} has not started: its attendance is recorded from its first day."
    )
    assert not AttendanceMark.objects.exists()


def test_the_same_code_twice_changes_nothing(placement, staff_user, frozen_today):
    first = record(placement, staff_user, code="I", note="Flu")
    again = record(placement, staff_user, code="i", note=" Flu ")

    assert not again.changed
    assert again.mark.recorded_at == first.mark.recorded_at
    assert AttendanceMark.objects.count() == 1
    assert not [change for change in logged_changes(placement) if change[0] == services.MARK_CORRECTED]


def test_a_correction_replaces_the_mark_and_is_kept_on_the_history(placement, staff_user, frozen_today):
    record(placement, staff_user, code="N")
    corrected = record(placement, staff_user, code="M", note="Dentist, letter seen")

    assert corrected.changed
    assert (AttendanceMark.objects.get().code, AttendanceMark.objects.get().note) == (
        "M",
        "Dentist, letter seen",
    )
    action, who, data = logged_changes(placement)[-1]
    assert (action, who) == (services.MARK_CORRECTED, staff_user)
    assert data == {
        "about": "16 November 2026, morning",
        "from": "N",
        "to": "M",
        "why": "Dentist, letter seen",
    }


def test_a_register_is_recorded_whole_or_not_at_all(placement, staff_user, frozen_today):
    entries = [
        services.Entry(placement, MONDAY, "am", "/"),
        services.Entry(placement, MONDAY, "pm", "ZZ"),
        services.Entry(placement, date(2026, 11, 23), "am", "/"),
    ]

    with pytest.raises(services.MarksRefused) as refused:
        services.attendance_record_all(
            entries=entries, user=staff_user, source=MarkSource.REGISTER, kept_by=KeptBy.UNIT
        )

    assert [(entry.session, entry.day, error.field) for entry, error in refused.value.refusals] == [
        ("pm", MONDAY, "code"),
        ("am", date(2026, 11, 23), "date"),
    ]
    assert not AttendanceMark.objects.exists()

    recorded = services.attendance_record_all(
        entries=entries[:1], user=staff_user, source=MarkSource.REGISTER, kept_by=KeptBy.UNIT
    )
    assert [each.mark.code for each in recorded] == ["/"]
