"""The home school's placements in the portal: the list, and each placement's page with its target end
date, its plan of dates and its weeks at the unit.

Only the school's referrers (who see its requests), signed in with two-factor, reach them; a placement
is looked up among the acting school's own (another school's id is a 404), and every page showing a
pupil is recorded on the placement's request, as the request pages are.
"""

from django.shortcuts import get_object_or_404, render

from portal.access import school_context
from portal.placements import selectors
from portal.placements.services import placements as services
from portal.placements.services import requests as request_services
from portal.placements.views.requests import referrer_view


def placement_of(request, pk, *, related=()):
    """One of the acting school's placements, or a 404: never another school's, whatever the id; with the
    `related` rows its page reads fetched in the same query."""
    placements = selectors.placements_for(membership=request.membership)
    return get_object_or_404(placements.select_related(*related) if related else placements, pk=pk)


@referrer_view
def placement_list(request):
    placements = list(selectors.placements_for(membership=request.membership))
    request_services.requests_listed_record(
        placement_requests=[placement.request for placement in placements],
        user=request.user,
        what="list of placements",
    )
    return render(request, "placements/placements/list.html", school_context(request, placements=placements))


@referrer_view
def placement_detail(request, pk):
    placement = placement_of(request, pk, related=("report", "review"))
    services.placement_seen(placement=placement, user=request.user, what="placement page")
    # Read once for the weeks at the unit and the half terms that need a visit.
    calendar = selectors.shown_school_calendar()
    return render(
        request,
        "placements/placements/placement.html",
        school_context(
            request,
            placement=placement,
            calendar=calendar,
            dates=sorted(placement.dates.all(), key=lambda each: (each.on, each.pk)),
            weeks=selectors.placement_weeks(placement=placement, calendar=calendar),
            may_see_safeguarding=selectors.may_see_safeguarding(user=request.user),
        ),
    )
