"""The outreach year in review as the pages show it: each figure beside the year before, bars by district,
lines across the years and the rows of the CSV, worked out from the one query of
`figures.selectors.outreach`, whose answer is kept in the shared cache until a record it counts changes
(`figures.cache`).

Staff see pupils supported under the small-number rule (`common.small_numbers`), since their figures are
published: a year's districts as a table whose total is the year's figure, so that a district's one or two
cannot be worked out from the rest either. A school sees its own count as it is, about pupils it already
knows.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.http import Http404

from common.financial_years import FIRST_TRADED_YEAR, FinancialYear
from common.small_numbers import Count, protected_table
from figures import cache
from figures.charts import ChartTable, Series
from figures.selectors import outreach as selectors
from figures.selectors.outreach import (
    ADVICE_LINE_CALLS,
    COLLEAGUES_TRAINED,
    HOURS_BOUGHT,
    HOURS_DELIVERED_FIGURE,
    PACKAGES_SOLD,
    PUPILS_SUPPORTED,
    SCHOOLS_WITH_PUPILS_SUPPORTED,
    SURGERIES_HELD_FIGURE,
    SURGERY_PLACES_ATTENDED,
    UNIVERSAL_OFFER_SCHOOLS,
    Figure,
)
from portal.orders.services.hours import format_hours

# The lines across the years: (slug, caption, figures), at most four figures of a like size each.
STAFF_TRENDS = [
    (
        "schools-and-pupils",
        "Schools and pupils across the years",
        [UNIVERSAL_OFFER_SCHOOLS, SCHOOLS_WITH_PUPILS_SUPPORTED, PUPILS_SUPPORTED],
    ),
    ("hours", "Specialist-teacher hours across the years", [HOURS_BOUGHT, HOURS_DELIVERED_FIGURE]),
    (
        "surgeries-calls-training",
        "Surgeries, calls and training across the years",
        [SURGERIES_HELD_FIGURE, SURGERY_PLACES_ATTENDED, ADVICE_LINE_CALLS, COLLEAGUES_TRAINED],
    ),
]
# The figures drawn by district; the rest are in the table of every figure by district.
DISTRICT_CHARTS = [
    UNIVERSAL_OFFER_SCHOOLS,
    PUPILS_SUPPORTED,
    HOURS_DELIVERED_FIGURE,
    SURGERY_PLACES_ATTENDED,
    COLLEAGUES_TRAINED,
]
SCHOOL_TRENDS = [
    ("pupils", "Pupils supported across the years", [PUPILS_SUPPORTED]),
    ("hours", "Specialist-teacher hours across the years", [HOURS_BOUGHT, HOURS_DELIVERED_FIGURE]),
    (
        "surgeries-calls-training",
        "Surgery places, calls and training across the years",
        [SURGERY_PLACES_ATTENDED, ADVICE_LINE_CALLS, COLLEAGUES_TRAINED],
    ),
]


def years_offered(*, today) -> list[FinancialYear]:
    """The years a year in review can be asked for, newest first: from the first the service traded."""
    this_year = FinancialYear.containing(today)
    return [FinancialYear(start) for start in range(this_year.start_year, FIRST_TRADED_YEAR - 1, -1)]


def year_named(label, *, years) -> FinancialYear:
    """The year of `years` whose label (as in an address, "2025-26") is `label`, the newest when None; any
    other year, before the service traded or still to come, is not found."""
    if label is None:
        return years[0]
    year = FinancialYear.from_label(label)
    if year not in years:
        raise Http404
    return year


@dataclass(frozen=True)
class FigureRow:
    """A line of the year at a glance: a figure (or one kind of it, `is_kind`) this year and the year
    before, and this year in each district."""

    label: str
    this_year: str
    year_before: str
    by_district: list[str]
    is_kind: bool = False


@dataclass(frozen=True)
class YearInReview:
    year: FinancialYear
    values: selectors.FigureValues
    school: object = None

    @property
    def districts(self) -> list[selectors.Place]:
        """Every district for the unit's staff; none for one school."""
        return self.values.districts

    @property
    def year_before(self) -> FinancialYear:
        return self.year.previous

    @property
    def figures(self) -> tuple[Figure, ...]:
        return selectors.FIGURES if self.school is None else selectors.SCHOOL_FIGURES

    def label_of(self, figure: Figure) -> str:
        return figure.label if self.school is None else figure.school_label

    @cached_property
    def _pupils_supported_published(self) -> dict[tuple[FinancialYear, int | None], Count]:
        """Pupils supported as staff see them, by (year, district's id or None for every district)."""
        published = {}
        for year in {*self.values.years, self.year, self.year_before}:
            table = protected_table(
                [[self.values.of(PUPILS_SUPPORTED, year, place=district.pk) for district in self.districts]]
            )
            published[year, None] = table.row_totals[0]
            published.update(
                {
                    (year, district.pk): count
                    for district, count in zip(self.districts, table.cells[0], strict=True)
                }
            )
        return published

    def _shown(self, figure, year, *, place=None, kind=""):
        """(text, what a chart may draw) for `figure` in `year`, at `place`, of `kind`."""
        if self.school is None and figure is PUPILS_SUPPORTED:
            count = self._pupils_supported_published[year, place]
            return count.text, count.drawn
        value = self.values.of(figure, year, place=place, kind=kind)
        if self.school is not None and figure is UNIVERSAL_OFFER_SCHOOLS:
            return ("Yes" if value else "No"), value
        if isinstance(value, Decimal):
            return format_hours(value), float(value)
        return str(value), value

    def text(self, figure, year, *, place=None, kind="") -> str:
        return self._shown(figure, year, place=place, kind=kind)[0]

    @staticmethod
    def _series(label, shown) -> Series:
        """A chart's series from what `_shown` gives for each of its values."""
        return Series(label, [drawn for _, drawn in shown], texts=[text for text, _ in shown])

    @property
    def is_empty(self) -> bool:
        """Whether nothing at all was recorded in the year."""
        return not any(self.values.of(figure, self.year) for figure in self.figures)

    @cached_property
    def rows(self) -> list[FigureRow]:
        rows = []
        for figure in self.figures:
            rows.append(self._row(figure, self.label_of(figure)))
            if figure.by_kind:
                rows += [self._row(figure, kind, kind=kind) for kind in self.values.kinds_of(figure)]
        return rows

    def _row(self, figure, label, *, kind="") -> FigureRow:
        in_district = [
            self.text(figure, self.year, place=district.pk, kind=kind) if figure.by_district else ""
            for district in self.districts
        ]
        return FigureRow(
            label=label,
            this_year=self.text(figure, self.year, kind=kind),
            year_before=self.text(figure, self.year_before, kind=kind),
            by_district=in_district,
            is_kind=bool(kind),
        )

    def packages_chart(self) -> ChartTable:
        kinds = self.values.kinds_of(PACKAGES_SOLD)
        return ChartTable(
            slug="packages",
            caption=f"{self.label_of(PACKAGES_SOLD)} by kind",
            category_heading="Kind",
            categories=kinds,
            series=[
                self._series(year.label, [self._shown(PACKAGES_SOLD, year, kind=kind) for kind in kinds])
                for year in (self.year, self.year_before)
            ],
        )

    def district_charts(self) -> list[ChartTable]:
        """A bar chart by district of each headline figure, this year beside the year before (every figure
        by district is in the year at a glance's district table)."""
        names = [district.name for district in self.districts]
        return [
            ChartTable(
                slug=f"{figure.key}-by-district",
                caption=f"{figure.label} by district",
                category_heading="District",
                categories=names,
                series=[
                    self._series(
                        year.label,
                        [self._shown(figure, year, place=district.pk) for district in self.districts],
                    )
                    for year in (self.year, self.year_before)
                ],
            )
            for figure in DISTRICT_CHARTS
        ]

    def trend_charts(self) -> list[ChartTable]:
        """Lines across the years from the first with records to this one."""
        charts = []
        for slug, caption, figures in STAFF_TRENDS if self.school is None else SCHOOL_TRENDS:
            charts.append(
                ChartTable(
                    slug=slug,
                    caption=caption,
                    category_heading="Financial year",
                    categories=[year.label for year in self.values.years],
                    series=[
                        self._series(
                            self.label_of(figure), [self._shown(figure, year) for year in self.values.years]
                        )
                        for figure in figures
                    ],
                    kind="lines",
                )
            )
        return charts

    def csv_headers(self) -> list[str]:
        return ["Figure", "Kind", "Financial year", "All districts", *(d.name for d in self.districts)]

    def csv_rows(self) -> list[list[str]]:
        """Each figure (and each kind of a figure by kind) in this year and the year before."""
        rows = []
        for figure in self.figures:
            for kind in ["", *self.values.kinds_of(figure)]:
                for year in (self.year, self.year_before):
                    in_district = [
                        self.text(figure, year, place=district.pk, kind=kind) if figure.by_district else ""
                        for district in self.districts
                    ]
                    rows.append(
                        [figure.label, kind, year.label, self.text(figure, year, kind=kind), *in_district]
                    )
        return rows


def year_in_review(*, year: FinancialYear, today) -> YearInReview:
    """Every school's figures, by district: one query, none while the records are as they were."""
    values = cache.remembered(
        f"figures:outreach:{year.start_year}:{today.isoformat()}:all",
        lambda: selectors.outreach_figures(up_to=year, today=today),
    )
    return YearInReview(year=year, values=values)


def year_with_us(*, school, year: FinancialYear, today) -> YearInReview:
    """One school's figures: one query, none while the records are as they were."""
    values = cache.remembered(
        f"figures:outreach:{year.start_year}:{today.isoformat()}:school-{school.pk}",
        lambda: selectors.outreach_figures(up_to=year, today=today, school=school),
    )
    return YearInReview(year=year, values=values, school=school)
