"""The geometry of the figures' charts, worked out from plain data and drawn as inline SVG by
figures/components/chart.html (no script, so they print and show without JavaScript).

Two shapes: bars by category (each category's name on a line of its own, its bars beneath, so a long name
such as a district never collides with the next) and lines across years. A value may be None: nothing is
drawn for it and its text (for example "fewer than 3" under the small-number rule) stands in its place.
The drawing is hidden from screen readers; the table that follows it in the same figure holds the same
numbers.
"""

from dataclasses import dataclass
from functools import cached_property
from math import floor, log10

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from common.small_numbers import Count

WIDTH = 640
PLOT_LEFT, PLOT_RIGHT = 16, 96  # room on the right for a bar's value written after it
LABEL_HEIGHT, BAR_HEIGHT, BAR_GAP, GROUP_GAP = 20, 16, 3, 14
LINE_HEIGHT, LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_BOTTOM = 260, 48, 24, 28, 36
LEGEND_HEIGHT = 26
# Beyond these, a line chart (a year of weeks) names only every so many points on its axis and writes no
# value beside its points: the table after it has each one.
MAX_X_LABELS, MAX_POINT_TEXTS = 7, 12

# Dark enough against white for a graphic (WCAG 1.4.11 asks 3:1; each is over 4.5:1, so the same colours
# serve as text) and told apart by more than hue: the legend names them in the order they are drawn, and
# lines add a different marker to each.
COLOURS = ("#0b5d63", "#a4460b", "#4b3c8f", "#1b1f23")
MARKERS = ("circle", "square", "diamond", "triangle")
DASHES = ("", "8 4", "2 3", "10 3 2 3")  # a dense line (a year of weeks) has no markers: its dashes tell it


@dataclass(frozen=True)
class Series:
    """One set of values: a bar for each category, or a point for each year. `texts` overrides how a value
    is written (e.g. "fewer than 3"); it defaults to the value itself."""

    label: str
    values: list[float | None]
    texts: list[str] | None = None

    def text(self, index):
        if self.texts is not None:
            return self.texts[index]
        value = self.values[index]
        return "" if value is None else f"{value:g}"


def count_series(label: str, counts: list[Count]) -> Series:
    """A series of counts of pupils (or of requests about them) under the small-number rule: a suppressed
    count is not drawn and reads "fewer than 3"."""
    return Series(label, [count.drawn for count in counts], texts=[count.text for count in counts])


@dataclass(frozen=True)
class LegendKey:
    label: str
    colour: str
    marker: str
    x: float


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    text: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class BarGroup:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    groups: list[BarGroup]
    legend: list[LegendKey]
    width: int
    height: float
    axis_x: float
    kind: str = "bars"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    marker: str
    dash: str
    points: list[Point]  # drawn points only; a gap where a value is None

    @property
    def path(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.points)


@dataclass(frozen=True)
class Tick:
    value: float
    text: str
    y: float


@dataclass(frozen=True)
class XLabel:
    text: str
    x: float


@dataclass(frozen=True)
class LineChart:
    lines: list[Line]
    ticks: list[Tick]
    x_labels: list[XLabel]
    legend: list[LegendKey]
    width: int
    height: int
    left: int
    right: int
    baseline: int
    markers: bool
    kind: str = "lines"


def nice_top(highest: float, *, intervals: int = 4) -> float:
    """The smallest round number (1, 2 or 5 times a power of ten, per interval) at or above `highest`,
    so the axis reads in round steps."""
    if highest <= 0:
        return intervals
    rough = highest / intervals
    power = 10 ** floor(log10(rough))
    for multiple in (1, 2, 5, 10):
        if multiple * power >= rough:
            return multiple * power * intervals
    raise AssertionError("unreachable: 10 times the power is always enough")


def _legend(series: list[Series]) -> list[LegendKey]:
    if len(series) < 2:
        return []  # one series: the caption says what it is
    keys, x = [], 0.0
    for index, one in enumerate(series):
        keys.append(LegendKey(one.label, COLOURS[index % len(COLOURS)], MARKERS[index % len(MARKERS)], x))
        x += 28 + 7.5 * len(one.label)  # the swatch, then roughly the label's width at 13px
    return keys


