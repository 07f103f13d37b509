"""Placements in the retention run: an ended placement is anonymised six years after the day it ended
(the school, category, dates and outcome stay for the yearly figures; the people, the purpose, why
dates moved and the end-of-placement report with its history go), and a request whose placement is
still live is not anonymised under it."""

import datetime

import pytest

from common.audit import record_change
from portal.placements.factories import PanelDecisionFactory
from portal.placements.models import (
    Milestone,
    Placement,
    PlacementDate,
    PlacementOutcome,
    PlacementReport,
    PlacementRequest,
    PlacementStatus,
    PupilCategory,
    RequestStatus,
)
from portal.placements.services.placements import DATE_MOVED
from portal.placements.services.reports import REPORT_DRAFTED
from records.models import Outcome
from records.rules import history_of
from tests.records.conftest import at, run

pytestmark = pytest.mark.django_db

ENDED = datetime.date(2020, 11, 20)


def placement_of(decision, *, status, ended_on=None):
    placement = Placement.objects.create(
        request=decision.request,
        decision=decision,
        school=decision.request.school,
        status=status,
        category=PupilCategory.PERMANENTLY_EXCLUDED,
        purpose="Alex Example to settle in a small group.",
        starts_on=datetime.date(2020, 9, 7),
        home_school_weekday=3,
        key_worker_name="Learning mentor",
        key_worker_email="mentor@school.test",
        dsl_name="Deputy head",
        dsl_email="dsl@school.test",
        outcome=PlacementOutcome.REINTEGRATED if ended_on else "",
        ended_on=ended_on,
    )
    PlacementDate.objects.create(
        placement=placement,
        milestone=Milestone.REVIEW_MEETING,
        on=datetime.date(2020, 10, 19),
        planned_on=datetime.date(2020, 10, 16),
        moved_because="Alex Example's mother is away",
    )
    record_change(instance=placement, action=DATE_MOVED, user=None, about="Review meeting", why="Alex away")
    return placement


def test_an_ended_placement_is_anonymised_six_years_after_it_ended():
    placement = placement_of(PanelDecisionFactory(), status=PlacementStatus.ENDED, ended_on=ENDED)
    report = PlacementReport.objects.create(
        placement=placement, progress="Alex settled.", recommendations="More", reintegration_programme="Two"
    )
    record_change(instance=report, action=REPORT_DRAFTED, user=None)

    assert run(datetime.date(2026, 11, 19)).actions.count() == 0
    actions = run(datetime.date(2026, 11, 20)).actions.filter(kind="placement")

    assert [(action.record_pk, action.outcome) for action in actions] == [(placement.pk, Outcome.ANONYMISED)]
    placement.refresh_from_db()
    assert (placement.school, placement.category, placement.outcome, placement.ended_on) == (
        placement.request.school,
        PupilCategory.PERMANENTLY_EXCLUDED,
        PlacementOutcome.REINTEGRATED,
        ENDED,
    )
    assert (placement.purpose, placement.key_worker_name, placement.dsl_email) == ("", "", "")
    assert placement.dates.get().moved_because == ""
    assert not PlacementReport.objects.exists()
    assert not history_of(PlacementReport, [report.pk]).exists()
    assert run(datetime.date(2026, 11, 21)).actions.filter(kind="placement").count() == 0


def test_a_request_is_not_anonymised_while_its_placement_is_live():
    decision = PanelDecisionFactory()
    PlacementRequest.objects.filter(pk=decision.request.pk).update(updated_at=at(datetime.date(2024, 1, 1)))
    placement_of(decision, status=PlacementStatus.ACTIVE)

    run(datetime.date(2026, 11, 20))

    request = PlacementRequest.objects.get(pk=decision.request.pk)
    assert (request.status, request.legal_first_name) == (RequestStatus.DECIDED, "Alex")
