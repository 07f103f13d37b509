"""The outreach year in review for the unit's staff: the page (each figure beside the year before, bars by
district, lines across the years), its printable one-page summary and its CSV for the annual report.

The summary is an HTML page made to print on one A4 sheet (figures/outreach_summary.css) rather than a
WeasyPrint PDF: staff print it or save it as a PDF from the browser, the charts print as they show, and
no request loads WeasyPrint for a page whose every figure is already on screen."""

from django.template.response import TemplateResponse
from django.utils import timezone

from common.admin import require_permission
from figures.admin.index import VIEW_FIGURES
from figures.downloads import csv_response
from figures.outreach import year_in_review, year_named, years_offered

TITLE = "Outreach year in review"


def _review_of(request, year):
    """The year in review of `year` (its label, such as "2025-26"; this year when None), for staff who may
    see figures."""
    require_permission(request, VIEW_FIGURES)
    today = timezone.localdate()
    years = years_offered(today=today)
    return year_in_review(year=year_named(year, years=years), today=today), years


def outreach_review(request, year=None):
    review, years = _review_of(request, year)
    context = {"title": TITLE, "subtitle": review.year.label, "review": review, "years": years}
    return TemplateResponse(request, "figures/admin/outreach.html", context)


def outreach_summary(request, year):
    review, _years = _review_of(request, year)
    return TemplateResponse(
        request, "figures/admin/outreach_summary.html", {"title": TITLE, "review": review}
    )


def outreach_csv(request, year):
    review, _years = _review_of(request, year)
    return csv_response(
        filename=f"outreach-year-in-review-{review.year.label}.csv",
        headers=review.csv_headers(),
        rows=review.csv_rows(),
    )
