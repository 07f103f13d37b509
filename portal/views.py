"""The portal home and choosing which school to act for (buying is in `portal.orders`, referring in
`portal.placements`, booking surgeries in `bookings`)."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from common.financial_years import FinancialYear
from portal.access import act_for_school, acting_membership, membership_view, portal_view
from portal.orders import selectors as orders_selectors
from portal.schools import selectors


@membership_view
def home(request):
    if request.membership is not None:
        return _school_home(request, request.membership)
    if selectors.memberships_for(user=request.user).exists():
        return redirect("portal:choose_school")
    return render(
        request,
        "portal/no_school.html",
        {
            "pending_request": selectors.pending_join_request_for(user=request.user),
            "decided_request": selectors.latest_decided_join_request_for(user=request.user),
            "invitations": selectors.invitations_waiting_for(user=request.user),
        },
    )


def _school_home(request, membership):
    """The school's page: what it holds in a financial year (this one unless another is chosen, among the
    years it has orders in), the hours left on each package, its orders, and the routes onwards; while
    the Universal Offer's renewal is open, its administrators are offered the school's year with us. The
    same few queries however much the school has bought."""
    school = membership.school
    this_year = FinancialYear.current()
    years = sorted({this_year, *orders_selectors.years_with_orders(school=school)}, reverse=True)
    chosen = _int_or_none(request.GET.get("year"))
    year = next((each for each in years if each.start_year == chosen), this_year)
    return render(
        request,
        "portal/home.html",
        {
            "membership": membership,
            "school": school,
            "financial_year": this_year,
            "year": year,
            "years": years,
            "holdings": orders_selectors.holdings_for(school=school, year=year),
            # Only administrators are offered the year with us, so only they pay for reading the settings.
            "year_with_us_offered": membership.can_manage_people
            and orders_selectors.renewal_is_open(today=timezone.localdate()),
        },
    )


@portal_view
@require_http_methods(["GET", "POST"])
def choose_school(request):
    memberships = selectors.memberships_for(user=request.user)
    if request.method == "POST":
        membership = get_object_or_404(memberships, school_id=_int_or_none(request.POST.get("school")))
        act_for_school(request, membership.school)
        return redirect("portal:home")
    if not memberships.exists():
        return redirect("portal:home")
    current = acting_membership(request)
    return render(
        request,
        "portal/choose_school.html",
        {"memberships": memberships, "current_school_id": current.school_id if current else None},
    )


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
