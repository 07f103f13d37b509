"""The small-number rule: a count of one or two pupils is shown as "fewer than 3", never as itself.

Why: the unit is small and its figures are published (the SEN information report) or sent outside it (the
panel's statistics for the local authority). One girl in Year 4 on a placement, or the single request from a
district, can point at a child whom a reader knows. The unit's own 2024-25 report printed every count as it
was, ones included, so there is no convention of its own to follow; suppressing counts below three is the
usual statistical disclosure practice. Nought is shown: it identifies nobody.

A table with totals gives a hidden count away through them: a row of 5, "fewer than 3" and 4 with a total
of 10 says the hidden count is 1. So a table is published through `protected_table`, which withholds other
numbers too (secondary suppression) until no count of one or two can be worked out from what is shown,
together with what "fewer than 3" says (one or two).
"""

import copy
import functools
from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 3
FEWER_THAN = f"fewer than {THRESHOLD}"
WITHHELD = "withheld"


@dataclass(frozen=True)
class Count:
    """A number of pupils (or of requests about pupils), with how it may be shown: itself, "fewer than 3"
    (suppressed), or not at all (withheld, so that a suppressed count in its table stays hidden)."""

    value: int
    withheld: bool = False

    @property
    def suppressed(self) -> bool:
        return not self.withheld and 0 < self.value < THRESHOLD

    @property
    def text(self) -> str:
        if self.withheld:
            return WITHHELD
        return FEWER_THAN if self.suppressed else str(self.value)

    @property
    def drawn(self) -> int | None:
        """What a chart may draw: nothing for a count not shown, whose text stands in its place."""
        return None if self.suppressed or self.withheld else self.value

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ProtectedTable:
    """A table of counts with its totals, each a `Count` as it may be published."""

    cells: list[list[Count]]
    row_totals: list[Count]
    column_totals: list[Count]
    grand_total: Count

    def every_count(self) -> list[Count]:
        cells = [count for row in self.cells for count in row]
        return [*cells, *self.row_totals, *self.column_totals, self.grand_total]

    def has_suppressed(self) -> bool:
        return any(count.suppressed for count in self.every_count())

    def has_withheld(self) -> bool:
        return any(count.withheld for count in self.every_count())


# What withholding costs in a search for the cheapest cycle: a shown number, a little more the larger it is
# (readers lose more); a nought nearly as much as two numbers ("withheld" where there are no pupils misleads
# more than it hides); and most of all a "fewer than 3" that would have to move further than one or two.
SHOWN_COST = 1_000
NOUGHT_COST = 2 * SHOWN_COST - 1
RELABEL_COST = 1_000_000
# How many cycles through a count are followed to the end before one is chosen.
MOST_CHOICES = 8


@dataclass
class _Budget:
    """The most a cycle may cost, lowered as a search finds cheaper ones."""

    most: int


