"""A placement's changes: staff move any date of its plan with a reason the history keeps (never to a
day the unit is shut, never once it is over), and make its declared transitions in the admin: started,
reintegrating, ended with an outcome (a note for "other"), or cancelled with a reason."""

from datetime import date

import pytest

from common import workflows
from common.errors import DomainError
from portal.placements.factories import ClosureDayFactory, PlacementCapacityFactory
from portal.placements.models import Milestone, Placement, PlacementOutcome, PlacementStatus
from portal.placements.services import placements as services
from tests.portal.placements.conftest import admin_url, start_placement
from tests.workflows import logged_changes, refused_by_admin, staff_with


@pytest.fixture
def placement(school_year, offer, staff_user):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    return start_placement(offer, staff_user)


def review_of(placement):
    return placement.dates.get(milestone=Milestone.REVIEW_MEETING)


def test_a_moved_date_keeps_where_it_was_planned_and_why(placement, staff_user):
    moved = services.placement_date_move(
        placement_date=review_of(placement), user=staff_user, on=date(2026, 10, 19), why="The SENCo is away."
    )

    assert (moved.planned_on, moved.on, moved.moved_because) == (
        date(2026, 10, 16),
        date(2026, 10, 19),
        "The SENCo is away.",
    )
    action, who, data = logged_changes(placement)[-1]
    assert (action, who) == ("placements.placement_date_moved", staff_user)
    assert data == {
        "about": "Review meeting",
        "from": "16 October 2026",
        "to": "19 October 2026",
        "why": "The SENCo is away.",
    }


@pytest.mark.parametrize(
    ("milestone", "on"),
    [
        (Milestone.ADMISSION_MEETING, date(2026, 9, 7)),  # onto the first day
        (Milestone.FIRST_DAY, date(2026, 9, 14)),
        (Milestone.REVIEW_MEETING, date(2026, 11, 16)),  # past later ones
        (Milestone.LAST_DAY_AT_UNIT, date(2026, 12, 2)),  # before the report due
    ],
)
def test_a_moved_date_moves_no_other(placement, staff_user, milestone, on):
    others = {each.pk: (each.on, each.planned_on, each.moved_because) for each in placement.dates.all()}
    moving = placement.dates.get(milestone=milestone)
    del others[moving.pk]

    services.placement_date_move(placement_date=moving, user=staff_user, on=on, why="The family asked.")

    after = {each.pk: (each.on, each.planned_on, each.moved_because) for each in placement.dates.all()}
    assert after.pop(moving.pk)[0] == on
    assert after == others


def test_moving_the_first_day_moves_the_start_until_the_pupil_has_started(placement, staff_user):
    first_day = placement.dates.get(milestone=Milestone.FIRST_DAY)

    services.placement_date_move(
        placement_date=first_day, user=staff_user, on=date(2026, 9, 14), why="Later."
    )
    placement.refresh_from_db()
    assert placement.starts_on == date(2026, 9, 14)

    started = services.placement_start(placement=placement, user=staff_user)
    with pytest.raises(DomainError) as refused:
        services.placement_date_move(
            placement_date=first_day, user=staff_user, on=date(2026, 9, 15), why="Later still."
        )
    assert refused.value.message == services.FIRST_DAY_PASSED.format(reference=started.reference)
    started.refresh_from_db()
    assert started.starts_on == date(2026, 9, 14)


@pytest.mark.parametrize(
    ("on", "why", "field", "message"),
    [
        (date(2026, 10, 27), "Later", "on", "27 October 2026 is not a school day (half term)."),
        (date(2026, 11, 20), "Later", "on", "20 November 2026 is not a school day (INSET day)."),
        (date(2026, 10, 17), "Later", "on", "17 October 2026 is not a school day (a weekend)."),
        (date(2026, 10, 19), "  ", "why", services.REASON_REQUIRED),
        (date(2026, 10, 16), "Same", "on", services.NOT_MOVED),
    ],
)
def test_a_date_is_moved_only_to_a_school_day_and_with_a_reason(
    placement, staff_user, on, why, field, message
):
    ClosureDayFactory(date=date(2026, 11, 20), reason="INSET day")

    with pytest.raises(DomainError) as refused:
        services.placement_date_move(placement_date=review_of(placement), user=staff_user, on=on, why=why)

    assert (refused.value.field, refused.value.message.split(" Choose")[0]) == (field, message)
    assert review_of(placement).on == date(2026, 10, 16)


