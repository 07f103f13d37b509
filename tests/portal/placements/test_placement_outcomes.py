"""The outcomes of ended placements for the yearly figures: back in mainstream school (reintegration
complete or returned early) or moved to specialist provision, each with and without an EHC plan, and the
others; counted by the day each placement ended."""

from datetime import date

import pytest

from portal.placements import selectors
from portal.placements.factories import PanelDecisionFactory, PlacementRequestFactory
from portal.placements.models import EhcPlanStatus, PlacementOutcome, RequestStatus
from portal.placements.selectors import OutcomeCount, PlacementOutcomes
from portal.placements.services import placements as services
from tests.portal.placements.conftest import start_placement

YEAR = {"first": date(2026, 9, 1), "last": date(2027, 8, 31)}


@pytest.fixture
def planned(school_year, school, staff_user):
    """`planned(name, ehc_plan_status)`: a planned placement of a pupil of the school (each name is
    another child)."""

    def placement(name, ehc_plan_status=EhcPlanStatus.NONE):
        offer = PanelDecisionFactory(
            request=PlacementRequestFactory(
                school=school,
                complete=True,
                legal_first_name=name,
                upn="",
                ehc_plan_status=ehc_plan_status,
                status=RequestStatus.DECIDED,
            )
        )
        return start_placement(offer, staff_user, confirmed=True)

    return placement


@pytest.fixture
def placement_of(planned, staff_user):
    """`placement_of(name, ehc_plan_status)`: a placement under way."""
    return lambda *args: services.placement_start(placement=planned(*args), user=staff_user)


@pytest.fixture
def end(staff_user):
    def end(placement, outcome, ended_on=date(2026, 12, 18), note=""):
        return services.placement_end(
            placement=placement, user=staff_user, outcome=outcome, ended_on=ended_on, note=note
        )

    return end


def test_ended_placements_are_counted_by_outcome_and_ehc_plan(placement_of, end):
    plan = EhcPlanStatus.PLAN
    end(placement_of("Alex", plan), PlacementOutcome.REINTEGRATED)
    end(placement_of("Billie"), PlacementOutcome.REINTEGRATED)
    end(placement_of("Charlie"), PlacementOutcome.RETURNED_EARLY, ended_on=date(2026, 10, 9))
    end(placement_of("Dana", plan), PlacementOutcome.SPECIALIST)
    end(placement_of("Eden", plan), PlacementOutcome.SPECIALIST)
    # An EHC needs assessment under way is not a plan.
    end(placement_of("Frankie", EhcPlanStatus.ASSESSING), PlacementOutcome.SPECIALIST)
    end(placement_of("Gray", plan), PlacementOutcome.OTHER, note="Moved out of the area.")

    outcomes = selectors.placement_outcomes(**YEAR)

    assert outcomes == PlacementOutcomes(
        returned_to_mainstream=OutcomeCount(with_ehc_plan=1, without_ehc_plan=2),
        moved_to_specialist=OutcomeCount(with_ehc_plan=2, without_ehc_plan=1),
        other=1,
    )
    assert (outcomes.returned_to_mainstream.total, outcomes.total) == (3, 7)


def test_only_placements_that_ended_in_the_period_count(planned, placement_of, end, staff_user):
    end(placement_of("Alex"), PlacementOutcome.REINTEGRATED, ended_on=date(2026, 9, 7))
    end(placement_of("Billie"), PlacementOutcome.REINTEGRATED, ended_on=date(2026, 12, 18))
    end(placement_of("Charlie"), PlacementOutcome.SPECIALIST, ended_on=date(2026, 12, 21))
    placement_of("Dana")  # still under way
    reintegrating = placement_of("Eden")
    services.placement_begin_reintegration(placement=reintegrating, user=staff_user)
    services.placement_cancel(placement=planned("Frankie"), user=staff_user, why="The family moved away.")

    outcomes = selectors.placement_outcomes(first=date(2026, 9, 7), last=date(2026, 12, 18))

    assert outcomes == PlacementOutcomes(
        returned_to_mainstream=OutcomeCount(with_ehc_plan=0, without_ehc_plan=2),
        moved_to_specialist=OutcomeCount(with_ehc_plan=0, without_ehc_plan=0),
        other=0,
    )


def test_no_placements_ended_counts_nothing(db):
    assert selectors.placement_outcomes(**YEAR).total == 0
