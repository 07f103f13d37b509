"""How a placement is going, on the home school's placement page: its key-worker visits (with a warning
for each half term that passed without one, and when the next is due) and the form to record one, the
targets with the progress at the review and the end, the review meeting, and the wellbeing measure as a
chart with a table. `templatetags.placement_progress` puts it on the page; a visit is sent to its own
address, which shows the form again with what was wrong.
"""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from common.forms import posted, refusal_shown_on, status_for
from portal.access import school_context
from portal.placements import selectors
from portal.placements.forms import VisitForm
from portal.placements.services import placements as placement_services
from portal.placements.services import progress as services
from portal.placements.views.placements import placement_of
from portal.placements.views.requests import referrer_view

VISIT_SAVED = "The visit on {day} is recorded."


def visits_context(placement, *, form=None, calendar=None) -> dict:
    today = timezone.localdate()
    # Read once for the list and for the half terms without a visit.
    prefetch_related_objects([placement], "visits")
    return {
        "placement": placement,
        "visits": placement.visits.all(),
        "visits_due": selectors.visits_due(placement=placement, today=today, calendar=calendar),
        "may_record_visit": services.may_record_visit(placement),
        "visit_form": form or VisitForm(initial={"visited_on": today}),
    }


def progress_context(placement, *, calendar=None) -> dict:
    """The sections' context; `calendar` is the school calendar when the page has read it already."""
    return {
        **visits_context(placement, calendar=calendar),
        "targets": selectors.targets_of(placement=placement),
        "review": selectors.review_of(placement=placement),
        "wellbeing": selectors.wellbeing_of(placement=placement),
    }


@referrer_view
@require_http_methods(["GET", "POST"])
def visits(request, pk):
    """The form to record a key-worker visit: sent from the placement page, and shown here again with
    what was wrong."""
    placement = placement_of(request, pk)
    form = VisitForm(posted(request), initial={"visited_on": timezone.localdate()})
    if form.is_bound and form.is_valid():
        with refusal_shown_on(form):
            visit = services.visit_record(
                placement=placement,
                user=request.user,
                visited_on=form.cleaned_data["visited_on"],
                visited_by=form.cleaned_data["visited_by"],
                notes=form.cleaned_data["notes"],
            )
            messages.success(request, VISIT_SAVED.format(day=placement_services.long_date(visit.visited_on)))
            return redirect(reverse("school_placements:placement", args=[placement.pk]) + "#visits")
    placement_services.placement_seen(placement=placement, user=request.user, what="placement visits")
    return render(
        request,
        "placements/placements/visits.html",
        school_context(request, **visits_context(placement, form=form)),
        status=status_for(form),
    )