class _Margins:
    """A table and its totals as one grid with a row and a column more, in which every row and every
    column adds up to nought: a total goes in negated (the grand total, negated twice, as itself).

    A reader who knows what is shown knows the hidden numbers only up to a change that keeps every row and
    column adding up to nought and each hidden number where the reader knows it must be (one or two when
    shown as "fewer than 3", any number from nought when withheld). Such a change, if there is one, can be
    split into changes of one up and one down around a cycle of hidden numbers, alternately down a column
    and along a row, each staying where the reader knows it must be. So a hidden number can be worked out
    exactly when no such cycle passes through it; and to protect it, the numbers to withhold are those
    shown on a cheap cycle through it (`_protected` says which). The search may go through every cycle: it
    is meant for a page's tables (the SEN report's are two rows by seven)."""

    def __init__(self, rows: Sequence[Sequence[int]], unpublished):
        self.values = [[*row, sum(row)] for row in rows]
        self.values.append([sum(column) for column in zip(*self.values, strict=True)])
        self.height, self.width = len(self.values), len(self.values[0])
        self.unpublished = frozenset(unpublished)
        self.withheld: set[tuple[int, int]] = set(self.unpublished)
        self.suppressed = {
            (row, column)
            for row in range(self.height)
            for column in range(self.width)
            if 0 < self.values[row][column] < THRESHOLD and (row, column) not in self.withheld
        }
        self.shown_as_fewer = frozenset(self.suppressed)

    def copy(self) -> "_Margins":
        copied = copy.copy(self)
        copied.withheld, copied.suppressed = set(self.withheld), set(self.suppressed)
        return copied

    def _cost_of_withholding(self, place) -> int:
        if place in self.shown_as_fewer:
            return RELABEL_COST
        shown = self.values[place[0]][place[1]]
        return SHOWN_COST + shown if shown else NOUGHT_COST

    def cost(self) -> int:
        """What the numbers withheld so far cost readers."""
        return sum(self._cost_of_withholding(place) for place in self.withheld - self.unpublished)

    def _cost_of_moving(self, place, step) -> int | None:
        """What it costs to let the number at `place` move by `step` in the grid: nought if the reader
        already allows it, the cost of withholding it if that would, None if nothing would."""
        row, column = place
        sign = -1 if (row == self.height - 1) != (column == self.width - 1) else 1
        value = self.values[row][column] + step * sign
        if value < 0:
            return None
        if place in self.withheld or (place in self.suppressed and 0 < value < THRESHOLD):
            return 0
        return self._cost_of_withholding(place)

    def cheapest_cycle(self, start) -> tuple[int, list[tuple[int, int]]]:
        """The cheapest cycle through `start`, as its cost and the places on it that must be withheld for
        it. There always is one, withholding enough: a cell, its row's total, its column's total and the
        grand total (one of them the start, all above nought) can go down by one together."""
        budget = _Budget(RELABEL_COST * self.height * self.width)
        cheapest = None
        for cost, changes in self._cycles(start, budget):
            cheapest = (cost, [place for place, place_cost in changes if place_cost])
            budget.most = cost - 1  # the search goes on only for what costs less
        return cheapest

    def cycle_choices(self, start) -> list[frozenset]:
        """What to withhold for each of the cycles through `start` that withhold as few numbers as the
        cheapest does (a few of them at most, the cheapest first)."""
        cheapest, _places = self.cheapest_cycle(start)
        budget = _Budget((cheapest // SHOWN_COST + 1) * SHOWN_COST - 1)
        choices = {}
        for cost, changes in self._cycles(start, budget):
            places = frozenset(place for place, place_cost in changes if place_cost)
            choices[places] = min(cost, choices.get(places, cost))
        return sorted(choices, key=lambda places: (choices[places], sorted(places)))[:MOST_CHOICES]

    def protect_greedily(self) -> "_Margins":
        """Withhold the numbers on the cheapest cycle through each count that can be worked out, in turn."""
        while place := self.first_worked_out():
            _cost, places = self.cheapest_cycle(place)
            self.withhold(places)
        return self

    def can_be_worked_out(self, place) -> bool:
        return next(self._cycles(place, _Budget(0)), None) is None

    def _cycles(self, start, budget):
        """Each cycle through `start` within the budget, as its cost and its places, each with what it
        costs."""
        for step in (1, -1):
            cost = self._cost_of_moving(start, step)
            if cost is not None and cost <= budget.most:
                yield from self._paths_back(start, start[1], step, cost, [(start, cost)], budget)

    def _paths_back(self, start, column, step, cost, changes, budget):
        """Each path from `column` back to the start's row, as its cost and each place on it with its own
        cost: down a column to another row moving by -step, along that row to another column moving by
        +step, and so on, within the budget."""
        rows_used = {row for (row, _column), _cost in changes}
        columns_used = {column for (_row, column), _cost in changes}
        for row in range(self.height):
            if row in rows_used and (row != start[0] or len(changes) == 1):
                continue
            down = self._cost_of_moving((row, column), -step)
            if down is None or cost + down > budget.most:
                continue
            if row == start[0]:
                yield cost + down, [*changes, ((row, column), down)]
                continue
            for next_column in range(self.width):
                if next_column in columns_used:
                    continue
                along = self._cost_of_moving((row, next_column), step)
                if along is not None and cost + down + along <= budget.most:
                    path = [*changes, ((row, column), down), ((row, next_column), along)]
                    yield from self._paths_back(start, next_column, step, cost + down + along, path, budget)

    def first_worked_out(self):
        """The first hidden count of one or two that a reader could work out, or None."""
        return next(
            (
                place
                for place in sorted(self.suppressed | self.withheld)
                if 0 < self.values[place[0]][place[1]] < THRESHOLD and self.can_be_worked_out(place)
            ),
            None,
        )

    def withhold(self, places):
        for place in places:
            self.suppressed.discard(place)
            self.withheld.add(place)

    def count(self, row, column) -> Count:
        return Count(self.values[row][column], withheld=(row, column) in self.withheld)


def protected_table(rows: Sequence[Sequence[int]], *, unpublished=()) -> ProtectedTable:
    """The counts of `rows` (each a list of the same length) with their row, column and grand totals, as
    they may be published: one or two as "fewer than 3", and as few others withheld as it can find (the
    smaller first) for none of those to be worked out from the rest. `unpublished` places (row, column)
    are not shown whatever they are (row `len(rows)` holds the column totals, column `len(rows[0])` the
    row totals): they count as withheld, and a count of one or two among them is protected too."""
    return _protected(tuple(map(tuple, rows)), frozenset(unpublished))


@functools.lru_cache(maxsize=256)
def _protected(rows, unpublished) -> ProtectedTable:
    """`protected_table`, kept for tables seen before (a page's tables are the same until they are edited).

    Withholding one cycle at a time, the cheapest first, may take two numbers where one would have served
    two counts; so each choice of cycle is judged by where it leads: the cycles that withhold as few
    numbers as the cheapest are each followed to the end, greedily, and the one ending cheapest is taken."""
    margins = _Margins(rows, unpublished)
    while place := margins.first_worked_out():

        def final_cost(places):
            after = margins.copy()
            after.withhold(places)
            return after.protect_greedily().cost()

        margins.withhold(min(margins.cycle_choices(place), key=final_cost))
    last_row, last_column = margins.height - 1, margins.width - 1
    return ProtectedTable(
        cells=[[margins.count(row, column) for column in range(last_column)] for row in range(last_row)],
        row_totals=[margins.count(row, last_column) for row in range(last_row)],
        column_totals=[margins.count(last_row, column) for column in range(last_column)],
        grand_total=margins.count(last_row, last_column),
    )
