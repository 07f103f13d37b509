"""What each school used of the offer in a financial year (surgeries attended, calls, hours drawn down):
the evidence staff bring to a renewal."""

from django.shortcuts import render
from wagtail.admin.menu import MenuItem

from bookings import selectors
from bookings.admin.sessions import CHANGE_SESSION
from common.admin import require_permission
from common.financial_years import FinancialYear
from portal.orders.templatetags.orders_tags import quarter_hours
from portal.schools.models import School


def school_usage(request):
    """Per school and financial year: surgeries attended, calls, hours drawn down (for renewals)."""
    require_permission(request, CHANGE_SESSION)
    this_year = FinancialYear.current()
    years = [FinancialYear(this_year.start_year - back) for back in range(3)]
    year = next((each for each in years if str(each.start_year) == request.GET.get("year")), this_year)
    school_id = request.GET.get("school", "")
    school = School.objects.filter(pk=school_id).first() if school_id.isdigit() else None
    usage = selectors.usage_of(school=school, year=year) if school else None
    return render(
        request,
        "bookings/admin/usage.html",
        {
            "schools": School.objects.order_by("name"),
            "school": school,
            "years": years,
            "year": year,
            "usage": usage,
            "hours_used": quarter_hours(usage["quarter_hours_used"]) if usage else "",
            "hours_bought": quarter_hours(usage["quarter_hours_bought"]) if usage else "",
        },
    )


class UsageMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(CHANGE_SESSION)
