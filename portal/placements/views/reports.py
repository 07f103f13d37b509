"""The home school's documents about a placement in the portal: the end-of-placement report (a page and
a PDF) once the unit has published it, and the inspection summary, one printable page answering what an
inspector asks about a placed pupil.

Like the placement's page, they are for the school's referrers signed in with two-factor; another
school's placement is a 404, and so is a report not (or no longer) published. Every one is recorded on
the placement's request.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from portal.access import school_context
from portal.placements import selectors
from portal.placements.models import AccessKind
from portal.placements.report_documents import report_context, report_pdf_response
from portal.placements.services.placements import placement_seen
from portal.placements.views.placements import placement_of
from portal.placements.views.requests import referrer_view

NOT_PUBLISHED = "The unit has not published a report on this placement."


def published_report_of(placement):
    report = selectors.published_report_of(placement=placement)
    if report is None:
        raise Http404(NOT_PUBLISHED)
    return report


@referrer_view
def report_page(request, pk):
    placement = placement_of(request, pk)
    report = published_report_of(placement)
    placement_seen(placement=placement, user=request.user, what="end-of-placement report")
    return render(
        request,
        "placements/placements/report.html",
        school_context(request, **report_context(placement=placement, report=report, request=request)),
    )


@referrer_view
def report_pdf(request, pk):
    placement = placement_of(request, pk)
    report = published_report_of(placement)
    placement_seen(
        placement=placement, user=request.user, what="end-of-placement report PDF", kind=AccessKind.DOWNLOADED
    )
    return report_pdf_response(placement=placement, report=report, request=request)


@referrer_view
def inspection_summary(request, pk):
    placement = placement_of(request, pk, related=selectors.SUMMARY_RELATED)
    placement_seen(placement=placement, user=request.user, what="inspection summary")
    return render(
        request,
        "placements/placements/summary.html",
        school_context(
            request,
            summary=selectors.inspection_summary_of(placement=placement, user=request.user),
            produced_on=timezone.localdate(),
        ),
    )
