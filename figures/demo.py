"""Demo history for the figures: last academic year's referral placements with their outcomes and the
panel's requests and decisions behind them, so the SEN report's figures and the panel's statistics have
something to say. Created only with DEBUG on (they describe children, if made-up ones), and only while
none of its pupils is there, so running the loader again adds nothing.

The pupils by year group and sex follow the unit's 2024-25 report (eleven referral placements: boys in
Years 1 to 6, girls in Years 1 and 4); nine went back to their mainstream school, one moved to
specialist provision and one moved away. They are written as the records would hold them after the year,
not worked through the services day by day.
"""

import datetime
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from common.academic_years import AcademicYear
from common.audit import record_change
from figures.selectors.panel import RETURNED
from portal.orders.models import YearGroup
from portal.placements.models import (
    EhcPlanStatus,
    MappMeeting,
    Outcome,
    PanelDecision,
    Placement,
    PlacementOutcome,
    PlacementRequest,
    PlacementStatus,
    PupilCategory,
    RequestStatus,
    Sex,
    Weekday,
)
from portal.placements.services.mapp import mapp_meeting_create
from portal.schools.models import School

DEMO_SCHOOL_URNS = ["900101", "900202"]
# Weeks after 1 September of last year of each panel meeting (a Tuesday).
MEETING_WEEKS = [6, 13, 21, 28]
M, F = Sex.MALE, Sex.FEMALE
E = EhcPlanStatus.PLAN
N = EhcPlanStatus.NONE
RETURNED_HOME = PlacementOutcome.REINTEGRATED
# (year group, sex, EHC plan, meeting, how the placement ended)
PLACEMENTS = [
    (YearGroup.YEAR_1, M, N, 0, RETURNED_HOME),
    (YearGroup.YEAR_1, M, E, 0, RETURNED_HOME),
    (YearGroup.YEAR_1, M, N, 1, RETURNED_HOME),
    (YearGroup.YEAR_1, F, N, 1, PlacementOutcome.RETURNED_EARLY),
    (YearGroup.YEAR_2, M, E, 1, RETURNED_HOME),
    (YearGroup.YEAR_3, M, N, 2, RETURNED_HOME),
    (YearGroup.YEAR_4, M, E, 2, PlacementOutcome.SPECIALIST),
    (YearGroup.YEAR_4, F, N, 2, RETURNED_HOME),
    (YearGroup.YEAR_5, M, E, 3, RETURNED_HOME),
    (YearGroup.YEAR_6, M, N, 3, PlacementOutcome.OTHER),
    (YearGroup.YEAR_6, M, N, 3, PlacementOutcome.RETURNED_EARLY),
]
# Requests the panel did not offer a place on: (meeting, decision).
NOT_OFFERED = [(0, Outcome.DECLINE), (1, Outcome.ALTERNATIVE), (2, Outcome.DECLINE), (3, Outcome.ALTERNATIVE)]
PLACEMENT_WEEKS = 14  # twelve at the unit and two of reintegration
FIRST_NAME = "Past"  # the history's made-up pupils: "Past Pupil 1", "Past Pupil 2"...


def load(*, stdout):
    if not settings.DEBUG:
        stdout.write("DEBUG is off: no demo placement history was created.")
        return
    year = AcademicYear.current().previous
    schools = list(School.objects.filter(urn__in=DEMO_SCHOOL_URNS).order_by("urn"))
    if not schools or PlacementRequest.objects.filter(legal_first_name=FIRST_NAME).exists():
        return
    meetings = [_meeting(year.first_day + timedelta(weeks=weeks)) for weeks in MEETING_WEEKS]
    for number, (year_group, sex, ehc_plan, meeting, outcome) in enumerate(PLACEMENTS):
        request = _request(
            schools[number % len(schools)], meetings[meeting], number, year_group, sex, ehc_plan
        )
        if number % 3 == 0:  # some were returned for more information before the panel saw them
            _returned(request)
        _placement(request, _decision(request, Outcome.OFFER), outcome)
    for number, (meeting, outcome) in enumerate(NOT_OFFERED, start=len(PLACEMENTS)):
        request = _request(schools[number % len(schools)], meetings[meeting], number, YearGroup.YEAR_3, M, N)
        _decision(request, outcome)
    stdout.write(f"Created {len(PLACEMENTS)} referral placements of {year} and the panel's decisions.")


def _meeting(day):
    tuesday = day + timedelta(days=(1 - day.weekday()) % 7)
    return MappMeeting.objects.filter(meeting_date=tuesday).first() or mapp_meeting_create(
        meeting_date=tuesday
    )


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _request(school, meeting, number, year_group, sex, ehc_plan):
    return PlacementRequest.objects.create(
        school=school,
        status=RequestStatus.DECIDED,
        meeting=meeting,
        submitted_at=_at(meeting.submission_deadline - timedelta(days=number % 5)),
        legal_first_name=FIRST_NAME,
        legal_last_name=f"Pupil {number + 1}",
        year_group=year_group,
        sex=sex,
        ehc_plan_status=ehc_plan,
        category=PupilCategory.ALTERNATIVE_TO_EXCLUSION,
    )


def _returned(request):
    """Recorded as the return was, a week before the request was sent (again)."""
    entry = record_change(instance=request, action=RETURNED, user=None)
    ModelLogEntry.objects.filter(pk=entry.pk).update(timestamp=request.submitted_at - timedelta(days=7))


def _decision(request, outcome):
    return PanelDecision.objects.create(
        request=request,
        meeting=request.meeting,
        outcome=outcome,
        reasons="Discussed with the school's evidence and the family's views.",
        lead_professional="Outreach manager",
        decided_at=_at(request.meeting.meeting_date),
    )


def _placement(request, decision, outcome):
    starts_on = request.meeting.meeting_date + timedelta(days=13)  # the Monday a fortnight on
    ended_on = starts_on + timedelta(weeks=PLACEMENT_WEEKS, days=-3)  # a Friday
    return Placement.objects.create(
        request=request,
        decision=decision,
        school=request.school,
        status=PlacementStatus.ENDED,
        category=PupilCategory.ALTERNATIVE_TO_EXCLUSION,
        purpose="To settle in a small group, then return to the home school with a plan.",
        starts_on=starts_on,
        home_school_weekday=Weekday.FRIDAY,
        key_worker_name="Learning mentor",
        key_worker_email="keyworker@school.test",
        dsl_name="Designated safeguarding lead",
        dsl_email="dsl@school.test",
        outcome=outcome,
        outcome_note="Moved out of the area." if outcome == PlacementOutcome.OTHER else "",
        ended_on=ended_on,
    )
