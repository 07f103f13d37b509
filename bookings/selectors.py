"""Reads with rules for surgeries, the advice line and training requests.

Every query a school-facing view makes goes through one of the `..._for(school=...)` functions here, so
a school only ever reaches its own bookings, calls and requests; a view looks an id up inside what they
return, never by bare id.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from bookings.models.advice import CallbackRequest
from bookings.models.surgeries import BookingStatus, SessionStatus, SurgeryBooking, SurgerySession
from bookings.models.training import TrainingRequest, TrainingStatus
from common.financial_years import FinancialYear
from common.money import format_pence
from portal.orders import selectors as orders_selectors
from portal.orders.models import Order, OrderStatus
from portal.schools.models import Membership

# --- Surgeries --------------------------------------------------------------------------------------------


def with_places_taken(sessions: QuerySet[SurgerySession]) -> QuerySet[SurgerySession]:
    """Annotate `places_taken` and `waiting_count` in the same query: the one count of the places taken,
    which the session's `places_left` and `is_full` read."""
    return sessions.annotate(
        places_taken=Count("bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED)),
        waiting_count=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING)),
    )


def session_with_places_taken(*, session) -> SurgerySession:
    """`session` as it is now, with its places counted (the services lock its row first; a count cannot
    be taken in the locking query itself)."""
    return with_places_taken(SurgerySession.objects.filter(pk=session.pk)).get()


def upcoming_sessions(*, today: datetime.date) -> QuerySet[SurgerySession]:
    """Sessions from today on that are not cancelled, soonest first, with the places taken at each."""
    return with_places_taken(SurgerySession.objects.filter(date__gte=today, status=SessionStatus.OPEN))


def sessions_to_book() -> QuerySet[SurgerySession]:
    """Every session, with its places taken: a school may ask to book any (the services refuse past,
    cancelled, closed and full ones with a message)."""
    return with_places_taken(SurgerySession.objects.all())


def first_waiting(*, session) -> SurgeryBooking | None:
    return session.bookings.filter(status=BookingStatus.WAITING).order_by("created_at", "pk").first()


def waiting_position(*, booking) -> int:
    """1 for the first on the waiting list."""
    earlier = booking.session.bookings.filter(status=BookingStatus.WAITING).filter(
        Q(created_at__lt=booking.created_at) | Q(created_at=booking.created_at, pk__lt=booking.pk)
    )
    return earlier.count() + 1


def bookings_for(*, school) -> QuerySet[SurgeryBooking]:
    return SurgeryBooking.objects.filter(school=school).select_related("session", "attendee", "booked_by")


def active_bookings_by_session(*, school, sessions) -> dict:
    """{session id: [the school's booked or waiting bookings there]}, in one query. Each booking comes
    with its attendee and is given its session from `sessions`, rather than reading the session (and who
    booked) again with every booking."""
    by_id = {session.pk: session for session in sessions}
    grouped = {}
    bookings = (
        bookings_for(school=school)
        .filter(session__in=list(by_id), status__in=(BookingStatus.CONFIRMED, BookingStatus.WAITING))
        .select_related(None)
        .select_related("attendee")
    )
    for booking in bookings.order_by("created_at", "pk"):
        booking.session = by_id[booking.session_id]
        grouped.setdefault(booking.session_id, []).append(booking)
    return grouped


def colleagues_of(*, school) -> QuerySet[Membership]:
    """The people a member may book a place for: everyone at their school."""
    return (
        Membership.objects.filter(school=school)
        .select_related("user")
        .order_by("user__first_name", "user__email")
    )


def register_of(*, session) -> QuerySet[SurgeryBooking]:
    """Staff's register: everyone booked, then the waiting list, each in the order they came."""
    return (
        session.bookings.exclude(status=BookingStatus.CANCELLED)
        .select_related("school", "attendee", "booked_by")
        .order_by("status", "created_at", "pk")
    )


def bookings_to_remind(*, today: datetime.date) -> QuerySet[SurgeryBooking]:
    """Confirmed places at tomorrow's sessions whose attendee has not been reminded."""
    return SurgeryBooking.objects.filter(
        status=BookingStatus.CONFIRMED,
        session__date=today + datetime.timedelta(days=1),
        session__status=SessionStatus.OPEN,
        reminder_sent_at__isnull=True,
    ).select_related("session", "attendee", "school")


# --- The advice line --------------------------------------------------------------------------------------


def callbacks_for(*, school) -> QuerySet[CallbackRequest]:
    return CallbackRequest.objects.filter(school=school).select_related("requested_by")


# --- Training ---------------------------------------------------------------------------------------------


def training_requests_for(*, school) -> QuerySet[TrainingRequest]:
    return (
        TrainingRequest.objects.filter(school=school)
        .select_related("training_format", "requested_by", "order")
        .prefetch_related("topics")
    )


