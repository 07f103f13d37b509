"""The basket: what is on sale for the year, adding the Universal Offer, a package or consultancy hours,
and removing a line. The basket lives in the database, one per school and person."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from common.errors import DomainError
from common.financial_years import FinancialYear
from common.forms import posted, refusal_shown_on, status_for
from portal.access import school_context, school_view
from portal.orders import selectors
from portal.orders.forms import ChooseYearForm, PackageForm
from portal.orders.models import OrderStatus
from portal.orders.services import basket as basket_services
from portal.orders.services import quotes, rules


def open_basket(request):
    return basket_services.basket_open(school=request.membership.school, user=request.user)


def basket_problem(*, school, basket, lines):
    """What would stop this basket being checked out now, in words, or ""."""
    if not lines:
        return ""
    try:
        rules.check_basket(school=school, year=basket.financial_year, lines=lines, today=timezone.localdate())
    except DomainError as error:
        return error.message
    return ""


def basket_summary(request, basket, lines):
    """What the basket and each step of checkout show of it: its year, its price, and what would stop it
    being checked out."""
    return school_context(
        request,
        basket=basket,
        year=basket.financial_year,
        quote=quotes.quote_basket(basket=basket, lines=lines),
        problem=basket_problem(school=request.membership.school, basket=basket, lines=lines),
    )


def basket_context(request, basket, *, year_form=None, offer_form=None):
    school = request.membership.school
    year = basket.financial_year
    lines = list(selectors.basket_lines(basket=basket))
    years = selectors.years_on_sale(today=timezone.localdate())
    offer_order = selectors.universal_offer_order(school=school, year=year)
    on_sale = list(selectors.packages_on_sale(year=year))
    return {
        **basket_summary(request, basket, lines),
        "offer": selectors.universal_offer_priced(year=year),
        "offer_order": offer_order,
        "offer_held": offer_order is not None and offer_order.status != OrderStatus.AWAITING_PAYMENT,
        "offer_in_basket": any(line.package_id is None for line in lines),
        "packages": [package for package in on_sale if not package.sold_by_the_hour],
        "consultancy": [package for package in on_sale if package.sold_by_the_hour],
        "year_form": year_form
        or (ChooseYearForm(years=years, initial={"year": year.start_year}) if len(years) > 1 else None),
        "offer_form": offer_form,
    }


def render_basket(request, basket, status=200, **forms_shown):
    return render(
        request, "orders/buy/basket.html", basket_context(request, basket, **forms_shown), status=status
    )


@school_view(needs="can_buy")
def basket(request):
    return render_basket(request, open_basket(request))


@school_view(needs="can_buy")
@require_POST
def choose_year(request):
    basket = open_basket(request)
    form = ChooseYearForm(request.POST, years=selectors.years_on_sale(today=timezone.localdate()))
    if form.is_valid():
        with refusal_shown_on(form):
            basket_services.basket_choose_year(basket=basket, year=FinancialYear(form.cleaned_data["year"]))
            messages.success(request, f"You are now buying for {basket.financial_year}.")
            return redirect("orders:basket")
    return render_basket(request, basket, status=400, year_form=form)


@school_view(needs="can_buy")
@require_POST
def add_universal_offer(request):
    basket = open_basket(request)
    form = forms.Form(request.POST)
    with refusal_shown_on(form):
        basket_services.basket_add_universal_offer(basket=basket)
        messages.success(
            request, f"The Universal Support Offer for {basket.financial_year} is in your basket."
        )
        return redirect("orders:basket")
    return render_basket(request, basket, status=400, offer_form=form)


@school_view(needs="can_buy")
@require_http_methods(["GET", "POST"])
def add_package(request, slug):
    basket = open_basket(request)
    package = selectors.package_on_sale(slug=slug, year=basket.financial_year)
    if package is None:
        raise Http404("No package on sale has this address.")
    form = PackageForm(posted(request), package=package)
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            line = basket_services.basket_add_package(
                basket=basket,
                package=package,
                focus=form.focus,
                ehc_plan_confirmed=form.cleaned_data.get("ehc_plan_confirmed", False),
                hours=form.cleaned_data.get("hours", 1),
            )
            what = (
                f"{line.quantity} hours of {package.name}"
                if package.sold_by_the_hour
                else f"The {package.name}"
            )
            messages.success(request, f"{what} ({line.focus_label}) is in your basket.")
            return redirect("orders:basket")
    return render(
        request,
        "orders/buy/package.html",
        school_context(
            request,
            package=package,
            year=basket.financial_year,
            form=form,
            needs_offer=_needs_offer_message(basket),
        ),
        status=status_for(form),
    )


def _needs_offer_message(basket):
    """The rule's own message, shown before the form, when the basket's year has no Universal Offer yet."""
    try:
        rules.check_universal_offer_held_or_bought(
            school=basket.school,
            year=basket.financial_year,
            buying_universal_offer=selectors.basket_lines(basket=basket)
            .filter(package__isnull=True)
            .exists(),
        )
    except DomainError as error:
        return error.message
    return ""


@school_view(needs="can_buy")
@require_POST
def remove_line(request, pk):
    basket = open_basket(request)
    line = get_object_or_404(selectors.basket_lines(basket=basket), pk=pk)
    what = line.package.name if line.package_id else "The Universal Support Offer"
    basket_services.basket_remove_line(line=line)
    messages.success(request, f"{what} has been removed from your basket.")
    return redirect("orders:basket")
