"""Checkout: check the order and choose how to pay; by invoice, the PO number and finance contact, then
the confirmation with the reference and what happens next; by card, the order is placed and the buyer
pays on the card page (views/card.py)."""

from functools import wraps

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from common.errors import DomainError
from common.forms import posted, refusal_shown_on, status_for
from portal.access import school_context, school_view
from portal.orders import selectors
from portal.orders.forms import InvoiceDetailsForm, PaymentMethodForm
from portal.orders.services import checkout as checkout_services
from portal.orders.views.basket import basket_summary, open_basket


def _checkout_step(view):
    """A page of checkout, for someone who may buy: the view gets the open basket and the summary every
    step shows. An empty basket sends the buyer back to it."""

    @school_view(needs="can_buy")
    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def step(request):
        basket = open_basket(request)
        lines = list(selectors.basket_lines(basket=basket))
        if not lines:
            messages.info(request, "Your basket is empty. Add what you want to buy first.")
            return redirect("orders:basket")
        return view(request, basket, basket_summary(request, basket, lines))

    return step


@_checkout_step
def checkout(request, basket, context):
    form = PaymentMethodForm(posted(request))
    if request.method == "POST" and form.is_valid() and not context["problem"]:
        if form.cleaned_data["payment_method"] == PaymentMethodForm.CARD:
            return redirect("orders:checkout_card")
        return redirect("orders:checkout_invoice")
    status = 400 if request.method == "POST" else status_for(form)
    return render(request, "orders/buy/checkout.html", {**context, "form": form}, status=status)


@_checkout_step
def checkout_invoice(request, basket, context):
    form = InvoiceDetailsForm(
        posted(request), initial=selectors.finance_contact_initial(membership=request.membership)
    )
    if request.method == "POST" and form.is_valid():
        with refusal_shown_on(form):
            order = checkout_services.order_place_by_invoice(
                basket=basket, placed_by=request.user, invoice_details=form.details
            )
            return redirect("orders:confirmation", pk=order.pk)
    return render(
        request, "orders/buy/checkout_invoice.html", {**context, "form": form}, status=status_for(form)
    )


@_checkout_step
def checkout_card(request, basket, context):
    error = None
    if request.method == "POST":
        try:
            order = checkout_services.order_place_for_card_payment(basket=basket, placed_by=request.user)
        except DomainError as refused:
            error = refused
        else:
            return redirect("orders:pay_by_card", pk=order.pk)
    return render(
        request, "orders/buy/checkout_card.html", {**context, "error": error}, status=400 if error else 200
    )


@school_view(needs="can_buy")
def confirmation(request, pk):
    order = get_object_or_404(selectors.orders_for(school=request.membership.school), pk=pk)
    return render(
        request,
        "orders/buy/confirmation.html",
        school_context(
            request,
            order=order,
            invoice=getattr(order, "invoice", None),
            lines=list(order.lines.all()),
        ),
    )
