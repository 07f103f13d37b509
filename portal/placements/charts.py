"""A small bar chart drawn on the server as inline SVG (no script): the geometry is worked out here, and
placements/placements/_bar_chart.html draws it. The drawing is hidden from screen readers: a
table beside it always carries the same figures."""

from dataclasses import dataclass

WIDTH, HEIGHT = 360, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 24, 40  # margins, for the axis labels
TICKS = 4  # intervals on the value axis


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: nothing to draw yet
    x: float
    y: float
    width: float
    height: float

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def has_values(self) -> bool:
        return any(bar.value is not None for bar in self.bars)


def bar_chart(values: list[tuple[str, int | None]], *, lowest: int, highest: int) -> BarChart:
    """A bar for each (label, value) on an axis from `lowest` to `highest` (a value outside is drawn at
    the nearest end)."""
    plot_height = HEIGHT - TOP - BOTTOM
    span = max(highest - lowest, 1)

    def y_of(value):
        return HEIGHT - BOTTOM - plot_height * (min(max(value, lowest), highest) - lowest) / span

    slot = (WIDTH - LEFT - RIGHT) / max(len(values), 1)
    bars = []
    for index, (label, value) in enumerate(values):
        top = y_of(value) if value is not None else HEIGHT - BOTTOM
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(LEFT + slot * index + slot / 4, 1),
                y=round(top, 1),
                width=round(slot / 2, 1),
                height=round(HEIGHT - BOTTOM - top, 1),
            )
        )
    tick_values = sorted({lowest + round(span * step / TICKS) for step in range(TICKS + 1)})
    return BarChart(bars=bars, ticks=[Tick(value, round(y_of(value), 1)) for value in tick_values])
