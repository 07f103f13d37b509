"""The portal's "your year with us": the outreach year in review of one school, for its administrators
(linked from the portal home when the Universal Offer's renewal comes round)."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from figures.outreach import year_named, year_with_us, years_offered
from portal.access import school_context, school_view


@school_view(needs="can_manage_people")
def school_year(request, school_id, year=None):
    """The school the administrator acts for, by its id: any other school's id is not found, whoever's it
    is, so the address tells nobody which schools exist."""
    if school_id != request.membership.school_id:
        raise Http404
    today = timezone.localdate()
    years = years_offered(today=today)
    review = year_with_us(school=request.membership.school, year=year_named(year, years=years), today=today)
    return render(request, "figures/year_with_us.html", school_context(request, review=review, years=years))