def training_has_taken_place(*, request, today: datetime.date) -> bool:
    """Attendance is recorded from the agreed day on."""
    return request.agreed_date is not None and request.agreed_date <= today


def training_is_agreed(*, request) -> bool:
    """Agreed training may be ordered, before or after it takes place."""
    return request.status in (TrainingStatus.AGREED, TrainingStatus.DELIVERED)


def training_order_standing(*, request) -> Order | None:
    """The order placed for the training, unless it was cancelled (then it may be ordered again)."""
    order = request.order
    return order if order is not None and order.status != OrderStatus.CANCELLED else None


# Training with an order standing stays until staff cancel the order under Orders (refunded first if paid by
# card): nothing is left to pay for training that will not happen.
ORDERED_SO_NOT_CANCELLED = (
    "This training is ordered ({reference}). Cancel that order first under Orders (refund it first if it "
    "is paid by card), so that nothing is left to pay for training that will not happen."
)
ORDERED_SO_NOT_WITHDRAWN = (
    "This training is ordered ({reference}), so it cannot be withdrawn here. Contact the outreach "
    "coordinator, who will cancel the order with it."
)
TRAINING_DAY_PASSED = (
    "The training day has passed, so it can no longer be withdrawn here. Contact the outreach coordinator."
)


def training_cancel_refusal(*, request) -> str | None:
    """Why staff may not cancel the training now, or None (its state is the declaration's to check)."""
    order = training_order_standing(request=request)
    return ORDERED_SO_NOT_CANCELLED.format(reference=order.reference) if order is not None else None


def training_withdraw_refusal(*, request, today: datetime.date) -> str | None:
    """Why the school may not withdraw the training now, or None: not from its day on, nor once ordered."""
    if training_has_taken_place(request=request, today=today):
        return TRAINING_DAY_PASSED
    order = training_order_standing(request=request)
    return ORDERED_SO_NOT_WITHDRAWN.format(reference=order.reference) if order is not None else None


def training_order_description(*, request) -> str:
    topics = ", ".join(str(topic) for topic in request.topics.all())
    return f"Training: {request.training_format}, {request.agreed_date:%-d %B %Y} ({topics})"


@dataclass(frozen=True)
class PortalAction:
    """A link the portal offers as a button: what it does, and where."""

    label: str
    url: str


@dataclass(frozen=True)
class TrainingPayment:
    """What a member may do now about paying for agreed training (`actions`), and whether it waits for
    someone with the buying role (`needs_a_buyer`)."""

    actions: tuple[PortalAction, ...] = ()
    needs_a_buyer: bool = False


def training_payment_of(*, request, membership) -> TrainingPayment:
    """Agreed training with no order yet is ordered (by someone with the buying role); a card order
    still waiting for its payment is paid on its page; an invoiced or paid order needs nothing more."""
    if not training_is_agreed(request=request):
        return TrainingPayment()
    order = training_order_standing(request=request)
    if order is None:
        if not membership.can_buy:
            return TrainingPayment(needs_a_buyer=True)
        url = reverse("bookings:training_pay", args=[request.pk])
        return TrainingPayment(actions=(PortalAction("Order and pay for this training", url),))
    if order.status == OrderStatus.AWAITING_PAYMENT and membership.can_buy:
        label = f"Pay {format_pence(order.total_pence)} by card"
        return TrainingPayment(actions=(PortalAction(label, reverse("orders:pay_by_card", args=[order.pk])),))
    return TrainingPayment()


# --- What a school used in a year, for staff ---------------------------------------------------------------


def usage_of(*, school, year: FinancialYear) -> dict:
    """Surgeries attended, calls taken and hours drawn down by `school` in `year`: evidence for renewal."""
    in_year = {"session__date__gte": year.first_day, "session__date__lte": year.last_day}
    surgeries = bookings_for(school=school).filter(status=BookingStatus.CONFIRMED, **in_year)
    calls = callbacks_for(school=school).filter(
        created_at__date__gte=year.first_day, created_at__date__lte=year.last_day
    )
    lines = orders_selectors.holdings_for(school=school, year=year).packages
    return {
        "surgeries_attended": list(surgeries.filter(attended=True).order_by("session__date")),
        "surgeries_booked": surgeries.count(),
        "calls": list(calls.order_by("created_at")),
        "packages": lines,
        "quarter_hours_used": sum(line.quarter_hours_used for line in lines),
        "quarter_hours_bought": sum(line.quarter_hours_bought for line in lines),
        "training": list(
            training_requests_for(school=school).filter(
                agreed_date__gte=year.first_day, agreed_date__lte=year.last_day
            )
        ),
    }
