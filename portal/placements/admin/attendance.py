"""The group register in the admin: a day's morning and afternoon marks for every pupil due at the unit,
typed as codes by keyboard and saved at once (all or nothing, through
`services.attendance.attendance_record_all`); the pupils at their home school that day are listed apart,
read-only, as the home school keeps their register."""

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import MenuItem

from common.admin import require_permission
from common.forms import posted, status_for
from portal.placements import selectors
from portal.placements.forms import GroupRegisterForm
from portal.placements.models import KeptBy, MarkSource
from portal.placements.services import attendance as services
from portal.placements.services.placements import long_date

CHANGE_PLACEMENT = "placements.change_placement"
SAVED = "The register for {day} is saved."


def day_asked(request, today: date) -> date:
    """The day in the address (?date=2026-11-23), or today when there is none or it is not a date."""
    try:
        return date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return today


def register_url(day: date) -> str:
    return f"{reverse('placements_admin_group_register')}?date={day.isoformat()}"


def group_register_view(request):
    require_permission(request, CHANGE_PLACEMENT)
    today = timezone.localdate()
    day = day_asked(request, today)
    calendar = selectors.school_calendar_for(recording=request.method == "POST")
    register = selectors.group_register(day=day, calendar=calendar)
    # A register is taken on a school day, on the day or later; otherwise the page only shows it.
    may_take = register.closed_because is None and day <= today
    form = GroupRegisterForm(posted(request) if may_take else None, rows=register.at_unit)
    if form.is_bound and form.is_valid():
        try:
            services.attendance_record_all(
                entries=form.entries(day),
                user=request.user,
                source=MarkSource.REGISTER,
                kept_by=KeptBy.UNIT,
                calendar=calendar,
            )
        except services.MarksRefused as refused:
            form.show_refusals(refused.refusals)
        else:
            messages.success(request, SAVED.format(day=long_date(day)))
            return redirect(register_url(day))
    before, after = selectors.school_days_beside(day=day, calendar=calendar)
    return render(
        request,
        "placements/admin/group_register.html",
        {
            "day": day,
            "today": today,
            "register": register,
            "may_take": may_take,
            "form": form,
            "previous_day": before,
            "next_day": after if after is not None and after <= today else None,
        },
        status=status_for(form),
    )


class GroupRegisterMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(CHANGE_PLACEMENT)
