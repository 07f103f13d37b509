"""The small-number rule: one or two pupils are "fewer than 3"; nought and three or more are shown; and in a
table with totals, other numbers are withheld until no count of one or two can be worked out."""

import itertools
import random

import pytest

from common.small_numbers import THRESHOLD, Count, ProtectedTable, protected_table


@pytest.mark.parametrize(
    ("value", "text", "drawn"),
    [(0, "0", 0), (1, "fewer than 3", None), (2, "fewer than 3", None), (3, "3", 3), (40, "40", 40)],
)
def test_one_or_two_are_never_shown_as_themselves(value, text, drawn):
    count = Count(value)

    assert count.text == text == str(count)
    assert count.drawn == drawn
    assert count.suppressed is (drawn is None)


@pytest.mark.parametrize("value", [0, 2, 7])
def test_a_withheld_count_shows_nothing_of_itself(value):
    count = Count(value, withheld=True)

    assert count.text == "withheld" == str(count)
    assert count.drawn is None
    assert not count.suppressed


def _texts(table: ProtectedTable):
    return (
        [[count.text for count in row] for row in table.cells],
        [count.text for count in table.row_totals],
        [count.text for count in table.column_totals],
        table.grand_total.text,
    )


def test_a_table_whose_small_counts_cannot_be_worked_out_is_published_as_it_is():
    # Each "fewer than 3" has another in its row and its column, and the totals let either be one or two.
    table = protected_table([[1, 2, 4], [2, 1, 5]])

    assert not table.has_withheld()
    assert _texts(table) == (
        [["fewer than 3", "fewer than 3", "4"], ["fewer than 3", "fewer than 3", "5"]],
        ["7", "8"],
        ["3", "3", "9"],
        "15",
    )


def test_a_count_its_row_and_column_give_away_is_hidden_around_a_cycle_of_the_fewest_smallest_numbers():
    # The 1 follows from its row (10 - 5 - 4) and from its column (4 - 3). With 5, 6 and 3 withheld, it can
    # be 1 or 2: 5 and 3 move the other way and 6 the same, and every total still adds up.
    table = protected_table([[5, 1, 4], [6, 3, 7]])

    assert _texts(table) == (
        [["withheld", "fewer than 3", "4"], ["withheld", "withheld", "7"]],
        ["10", "16"],
        ["11", "4", "11"],
        "26",
    )
    assert table.has_suppressed()
    assert table.has_withheld()


def test_an_empty_table_is_all_noughts():
    table = protected_table([[0, 0], [0, 0]])

    assert _texts(table) == ([["0", "0"], ["0", "0"]], ["0", "0"], ["0", "0"], "0")


def _shows(count, number):
    """Whether `number` could be behind `count` as published, knowing only what the rule says."""
    if count.withheld:
        return number >= 0
    return 0 < number < THRESHOLD if count.suppressed else number == count.value


def _what_a_reader_could_believe(rows, table):
    """For every number of `rows` and its totals (cells, row totals, column totals, grand total, as
    `every_count` lists them), each value it could have in a table that shows what `table` shows: found by
    trying every value of every hidden cell, from nought to a few more than the grand total, row by row."""
    largest = sum(map(sum, rows)) + THRESHOLD
    rows_believable = [
        [
            values
            for values in itertools.product(
                *(range(largest) if count.suppressed or count.withheld else [count.value] for count in counts)
            )
            if all(map(_shows, counts, values)) and _shows(total, sum(values))
        ]
        for counts, total in zip(table.cells, table.row_totals, strict=True)
    ]
    published = table.every_count()
    believable = [set() for _count in published]
    for grid in itertools.product(*rows_believable):
        totals = [sum(row) for row in grid]
        numbers = [*itertools.chain(*grid), *totals, *map(sum, zip(*grid, strict=True)), sum(totals)]
        if all(map(_shows, published, numbers)):
            for values_seen, number in zip(believable, numbers, strict=True):
                values_seen.add(number)
    return believable


def _counts_given_away(rows, table):
    return [
        count.value
        for count, values in zip(table.every_count(), _what_a_reader_could_believe(rows, table), strict=True)
        if 0 < count.value < THRESHOLD and len(values) == 1
    ]


def _small_tables(how_many):
    numbers = random.Random(21)  # the same tables every run
    for _ in range(how_many):
        height, width = numbers.choice([(1, 2), (1, 3), (2, 2), (2, 3), (3, 2), (2, 4), (3, 3)])
        yield [[numbers.choice([0, 0, 1, 1, 2, 3, 4, 5, 7]) for _ in range(width)] for _ in range(height)]


def test_the_reader_check_finds_counts_given_away_by_the_small_number_rule_alone():
    rows = [[5, 1, 4], [6, 3, 7]]
    suppressed_only = ProtectedTable(
        cells=[[Count(value) for value in row] for row in rows],
        row_totals=[Count(10), Count(16)],
        column_totals=[Count(11), Count(4), Count(11)],
        grand_total=Count(26),
    )

    assert _counts_given_away(rows, suppressed_only) == [1]


def test_no_count_of_one_or_two_can_be_worked_out_from_a_protected_table():
    tables = list(_small_tables(300))

    given_away = {str(rows): _counts_given_away(rows, protected_table(rows)) for rows in tables}

    assert {rows: counts for rows, counts in given_away.items() if counts} == {}
    # The tables tried had small counts to protect, most of them more than totals alone would hide.
    assert sum(protected_table(rows).has_withheld() for rows in tables) > len(tables) / 2


def test_places_not_published_count_as_withheld_and_their_small_counts_are_protected_too():
    # The SEN report's key figures: each row's parts and total are shown, the column totals never.
    tables = list(_small_tables(300))

    given_away = {}
    for rows in tables:
        unpublished = {(len(rows), column) for column in range(len(rows[0]) + 1)}
        table = protected_table(rows, unpublished=unpublished)
        assert all(count.withheld for count in [*table.column_totals, table.grand_total])
        given_away[str(rows)] = _counts_given_away(rows, table)

    assert {rows: counts for rows, counts in given_away.items() if counts} == {}
