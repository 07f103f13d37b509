"""The portal's surgeries, advice line and training request pages. Every id is looked up among the acting
school's own records (or, for a session, among those any school may book); the services decide."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from bookings import calendar, selectors
from bookings.forms import BookingForm, CallbackForm, TrainingRequestForm
from bookings.services import advice, surgeries, training
from common import workflows
from common.errors import DomainError
from common.financial_years import FinancialYear
from common.forms import add_domain_error, posted, refusal_shown_on, status_for
from portal.access import school_context, school_view
from portal.orders import selectors as orders_selectors
from portal.orders.forms import InvoiceDetailsForm, PaymentMethodForm


def _needs_offer(request, what):
    """A school without the year's Universal Offer is told why and how to get it; nothing changes."""
    return render(
        request,
        "bookings/needs_offer.html",
        school_context(request, what=what, year=FinancialYear.current()),
        status=403,
    )


def _holds_universal_offer(request):
    """Surgeries and the advice line come with the year's Universal Offer."""
    return orders_selectors.holds_universal_offer(
        school=request.membership.school, on_date=timezone.localdate()
    )


# --- Surgeries --------------------------------------------------------------------------------------------


@school_view(needs="can_book")
def surgery_list(request):
    """Upcoming sessions with the places left; the sessions the school has bookings at come first."""
    school = request.membership.school
    sessions = list(selectors.upcoming_sessions(today=timezone.localdate()))
    ours = selectors.active_bookings_by_session(school=school, sessions=sessions)
    sessions.sort(key=lambda session: session.pk not in ours)  # stable: dates stay in order
    return render(
        request,
        "bookings/surgeries/list.html",
        school_context(
            request,
            holds_universal_offer=_holds_universal_offer(request),
            rows=[(session, ours.get(session.pk, [])) for session in sessions],
            year=FinancialYear.current(),
        ),
    )


@school_view(needs="can_book")
@require_http_methods(["GET", "POST"])
def surgery_book(request, pk):
    if not _holds_universal_offer(request):
        return _needs_offer(request, "book behaviour surgeries")
    membership = request.membership
    session = get_object_or_404(selectors.sessions_to_book(), pk=pk)
    form = BookingForm(
        posted(request), membership=membership, colleagues=selectors.colleagues_of(school=membership.school)
    )
    if form.is_valid():
        try:
            booking = surgeries.booking_make(
                membership=membership,
                session=session,
                attendee=selectors.colleagues_of(school=membership.school)
                .get(user_id=form.cleaned_data["attendee"])
                .user,
                question=form.cleaned_data["question"],
            )
        except DomainError as error:
            add_domain_error(form, error)
            session = selectors.sessions_to_book().get(pk=pk)  # as it is now, after the refusal
        else:
            return redirect("bookings:booking", pk=booking.pk)
    closed = ""
    try:
        surgeries.check_session_open(session=session, today=timezone.localdate())
    except DomainError as error:
        closed = error.message
    return render(
        request,
        "bookings/surgeries/book.html",
        school_context(
            request,
            session=session,
            form=form,
            session_full=session.is_full,
            places_left=session.places_left,
            closed=closed,
        ),
        status=status_for(form),
    )


def _holds_place(booking, user):
    """The meeting link and the calendar file (which has it) are for the people the place is for, and only
    while they hold it."""
    return booking.is_confirmed and user.pk in (booking.attendee_id, booking.booked_by_id)


@school_view(needs="can_book")
def booking_detail(request, pk):
    booking = get_object_or_404(selectors.bookings_for(school=request.membership.school), pk=pk)
    return render(
        request,
        "bookings/surgeries/booking.html",
        school_context(
            request,
            booking=booking,
            session=booking.session,
            holds_place=_holds_place(booking, request.user),
            waiting_position=selectors.waiting_position(booking=booking) if booking.is_waiting else None,
            may_cancel=workflows.may(booking, "cancel", request.membership),
        ),
    )


@school_view(needs="can_book")
@require_GET
def booking_calendar(request, pk):
    """The booking's calendar file, the one its confirmation email attaches."""
    booking = get_object_or_404(selectors.bookings_for(school=request.membership.school), pk=pk)
    if not _holds_place(booking, request.user):
        raise Http404
    response = HttpResponse(calendar.booking_calendar(booking=booking), content_type=calendar.MIMETYPE)
    response["Content-Disposition"] = f'attachment; filename="{calendar.FILENAME}"'
    return response


@school_view(needs="can_book")
@require_http_methods(["GET", "POST"])
def booking_cancel(request, pk):
    booking = get_object_or_404(selectors.bookings_for(school=request.membership.school), pk=pk)
    return _confirmed(
        request,
        "bookings/surgeries/cancel.html",
        {"booking": booking, "session": booking.session},
        act=lambda: surgeries.booking_cancel(booking=booking, membership=request.membership),
        done=f"Booking {booking.reference} is cancelled. We have emailed a confirmation.",
        then=reverse("bookings:surgeries"),
    )


def _confirmed(request, template, context, *, act, done, then):
    """A page asking to confirm one change: a POST makes it (`act`) and goes on to `then` saying `done`; a
    refusal shows at the top of the page, which is shown again."""
    problem = ""
    if request.method == "POST":
        try:
            act()
        except DomainError as error:
            problem = error.message
        else:
            messages.success(request, done)
            return redirect(then)
    return render(
        request, template, school_context(request, problem=problem, **context), status=400 if problem else 200
    )


