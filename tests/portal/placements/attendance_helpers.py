"""Placed pupils for the attendance tests: several placements of one school, started, each a child of
its own (its own UPN and name)."""

from portal.placements.factories import PanelDecisionFactory, valid_upn
from portal.placements.models import AttendanceMark, MarkSource, RegisterSession
from portal.placements.selectors import kept_by_on
from portal.placements.services.attendance import PRESENT_MARKS
from portal.placements.services.placements import placement_start
from tests.portal.placements.conftest import start_placement

NAMES = ["Ash", "Bea", "Cal", "Dee", "Eve", "Fin", "Gus", "Hal", "Ivy", "Jo", "Kit", "Lou"]


def placed_pupils(count, *, school, user, start=0, **arrangements):
    """`count` started placements of `school`'s pupils, from Monday 7 September 2026 unless
    `arrangements` say otherwise (Thursdays at the home school), named Ash Example, Bea Example... from
    the `start`-th name (each pupil of a test needs a name and UPN of its own)."""
    placements = []
    for n in range(start, start + count):
        offer = PanelDecisionFactory(
            request__school=school,
            request__upn=valid_upn(f"82020010{n:04d}"),
            request__legal_first_name=NAMES[n % len(NAMES)] + ("" if n < len(NAMES) else str(n)),
        )
        placement = start_placement(offer, user, confirmed=True, **arrangements)
        placements.append(placement_start(placement=placement, user=user))
    return placements


def present_every_session(placement, *, user, calendar, first, last):
    """Present at every session of `placement` from `first` to `last`, written directly (a query count
    test needs many sessions quickly; the rules of a mark are the service's, tested on their own)."""
    AttendanceMark.objects.bulk_create(
        AttendanceMark(
            placement=placement,
            date=day,
            session=session,
            kept_by=kept_by_on(placement=placement, day=day),
            code=PRESENT_MARKS[session],
            source=MarkSource.REGISTER,
            recorded_by=user,
        )
        for day in calendar.school_days_between(first, last)
        for session in RegisterSession.values
    )
