"""The charts' geometry, from plain data: bars by category, lines across years, round axes, gaps for values
that may not be drawn, and the figure's table that carries the same numbers."""

from django.template.loader import render_to_string

from figures.charts import COLOURS, ChartTable, Series, bar_chart, line_chart, nice_top


def test_bars_are_measured_against_the_largest_value():
    chart = bar_chart(["North", "South"], [Series("Requests", [4, 2])], width=640)

    north, south = (group.bars[0] for group in chart.groups)
    assert north.width == 640 - 16 - 96
    assert south.width == north.width / 2
    assert [group.label for group in chart.groups] == ["North", "South"]
    assert chart.legend == []  # one series: the caption says what it is


def test_each_category_has_a_bar_per_series_below_its_name_in_the_series_colours():
    chart = bar_chart(["Year 1"], [Series("Boys", [3]), Series("Girls", [5])])

    (group,) = chart.groups
    boys, girls = group.bars
    assert group.label_y < boys.y < girls.y
    assert (boys.colour, girls.colour) == COLOURS[:2]
    assert [key.label for key in chart.legend] == ["Boys", "Girls"]
    assert chart.height > girls.y + girls.height


def test_a_value_that_may_not_be_drawn_leaves_no_bar_and_its_text_in_its_place():
    chart = bar_chart(["Year 4"], [Series("Girls", [None], texts=["fewer than 3"])])

    (bar,) = chart.groups[0].bars
    assert bar.width == 0
    assert bar.text == "fewer than 3"


def test_nothing_but_noughts_still_draws():
    chart = bar_chart(["A"], [Series("Pupils", [0])])

    assert chart.groups[0].bars[0].width == 0
    assert chart.groups[0].bars[0].text == "0"


def test_the_value_axis_reads_in_round_steps():
    assert nice_top(7) == 8
    assert nice_top(9) == 20
    assert nice_top(36) == 40
    assert nice_top(0) == 4
    assert nice_top(0.3) == 0.4


def test_lines_run_across_the_years_from_nought_with_a_gap_where_a_value_is_missing():
    chart = line_chart(["2023-24", "2024-25", "2025-26"], [Series("Placements", [4, None, 8])])

    (line,) = chart.lines
    assert [point.text for point in line.points] == ["4", "8"]
    first, last = line.points
    assert first.x == chart.left
    assert last.x == chart.right
    assert last.y < first.y  # higher values are higher up
    assert [tick.text for tick in chart.ticks] == ["0", "2", "4", "6", "8"]
    assert chart.ticks[0].y == chart.baseline
    assert [label.text for label in chart.x_labels] == ["2023-24", "2024-25", "2025-26"]


def test_one_year_alone_is_drawn_in_the_middle():
    chart = line_chart(["2024-25"], [Series("Placements", [3])])

    assert chart.lines[0].points[0].x == (chart.left + chart.right) / 2


def test_the_figure_table_holds_the_numbers_the_chart_draws():
    figure = ChartTable(
        slug="pupils",
        caption="Pupils by sex",
        category_heading="Year group",
        categories=["Year 1", "Year 2"],
        series=[Series("Boys", [3, None], texts=["3", "fewer than 3"]), Series("Girls", [0, 4])],
    )

    assert figure.headers == ["Year group", "Boys", "Girls"]
    assert figure.rows == [["Year 1", "3", "0"], ["Year 2", "fewer than 3", "4"]]
    html = render_to_string(
        "figures/components/chart.html", {"figure": figure, "csv_url": "/x.csv", "empty": ""}
    )
    assert 'aria-hidden="true"' in html
    assert '<th scope="row">Year 2</th><td>fewer than 3</td><td>4</td>' in html
    assert 'href="/x.csv"' in html
    assert "<figcaption" in html


def test_a_figure_without_rows_says_so_instead_of_drawing():
    figure = ChartTable(slug="none", caption="Nothing", category_heading="Week", categories=[], series=[])

    html = render_to_string(
        "figures/components/chart.html",
        {"figure": figure, "csv_url": "/x.csv", "empty": "No requests in 2030-31."},
    )

    assert "No requests in 2030-31." in html
    assert "<svg" not in html
    assert "/x.csv" not in html


def test_a_year_of_weeks_names_a_few_weeks_and_tells_its_lines_by_dashes_not_markers():
    weeks = [f"week {number}" for number in range(52)]

    chart = line_chart(weeks, [Series("Places", [36] * 52), Series("Taken", [5] * 52)])

    assert [label.text for label in chart.x_labels] == [f"week {number}" for number in range(0, 52, 8)]
    assert not chart.markers
    assert [line.dash for line in chart.lines] == ["", "8 4"]
    assert {point.text for line in chart.lines for point in line.points} == {""}
