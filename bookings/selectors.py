"""Reads with rules for surgeries, the advice line and training requests.

Every query a school-facing view makes goes through one of the `..._for(school=...)` functions here, so
a school only ever reaches its own bookings, calls and requests; a view looks an id up inside what they
return, never by bare id.
"""

import datetime

from django.db.models import Count, Q, QuerySet

from bookings.models.advice import CallbackRequest
from bookings.models.surgeries import BookingStatus, SurgeryBooking, SurgerySession
from bookings.models.training import TrainingRequest
from common.financial_years import FinancialYear
from portal.orders import selectors as orders_selectors
from portal.schools.models import Membership

# --- Surgeries --------------------------------------------------------------------------------------------


def with_places_taken(sessions: QuerySet[SurgerySession]) -> QuerySet[SurgerySession]:
    """Annotate `places_taken` and `waiting_count` in the same query."""
    return sessions.annotate(
        places_taken=Count("bookings", filter=Q(bookings__status=BookingStatus.CONFIRMED)),
        waiting_count=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING)),
    )


def upcoming_sessions(*, today: datetime.date) -> QuerySet[SurgerySession]:
    """Sessions from today on that are not cancelled, soonest first, with the places taken at each."""
    return with_places_taken(SurgerySession.objects.filter(date__gte=today, cancelled_at__isnull=True))


def sessions_to_book() -> QuerySet[SurgerySession]:
    """Every session, with its places taken: a school may ask to book any (the services refuse past,
    cancelled, closed and full ones with a message)."""
    return with_places_taken(SurgerySession.objects.all())


def places_taken(*, session) -> int:
    return session.bookings.filter(status=BookingStatus.CONFIRMED).count()


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
    """{session id: [the school's booked or waiting bookings there]}, in one query."""
    grouped = {}
    bookings = bookings_for(school=school).filter(
        session__in=sessions, status__in=(BookingStatus.CONFIRMED, BookingStatus.WAITING)
    )
    for booking in bookings.order_by("created_at", "pk"):
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
        session__cancelled_at__isnull=True,
        reminder_sent_at__isnull=True,
    ).select_related("session", "attendee", "school")


def may_book(*, school, today: datetime.date) -> bool:
    """Surgeries and the advice line come with the Universal Offer: the one rule, in portal.orders."""
    return orders_selectors.holds_universal_offer(school=school, on_date=today)


# --- The advice line --------------------------------------------------------------------------------------


def callbacks_for(*, school) -> QuerySet[CallbackRequest]:
    return CallbackRequest.objects.filter(school=school).select_related("requested_by")


# --- Training ---------------------------------------------------------------------------------------------


def training_requests_for(*, school) -> QuerySet[TrainingRequest]:
    return (
        TrainingRequest.objects.filter(school=school)
        .select_related("training_format", "requested_by")
        .prefetch_related("topics")
    )


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
