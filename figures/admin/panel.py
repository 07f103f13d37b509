"""The panel's statistics for the local authority: each figure as a chart with its table, and each as a
CSV file to send on."""

from functools import cached_property

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone

from common.academic_years import AcademicYear
from common.admin import require_permission
from figures.admin.index import VIEW_FIGURES, year_chosen
from figures.charts import ChartTable, Series, count_series
from figures.downloads import csv_response
from figures.selectors import panel as selectors

TITLE = "The panel's statistics for the local authority"


def _days(label, values):
    return Series(
        label,
        values,
        texts=[f"{value:g}" if value is not None else "fewer than 3 decisions" for value in values],
    )


def _count_figure(slug, caption, category_heading, rows, *, series_label="Requests"):
    """A figure of one count for each category: `rows` are (category, Count)."""
    return ChartTable(
        slug=slug,
        caption=caption,
        category_heading=category_heading,
        categories=[category for category, _count in rows],
        series=[count_series(series_label, [count for _category, count in rows])],
    )


class _YearRecords:
    """The year, and what more than one figure reads, read once for all of them."""

    def __init__(self, year):
        self.year = year

    @cached_property
    def requests_sent(self):
        return selectors.requests_sent(year=self.year)

    @cached_property
    def decisions(self):
        return selectors.year_decisions(year=self.year)


def _per_meeting(records):
    return _count_figure(
        "requests-per-meeting",
        f"Requests sent to each panel meeting in {records.year}",
        "Panel meeting",
        [(f"{row.meeting_date:%-d %B %Y}", row.requests) for row in records.requests_sent.per_meeting],
    )


def _per_district(records):
    return _count_figure(
        "requests-per-district",
        f"Requests from each district's schools to the panel in {records.year}",
        "District",
        [(row.district, row.requests) for row in records.requests_sent.per_district],
    )


def _decisions(records):
    year = records.year
    rows = selectors.panel_decisions(decisions=records.decisions)
    return _count_figure(
        "decisions",
        f"The panel's decisions in {year}",
        "Decision",
        [(row.outcome, row.decisions) for row in rows] if any(row.decisions.value for row in rows) else [],
        series_label="Decisions",
    )


def _days_to_decision(records):
    year = records.year
    rows = selectors.days_to_decision(decisions=records.decisions)
    return ChartTable(
        slug="days-to-decision",
        caption=f"Days from a school sending a request to the panel's decision, {year}",
        category_heading="Panel meeting",
        categories=[row.label for row in rows],
        series=[
            count_series("Decisions", [row.decisions for row in rows]),
            _days("Median days", [row.median for row in rows]),
            _days("Fewest days", [row.shortest for row in rows]),
            _days("Most days", [row.longest for row in rows]),
        ],
    )


def _returned(records):
    year = records.year
    return _count_figure(
        "returned-for-information",
        f"Requests the panel returned for more information in {year}, by month",
        "Month",
        [(f"{row.month:%B %Y}", row.requests) for row in selectors.requests_returned(year=year)],
        series_label="Requests returned",
    )


def _capacity(records):
    year = records.year
    rows = selectors.capacity_used(year=year)
    return ChartTable(
        slug="capacity-by-week",
        caption=f"Places taken each week against the unit's capacity, {year}",
        category_heading="Week starting",
        categories=[f"{row.week_starting:%-d %b %Y}" for row in rows],
        series=[
            Series(
                "Places",
                [row.places for row in rows],
                texts=["Not set" if row.places is None else str(row.places) for row in rows],
            ),
            Series("Places taken", [row.taken for row in rows]),
        ],
        kind="lines",
    )


FIGURES = {
    "requests-per-meeting": _per_meeting,
    "requests-per-district": _per_district,
    "decisions": _decisions,
    "days-to-decision": _days_to_decision,
    "returned-for-information": _returned,
    "capacity-by-week": _capacity,
}


def _year(request):
    today = timezone.localdate()
    return year_chosen(
        request, years=selectors.panel_years(today=today), default=AcademicYear.containing(today)
    )


def panel_figures(request):
    require_permission(request, VIEW_FIGURES)
    form, year = _year(request)
    context = {"title": TITLE, "year_form": form, "year": year}
    if year is None:
        return TemplateResponse(request, "figures/admin/panel.html", context, status=400)
    records = _YearRecords(year)
    context["figures"] = [build(records) for build in FIGURES.values()]
    return TemplateResponse(request, "figures/admin/panel.html", context)


def panel_figure_csv(request, slug):
    require_permission(request, VIEW_FIGURES)
    build = FIGURES.get(slug)
    _form, year = _year(request)
    if build is None or year is None:
        raise Http404
    figure = build(_YearRecords(year))
    return csv_response(filename=f"{slug}-{year}.csv", headers=figure.headers, rows=figure.rows)
