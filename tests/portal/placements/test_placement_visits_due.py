"""The home school visits at least every half term: from the school year staff entered (each term in two
halves around its half-term break), the half terms a placement has spanned so far that ended with no
visit dated inside them, and the end of the half term by which the next visit is due."""

from datetime import date

import pytest

from portal.placements import selectors
from portal.placements.factories import PlacementCapacityFactory, SchoolTermFactory
from portal.placements.models import KeyWorkerVisit, PlacementOutcome
from portal.placements.selectors import HalfTerm
from portal.placements.services import placements as placement_services
from tests.portal.placements.conftest import start_placement

AUTUMN_FIRST = HalfTerm("Autumn 2026", 1, date(2026, 9, 2), date(2026, 10, 25))
AUTUMN_SECOND = HalfTerm("Autumn 2026", 2, date(2026, 10, 31), date(2026, 12, 18))
SPRING_FIRST = HalfTerm("Spring 2027", 1, date(2027, 1, 5), date(2027, 2, 14))


@pytest.fixture
def places(db):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)


@pytest.fixture
def placement(school_year, places, offer, staff_user):
    """From Monday 7 September 2026 to its target end on Friday 18 December, under way."""
    return placement_services.placement_start(placement=start_placement(offer, staff_user), user=staff_user)


def visit(placement, on):
    KeyWorkerVisit.objects.create(placement=placement, visited_on=on, visited_by="Learning mentor")


def test_each_term_has_two_halves_around_its_break(school_year):
    halves = selectors.half_terms()

    assert halves[2:5] == [AUTUMN_FIRST, AUTUMN_SECOND, SPRING_FIRST]
    assert (AUTUMN_FIRST.name, AUTUMN_SECOND.name) == ("Autumn 2026, first half", "Autumn 2026, second half")


def test_a_term_with_no_break_is_one_half(db):
    SchoolTermFactory(name="Short term", half_term_starts_on=None, half_term_ends_on=None)

    [whole] = selectors.half_terms()

    assert (whole.name, whole.starts_on, whole.ends_on) == (
        "Short term, the whole term",
        date(2026, 9, 2),
        date(2026, 12, 18),
    )


def test_a_half_term_that_ended_with_no_visit_is_missed_and_the_next_is_due_by_the_end_of_this_one(
    placement,
):
    due = selectors.visits_due(placement=placement, today=date(2026, 11, 22))

    assert due.missed == [AUTUMN_FIRST]
    assert due.next_due_by == date(2026, 12, 18)


def test_a_visit_inside_the_half_term_counts_for_it(placement):
    visit(placement, date(2026, 10, 14))

    due = selectors.visits_due(placement=placement, today=date(2026, 11, 22))

    assert (due.missed, due.next_due_by) == ([], date(2026, 12, 18))


def test_a_visit_in_the_half_term_break_counts_for_neither_half(placement):
    visit(placement, date(2026, 10, 28))

    due = selectors.visits_due(placement=placement, today=date(2026, 11, 22))

    assert due.missed == [AUTUMN_FIRST]


def test_in_the_break_the_next_visit_is_due_by_the_end_of_the_coming_half(placement):
    due = selectors.visits_due(placement=placement, today=date(2026, 10, 28))

    assert (due.missed, due.next_due_by) == ([AUTUMN_FIRST], date(2026, 12, 18))


def test_the_current_half_term_is_not_missed_before_it_ends_and_nothing_is_due_past_the_target_end(
    placement,
):
    visit(placement, date(2026, 9, 30))
    visit(placement, date(2026, 11, 19))

    due = selectors.visits_due(placement=placement, today=date(2026, 11, 22))

    # Both halves of the placement are visited; the spring is after its target end.
    assert (due.missed, due.next_due_by) == ([], None)


def test_a_placement_across_the_christmas_holiday_spans_the_halves_of_two_terms(
    school_year, places, offer, staff_user
):
    placement = placement_services.placement_start(
        placement=start_placement(offer, staff_user, starts_on=date(2026, 11, 30)), user=staff_user
    )

    in_january = selectors.visits_due(placement=placement, today=date(2027, 1, 11))
    visit(placement, date(2027, 1, 20))
    at_half_term = selectors.visits_due(placement=placement, today=date(2027, 2, 16))

    assert at_half_term.missed == [AUTUMN_SECOND]
    assert at_half_term.next_due_by == date(2027, 3, 26)
    assert (in_january.missed, in_january.next_due_by) == ([AUTUMN_SECOND], date(2027, 2, 14))


def test_the_next_visit_is_due_before_the_placement_ends_within_the_half_term(
    school_year, places, offer, staff_user
):
    placement = placement_services.placement_start(
        placement=start_placement(offer, staff_user, starts_on=date(2026, 9, 14)), user=staff_user
    )
    visit(placement, date(2026, 10, 1))
    visit(placement, date(2026, 11, 19))

    due = selectors.visits_due(placement=placement, today=date(2027, 1, 6))

    # Its target end falls in the first half of the spring term, before that half ends on 14 February.
    assert placement.target_end_on < date(2027, 2, 14)
    assert (due.missed, due.next_due_by) == ([], placement.target_end_on)


def test_an_ended_placement_counts_up_to_its_end_and_has_nothing_due(placement, staff_user):
    ended = placement_services.placement_end(
        placement=placement,
        user=staff_user,
        outcome=PlacementOutcome.RETURNED_EARLY,
        ended_on=date(2026, 10, 9),
    )

    due = selectors.visits_due(placement=ended, today=date(2026, 11, 22))

    assert (due.missed, due.next_due_by) == ([AUTUMN_FIRST], None)


def test_a_placement_still_to_start_has_nothing_missed_or_due(school_year, places, offer, staff_user):
    planned = start_placement(offer, staff_user)

    assert selectors.visits_due(placement=planned, today=date(2026, 11, 22)) == selectors.VisitsDue([], None)