# --- The advice line --------------------------------------------------------------------------------------


@school_view(needs="can_book")
def callback_list(request):
    return render(
        request,
        "bookings/advice/list.html",
        school_context(
            request,
            holds_universal_offer=_holds_universal_offer(request),
            callbacks=selectors.callbacks_for(school=request.membership.school),
            year=FinancialYear.current(),
        ),
    )


@school_view(needs="can_book")
@require_http_methods(["GET", "POST"])
def callback_new(request):
    if not _holds_universal_offer(request):
        return _needs_offer(request, "use the telephone advice line")
    form = CallbackForm(posted(request))
    if form.is_valid():
        with refusal_shown_on(form):
            callback = advice.callback_request_create(membership=request.membership, **form.cleaned_data)
            return redirect("bookings:callback", pk=callback.pk)
    return render(
        request, "bookings/advice/new.html", school_context(request, form=form), status=status_for(form)
    )


@school_view(needs="can_book")
def callback_detail(request, pk):
    callback = get_object_or_404(selectors.callbacks_for(school=request.membership.school), pk=pk)
    return render(request, "bookings/advice/detail.html", school_context(request, callback=callback))


# --- Training ---------------------------------------------------------------------------------------------


@school_view(needs="can_book")
def training_list(request):
    return render(
        request,
        "bookings/training/list.html",
        school_context(request, requests=selectors.training_requests_for(school=request.membership.school)),
    )


@school_view(needs="can_book")
@require_http_methods(["GET", "POST"])
def training_new(request):
    """The request, then a check-your-answers page with the price, then it is sent."""
    form = TrainingRequestForm(posted(request))
    if form.is_valid():
        if request.POST.get("confirmed") == "yes":
            with refusal_shown_on(form):
                training_request = training.training_request_create(
                    membership=request.membership,
                    training_format=form.cleaned_data["training_format"],
                    topics=list(form.cleaned_data["topics"]),
                    staff_count=form.cleaned_data["staff_count"],
                    mode=form.cleaned_data["mode"],
                    preferred_dates=form.preferred_dates,
                    notes=form.cleaned_data["notes"],
                )
                return redirect("bookings:training_request", pk=training_request.pk)
        else:
            return render(
                request, "bookings/training/check.html", school_context(request, form=form, quote=form.quote)
            )
    return render(
        request, "bookings/training/new.html", school_context(request, form=form), status=status_for(form)
    )


@school_view(needs="can_book")
def training_detail(request, pk):
    training_request = get_object_or_404(
        selectors.training_requests_for(school=request.membership.school), pk=pk
    )
    refusal = selectors.training_withdraw_refusal(request=training_request, today=timezone.localdate())
    return render(
        request,
        "bookings/training/detail.html",
        school_context(
            request,
            training_request=training_request,
            payment=selectors.training_payment_of(request=training_request, membership=request.membership),
            may_withdraw=refusal is None and workflows.may(training_request, "withdraw", request.membership),
        ),
    )


@school_view(needs="can_book")
@require_http_methods(["GET", "POST"])
def training_withdraw(request, pk):
    training_request = get_object_or_404(
        selectors.training_requests_for(school=request.membership.school), pk=pk
    )
    return _confirmed(
        request,
        "bookings/training/withdraw.html",
        {"training_request": training_request},
        act=lambda: training.training_withdraw(request=training_request, membership=request.membership),
        done=f"Training request {training_request.reference} is withdrawn.",
        then=reverse("bookings:training_request", args=[training_request.pk]),
    )


def _orderable_training(request, pk):
    return get_object_or_404(selectors.training_requests_for(school=request.membership.school), pk=pk)


@school_view(needs="can_buy")
@require_http_methods(["GET", "POST"])
def training_pay(request, pk):
    """How to pay for agreed training: by card (an order awaiting payment, paid on its page) or by invoice
    (the invoice details next)."""
    training_request = _orderable_training(request, pk)
    form = PaymentMethodForm(posted(request))
    if form.is_valid():
        if form.cleaned_data["payment_method"] == PaymentMethodForm.INVOICE:
            return redirect("bookings:training_pay_invoice", pk=training_request.pk)
        with refusal_shown_on(form):
            order = training.training_order(
                request=training_request, membership=request.membership, payment_method=PaymentMethodForm.CARD
            )
            return redirect("orders:pay_by_card", pk=order.pk)
    context = school_context(request, training_request=training_request, form=form)
    return render(request, "bookings/training/pay.html", context, status=status_for(form))


@school_view(needs="can_buy")
@require_http_methods(["GET", "POST"])
def training_pay_invoice(request, pk):
    training_request = _orderable_training(request, pk)
    form = InvoiceDetailsForm(
        posted(request), initial=orders_selectors.finance_contact_initial(membership=request.membership)
    )
    if form.is_valid():
        with refusal_shown_on(form):
            order = training.training_order(
                request=training_request,
                membership=request.membership,
                payment_method=PaymentMethodForm.INVOICE,
                invoice_details=form.details,
            )
            return redirect("orders:confirmation", pk=order.pk)
    context = school_context(request, training_request=training_request, form=form)
    return render(request, "bookings/training/pay_invoice.html", context, status=status_for(form))
