"""The home school's view of a placed pupil's attendance in the portal: every session of both registers
by week (the unit's and its own), the attendance figures worked out as the DfE does, the code to enter in
its own register for each session at the unit, and the form to record the sessions of its own weekday.

Only the school's referrers reach it, as the placement's page (`views.placements`); another school's
placement is a 404, and every view is recorded on the placement's request.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from common.forms import posted, status_for
from portal.access import school_context
from portal.placements import selectors
from portal.placements.forms import HomeSchoolDayForm
from portal.placements.models import KeptBy, MarkSource, Registration
from portal.placements.services import attendance as services
from portal.placements.services import placements as placement_services
from portal.placements.services.placements import long_date
from portal.placements.views.placements import placement_of
from portal.placements.views.requests import referrer_view

RECORDED = "{day}: your register for the pupil is recorded."


@referrer_view
def placement_attendance(request, pk):
    placement = placement_of(request, pk)
    # Marks are checked against the school year as it stands; a page only shows it.
    calendar = selectors.school_calendar_for(recording=request.method == "POST")
    days = selectors.home_school_days_to_record(
        placement=placement, today=timezone.localdate(), calendar=calendar
    )
    form = HomeSchoolDayForm(
        posted(request), days=days, initial={"day": days[0].isoformat() if days else None}
    )
    if form.is_bound and form.is_valid():
        try:
            services.attendance_record_all(
                entries=form.entries(placement),
                user=request.user,
                source=MarkSource.PORTAL,
                kept_by=KeptBy.HOME_SCHOOL,
                calendar=calendar,
            )
        except services.MarksRefused as refused:
            form.show_refusals(refused.refusals)
        else:
            messages.success(request, RECORDED.format(day=long_date(form.cleaned_data["day"])))
            return redirect("school_placements:attendance", placement.pk)
    placement_services.placement_seen(placement=placement, user=request.user, what="attendance")
    return render(
        request,
        "placements/placements/attendance.html",
        school_context(
            request,
            placement=placement,
            register=selectors.placement_register(placement=placement, calendar=calendar),
            form=form,
            days=days,
            dual=placement.registration == Registration.DUAL,
        ),
        status=status_for(form),
    )