def bar_chart(categories: list[str], series: list[Series], *, width: int = WIDTH) -> BarChart:
    """For each category, its name then one bar per series, all measured against the largest value."""
    values = [value for one in series for value in one.values if value is not None]
    top = max([*values, 0]) or 1
    plot = width - PLOT_LEFT - PLOT_RIGHT
    legend = _legend(series)
    y = LEGEND_HEIGHT if legend else 0
    groups = []
    for index, category in enumerate(categories):
        label_y = y + LABEL_HEIGHT - 6
        y += LABEL_HEIGHT
        bars = []
        for number, one in enumerate(series):
            value = one.values[index]
            length = 0 if value is None else round(plot * value / top, 1)
            bars.append(
                Bar(
                    x=PLOT_LEFT,
                    y=y,
                    width=length,
                    height=BAR_HEIGHT,
                    colour=COLOURS[number % len(COLOURS)],
                    text=one.text(index),
                    text_x=PLOT_LEFT + length + 6,
                    text_y=y + BAR_HEIGHT - 4,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        groups.append(BarGroup(label=category, label_y=label_y, bars=bars))
        y += GROUP_GAP
    return BarChart(groups=groups, legend=legend, width=width, height=y, axis_x=PLOT_LEFT)


def line_chart(x_labels: list[str], series: list[Series], *, width: int = WIDTH) -> LineChart:
    """A line per series across `x_labels` (years, weeks), on a value axis from 0 in round steps."""
    values = [value for one in series for value in one.values if value is not None]
    top = nice_top(max([*values, 0]))
    legend = _legend(series)
    plot_top = LINE_TOP + (LEGEND_HEIGHT if legend else 0)
    height = LINE_HEIGHT + (LEGEND_HEIGHT if legend else 0)
    baseline = height - LINE_BOTTOM
    right = width - LINE_RIGHT

    def y_of(value):
        return round(baseline - (baseline - plot_top) * value / top, 1)

    every = -(-len(x_labels) // MAX_X_LABELS)  # rounded up
    writes_values = len(x_labels) <= MAX_POINT_TEXTS
    step = (right - LINE_LEFT) / max(len(x_labels) - 1, 1)
    xs = [
        round(LINE_LEFT + step * index, 1) if len(x_labels) > 1 else (LINE_LEFT + right) / 2
        for index in range(len(x_labels))
    ]
    lines = [
        Line(
            label=one.label,
            colour=COLOURS[number % len(COLOURS)],
            marker=MARKERS[number % len(MARKERS)],
            dash="" if writes_values else DASHES[number % len(DASHES)],
            points=[
                Point(x=xs[index], y=y_of(value), text=one.text(index) if writes_values else "")
                for index, value in enumerate(one.values)
                if value is not None
            ],
        )
        for number, one in enumerate(series)
    ]
    ticks = [
        Tick(value=top * step / 4, text=f"{top * step / 4:g}", y=y_of(top * step / 4)) for step in range(5)
    ]
    return LineChart(
        lines=lines,
        ticks=ticks,
        x_labels=[
            XLabel(text, x)
            for index, (text, x) in enumerate(zip(x_labels, xs, strict=True))
            if index % every == 0
        ],
        legend=legend,
        width=width,
        height=height,
        left=LINE_LEFT,
        right=right,
        baseline=baseline,
        markers=writes_values,
    )


TEXT = 'fill="#1b1f23"'


def _number(value) -> str:
    """A coordinate as the template language wrote it (floats have no exponent at these sizes)."""
    return str(value)


def _shifted(value, by: int) -> int:
    """`value` moved by `by` as the template's `add` filter did: to a whole number first."""
    return int(value) + by


def svg(chart: BarChart | LineChart) -> SafeString:
    """The chart as inline SVG, hidden from screen readers (the table after it holds the same numbers),
    drawn in one pass: template loops over every bar and point cost more than the rest of a page."""
    parts = [
        f'<svg class="figures-chart__drawing" viewBox="0 0 {_number(chart.width)} {_number(chart.height)}" '
        f'width="{_number(chart.width)}" height="{_number(chart.height)}" aria-hidden="true" '
        'focusable="false" font-family="sans-serif">'
    ]
    for key in chart.legend:
        parts.append(f'<rect x="{_number(key.x)}" y="4" width="16" height="16" fill="{key.colour}"/>')
        parts.append(
            f'<text x="{_shifted(key.x, 22)}" y="12" dy="0.35em" font-size="13" {TEXT}>'
            f"{escape(key.label)}</text>"
        )
    if chart.kind == "bars":
        _draw_bars(chart, parts)
    else:
        _draw_lines(chart, parts)
    parts.append("</svg>")
    return mark_safe("\n".join(parts))  # noqa: S308 (every text in it is escaped above)


def _draw_bars(chart: BarChart, parts: list[str]):
    label_x = _shifted(chart.axis_x, 6)
    for group in chart.groups:
        parts.append(
            f'<text x="{label_x}" y="{_number(group.label_y)}" font-size="14" font-weight="700" {TEXT}>'
            f"{escape(group.label)}</text>"
        )
        for bar in group.bars:
            if bar.width:
                parts.append(
                    f'<rect x="{_number(bar.x)}" y="{_number(bar.y)}" width="{_number(bar.width)}" '
                    f'height="{_number(bar.height)}" fill="{bar.colour}"/>'
                )
            parts.append(
                f'<text x="{_number(bar.text_x)}" y="{_number(bar.text_y)}" font-size="13" {TEXT}>'
                f"{escape(bar.text)}</text>"
            )
    axis, height = _number(chart.axis_x), _number(chart.height)
    parts.append(f'<line x1="{axis}" x2="{axis}" y1="0" y2="{height}" stroke="#1b1f23" stroke-width="2"/>')


def _draw_lines(chart: LineChart, parts: list[str]):
    left, right, baseline = _number(chart.left), _number(chart.right), _number(chart.baseline)
    for tick in chart.ticks:
        y = _number(tick.y)
        parts.append(f'<line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="#b1bcbf" stroke-width="1"/>')
        parts.append(
            f'<text x="{_shifted(chart.left, -6)}" y="{y}" dy="0.35em" text-anchor="end" font-size="12" '
            f"{TEXT}>{escape(tick.text)}</text>"
        )
    parts.append(
        f'<line x1="{left}" x2="{right}" y1="{baseline}" y2="{baseline}" stroke="#1b1f23" stroke-width="2"/>'
    )
    for label in chart.x_labels:
        parts.append(
            f'<text x="{_number(label.x)}" y="{baseline}" dy="1.4em" text-anchor="middle" font-size="12" '
            f"{TEXT}>{escape(label.text)}</text>"
        )
    for line in chart.lines:
        dash = f' stroke-dasharray="{escape(line.dash)}"' if line.dash else ""
        parts.append(
            f'<polyline points="{escape(line.path)}" fill="none" stroke="{line.colour}" '
            f'stroke-width="3"{dash}/>'
        )
        if chart.markers:
            for point in line.points:
                parts.append(_marker(line, point))
                parts.append(
                    f'<text x="{_number(point.x)}" y="{_number(point.y)}" dy="-0.8em" text-anchor="middle" '
                    f'font-size="12" {TEXT}>{escape(point.text)}</text>'
                )


def _marker(line: Line, point: Point) -> str:
    x, y = _number(point.x), _number(point.y)
    if line.marker == "square":
        return (
            f'<rect x="{_shifted(point.x, -5)}" y="{_shifted(point.y, -5)}" width="10" height="10" '
            f'fill="{line.colour}"/>'
        )
    if line.marker == "diamond":
        return (
            f'<rect x="{_shifted(point.x, -5)}" y="{_shifted(point.y, -5)}" width="10" height="10" '
            f'fill="{line.colour}" transform="rotate(45 {x} {y})"/>'
        )
    if line.marker == "triangle":
        return f'<path d="M {x} {_shifted(point.y, -6)} l 6 10 l -12 0 z" fill="{line.colour}"/>'
    return f'<circle cx="{x}" cy="{y}" r="5" fill="{line.colour}"/>'


@dataclass(frozen=True)
class ChartTable:
    """A figure as staff see it: a chart and, after it, the table of the same numbers (the chart's text
    alternative, and the rows of its CSV download). `kind` is "bars" (a bar per series for each category)
    or "lines" (a line per series across the categories, which are then years or weeks)."""

    slug: str
    caption: str
    category_heading: str
    categories: list[str]
    series: list[Series]
    kind: str = "bars"

    @cached_property
    def chart(self) -> BarChart | LineChart:
        draw = line_chart if self.kind == "lines" else bar_chart
        return draw(self.categories, self.series)

    @property
    def svg(self) -> SafeString:
        return svg(self.chart)

    @property
    def headers(self) -> list[str]:
        return [self.category_heading, *(one.label for one in self.series)]

    @property
    def rows(self) -> list[list[str]]:
        return [
            [category, *(one.text(index) for one in self.series)]
            for index, category in enumerate(self.categories)
        ]

    @property
    def is_empty(self) -> bool:
        return not self.categories
