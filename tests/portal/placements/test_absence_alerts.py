"""The unexplained absence alert: on a school day, once the terms' alert time has passed, the home school's
safeguarding lead and key worker of each pupil due at the unit whose morning is unmarked or marked absent
without a reason (N, O) are emailed, once that day, by reference and link, never the child's name."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from common.urls import absolute_url
from portal.placements.factories import ClosureDayFactory, PlacementCapacityFactory
from portal.placements.models import AbsenceAlert, KeptBy, MarkSource, PlacementTerms
from portal.placements.services.attendance import absence_alerts_send, attendance_record
from portal.placements.services.placements import placement_start
from tests.portal.placements.conftest import start_placement

MONDAY = date(2026, 11, 16)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def clock(time_machine):
    """`clock(day, hour, minute)` stops the clock then, London time."""

    def move_to(day, hour, minute=0):
        time_machine.move_to(datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON), tick=False)

    move_to(MONDAY, 8)
    return move_to


@pytest.fixture
def placement(clock, school_year, offer, staff_user):
    """Under way since Monday 7 September 2026, at the unit every weekday but Thursday."""
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    return placement_start(placement=start_placement(offer, staff_user), user=staff_user)


def mark(placement, user, code, *, day=MONDAY, kept_by=KeptBy.UNIT):
    attendance_record(
        placement=placement,
        day=day,
        session="am",
        code=code,
        user=user,
        source=MarkSource.REGISTER,
        kept_by=kept_by,
    )


def run(sent):
    with sent() as outbox:
        absence_alerts_send(now=timezone.now())
    return outbox.messages


def test_the_safeguarding_lead_and_key_worker_are_told_once_that_day(placement, clock, sent):
    clock(MONDAY, 10, 5)

    messages = run(sent)

    assert sorted(message.to[0] for message in messages) == ["dsl@oakfield.test", "mentor@oakfield.test"]
    subject, body = messages[0].subject, messages[0].body
    assert (
        subject
        == f"Placement {placement.reference}: absent from the unit without a reason on 16 November 2026"
    )
    assert "Monday 16 November 2026" in body
    assert absolute_url(reverse("school_placements:attendance", args=[placement.pk])) in body
    for name in ("Alex", "Example"):
        assert name not in subject
        assert name not in body
    assert AbsenceAlert.objects.get().date == MONDAY

    clock(MONDAY, 10, 20)
    assert run(sent) == []


def test_not_before_the_time_staff_set(placement, clock, sent):
    terms = PlacementTerms.load()
    terms.unexplained_absence_alert_at = datetime(2026, 1, 1, 11, 30).time()
    terms.save()
    clock(MONDAY, 11, 25)

    assert run(sent) == []

    clock(MONDAY, 11, 30)
    assert len(run(sent)) == 2


@pytest.mark.parametrize(
    ("code", "told"), [("N", True), ("O", True), ("/", False), ("L", False), ("I", False)]
)
def test_only_an_absence_without_a_reason_is_told(placement, clock, sent, staff_user, code, told):
    mark(placement, staff_user, code)
    clock(MONDAY, 10, 5)

    assert bool(run(sent)) is told


def test_not_on_a_day_the_unit_is_closed(placement, clock, sent):
    ClosureDayFactory(date=MONDAY, reason="INSET day")
    clock(MONDAY, 10, 5)

    assert run(sent) == []
    assert not AbsenceAlert.objects.exists()


def test_not_for_a_pupil_at_the_home_school_that_day(placement, clock, sent):
    clock(date(2026, 11, 19), 10, 5)  # a Thursday

    assert run(sent) == []


def test_not_for_another_day_s_absence(placement, clock, sent, staff_user):
    mark(placement, staff_user, "N", day=date(2026, 11, 13))
    mark(placement, staff_user, "/")
    clock(MONDAY, 10, 5)

    assert run(sent) == []


def test_cron_s_command_queues_the_alert(placement, clock, sent):
    clock(MONDAY, 10, 5)
    out = io.StringIO()

    with sent() as outbox:
        call_command("send_absence_alerts", stdout=out)

    assert "Queued absence alerts" in out.getvalue()
    assert len(outbox.messages) == 2
