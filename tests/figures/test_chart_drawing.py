"""The charts drawn in one Python pass (`figures.charts.svg`) say what the template loops that drew them
before said, element for element: the same shapes at the same places, the same texts, escaped."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from figures.charts import ChartTable, Series, svg

# The SVG part of figures/components/chart.html as it was before `svg` drew it: the reference.
TEMPLATE_DRAWING = Template((Path(__file__).parent / "chart_drawing_before.html").read_text())

YEARS = ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25", "2025-26"]
FIGURES = [
    # Bars: one series; several with a legend; a value not drawn; names that need escaping; all noughts.
    ChartTable("one", "One", "District", ["North", "South"], [Series("Requests", [4, 2])]),
    ChartTable(
        "two",
        "Two",
        "Year group",
        ["Year 1", 'Year <2> & "3"'],
        [
            Series("Boys & girls", [3, None], texts=["3", "fewer than 3"]),
            Series("Girls", [5, 7.5]),
            Series("Others", [0, 1]),
        ],
    ),
    ChartTable("noughts", "Noughts", "Kind", ["Bronze"], [Series("Sold", [0]), Series("Before", [0])]),
    # Lines: four series, each with its marker, a gap; one year alone; a year of weeks with dashes.
    ChartTable(
        "lines",
        "Lines",
        "Financial year",
        YEARS,
        [
            Series("Circles", [1, 2, 3, 4, 5, 6, 7]),
            Series("Squares", [7.25, None, 5, 13, 3, 2, 1]),
            Series("Diamonds <b>", [0, 1, 0, 1, 0, 1, 0.5]),
            Series("Triangles", [33, 35, 36, 31, 30, 29, 101]),
        ],
        kind="lines",
    ),
    ChartTable("alone", "Alone", "Financial year", ["2025-26"], [Series("Pupils", [3])], kind="lines"),
    ChartTable(
        "weeks",
        "Weeks",
        "Week starting",
        [f"Week {number}" for number in range(52)],
        [Series("Places", [36] * 26 + [None] * 26), Series("Taken", [number % 37 for number in range(52)])],
        kind="lines",
    ),
]


def _elements(markup):
    """The markup with the white space between elements (which SVG does not draw) taken out."""
    return re.sub(r">\s+<", "><", str(markup)).strip()


@pytest.mark.parametrize("figure", FIGURES, ids=[figure.slug for figure in FIGURES])
def test_the_drawing_is_the_one_the_template_drew(figure):
    assert _elements(svg(figure.chart)) == _elements(TEMPLATE_DRAWING.render(Context({"figure": figure})))


def test_texts_are_escaped():
    drawing = str(FIGURES[1].svg)

    assert "Year &lt;2&gt; &amp; &quot;3&quot;" in drawing
    assert "Boys &amp; girls" in drawing
    assert "<2>" not in drawing