def test_the_placement_runs_through_its_states_to_an_outcome(placement, staff_user):
    services.placement_start(placement=placement, user=staff_user)
    services.placement_begin_reintegration(placement=placement, user=staff_user)
    ended = services.placement_end(
        placement=placement,
        user=staff_user,
        outcome=PlacementOutcome.REINTEGRATED,
        ended_on=date(2026, 12, 18),
    )

    assert (ended.status, ended.outcome, ended.ended_on) == (
        PlacementStatus.ENDED,
        PlacementOutcome.REINTEGRATED,
        date(2026, 12, 18),
    )
    assert [action for action, _, _ in logged_changes(placement)] == [
        "placements.placement_created",
        "placements.placement_start",
        "placements.placement_begin_reintegration",
        "placements.placement_end",
    ]
    with pytest.raises(DomainError, match="its dates can no longer be moved"):
        services.placement_date_move(
            placement_date=review_of(placement), user=staff_user, on=date(2026, 10, 19), why="Late"
        )


def test_an_outcome_is_needed_and_other_needs_a_note(placement, staff_user):
    services.placement_start(placement=placement, user=staff_user)

    with pytest.raises(DomainError, match="Say what the outcome was"):
        services.placement_end(
            placement=placement, user=staff_user, outcome=PlacementOutcome.OTHER, ended_on=date(2026, 11, 2)
        )
    with pytest.raises(DomainError, match="Choose how the placement ended"):
        services.placement_end(placement=placement, user=staff_user, outcome="", ended_on=date(2026, 11, 2))
    with pytest.raises(DomainError, match="cannot be before the placement started"):
        services.placement_end(
            placement=placement,
            user=staff_user,
            outcome=PlacementOutcome.SPECIALIST,
            ended_on=date(2026, 9, 1),
        )

    assert Placement.objects.get().status == PlacementStatus.ACTIVE


def test_a_planned_placement_cannot_end_but_can_be_cancelled_with_a_reason(placement, staff_user):
    with pytest.raises(DomainError, match="it cannot be ended"):
        services.placement_end(
            placement=placement,
            user=staff_user,
            outcome=PlacementOutcome.RETURNED_EARLY,
            ended_on=date(2026, 9, 7),
        )
    with pytest.raises(DomainError, match="Say why the placement is cancelled"):
        services.placement_cancel(placement=placement, user=staff_user, why="")

    cancelled = services.placement_cancel(placement=placement, user=staff_user, why="The family moved away.")

    assert cancelled.status == PlacementStatus.CANCELLED


def test_the_admin_offers_the_transitions_the_declaration_allows(staff_client, placement):
    page = staff_client.get(admin_url("placement", "inspect", placement.pk)).text

    assert admin_url("placement", "start", placement.pk) in page
    assert admin_url("placement", "cancel", placement.pk) in page
    assert admin_url("placement", "end", placement.pk) not in page

    staff_client.post(admin_url("placement", "start", placement.pk))
    response = staff_client.post(
        admin_url("placement", "end", placement.pk),
        {"outcome": "other", "ended_on": "2026-10-02", "outcome_note": ""},
    )

    assert response.status_code == 400
    assert "Say what the outcome was." in response.text
    assert Placement.objects.get().status == PlacementStatus.ACTIVE


def test_staff_move_a_date_in_the_admin_and_a_refusal_shows_beside_the_field(staff_client, placement):
    url = admin_url("placement", "move_date", placement.pk)
    review = review_of(placement)

    refused = staff_client.post(url, {"placement_date": review.pk, "on": "2026-10-27", "why": "Later"})
    moved = staff_client.post(url, {"placement_date": review.pk, "on": "2026-10-19", "why": "SENCo away"})

    assert refused.status_code == 400
    assert "27 October 2026 is not a school day (half term)." in refused.text
    assert moved.status_code == 302
    page = staff_client.get(admin_url("placement", "inspect", placement.pk)).text
    assert "From 16 October 2026: SENCo away" in page


def test_staff_who_may_only_view_placements_change_nothing(client, settings, placement):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    viewer = staff_with("placements.view_placement")
    client.force_login(viewer)

    page = client.get(admin_url("placement", "inspect", placement.pk))

    assert page.status_code == 200
    assert admin_url("placement", "move_date", placement.pk) not in page.text
    assert not workflows.allowed_transitions(placement, viewer, where="admin")
    for action in ("start", "cancel", "move_date"):
        assert refused_by_admin(client.post(admin_url("placement", action, placement.pk), {"why": "x"}))
    assert Placement.objects.get().status == PlacementStatus.PLANNED
