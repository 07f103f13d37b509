"""Two staff starting placements for different pupils at the same moment, with one place left: one
starts, the other is told its weeks are full (and may confirm going over capacity). The capacity in force
is locked before the places are counted."""

import threading
from datetime import date

import pytest
from django.db import connection

from portal.placements.factories import (
    PanelDecisionFactory,
    PlacementCapacityFactory,
    PlacementRequestFactory,
)
from portal.placements.models import Placement, RequestStatus
from portal.placements.services import placements as services
from portal.placements.services.placements import OVER_CAPACITY
from tests.portal.orders.conftest import at_once, kinds
from tests.portal.placements.conftest import start_placement

pytestmark = pytest.mark.django_db(transaction=True)


def side_by_side(monkeypatch) -> int:
    """How many starts run at once. On PostgreSQL both, each held just before it locks the capacity until
    the other has got there too: both have checked their requests and laid out their plans, neither has
    counted the places. SQLite's test database lives in memory, where a second writer is refused ("database
    table is locked") instead of waiting as it does on a file: there the starts take turns, as SQLite's
    one write transaction at a time makes them."""
    if connection.vendor == "sqlite":
        return 1
    ready = threading.Barrier(2, timeout=10)
    capacity_lock = services.capacity_lock

    def lock_when_both_are_here(plan):
        ready.wait()
        return capacity_lock(plan)

    monkeypatch.setattr(services, "capacity_lock", lock_when_both_are_here)
    return 2


def test_two_starts_at_once_for_the_last_place_start_one(monkeypatch, school_year, school, staff_user):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=1)
    offers = [
        PanelDecisionFactory(
            request=PlacementRequestFactory(
                school=school, complete=True, legal_first_name=name, upn="", status=RequestStatus.DECIDED
            )
        )
        for name in ("Alex", "Sam")
    ]
    workers = side_by_side(monkeypatch)

    outcomes = at_once(
        *(lambda offer=offer: start_placement(offer, staff_user) for offer in offers), workers=workers
    )

    assert kinds(outcomes) == ["done", "refused"], outcomes
    refused = next(message for kind, message in outcomes if kind == "refused")
    assert refused.startswith(OVER_CAPACITY.split("{weeks}")[0] + "7 September 2026, ")
    assert Placement.objects.count() == 1
