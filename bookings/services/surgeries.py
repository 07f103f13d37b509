"""Booking behaviour surgeries: the rules, each written once, and one function per transition.

Every booking write locks its session's row first (`select_for_update`), so the places are counted and
taken one booking at a time however many people press "Book" at once; the partial unique constraint
on (session, attendee) is the last guard against one person holding two places. Each change of state is
declared on the models and applied by `common.workflows.transition_apply`.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from bookings import calendar, selectors
from bookings.models import BookingStatus, SurgeryBooking, SurgerySession
from bookings.models.surgeries import ACTIVE_STATUSES, default_booking_closes_on
from common import workflows
from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.financial_years import FinancialYear
from portal.orders import selectors as orders_selectors

# Audited events that are not a change of state (those are the models' declared transitions).
BOOKED = "bookings.booked"
WAITING_LIST_JOINED = "bookings.waiting_list_joined"
SESSION_CHANGED = "bookings.session_changed"
ATTENDANCE_RECORDED = "bookings.attendance_recorded"

NO_UNIVERSAL_OFFER = (
    "Behaviour surgeries come with the Universal Support Offer. {school} does not hold it for {year}."
)
SESSION_CANCELLED_MESSAGE = "This surgery has been cancelled. Choose another date."
SESSION_PAST = "This surgery has already taken place. Choose another date."
BOOKING_CLOSED = "Booking for this surgery closed on {day}. Choose another date."
SESSION_FULL = "This surgery is full. You can join its waiting list instead."
NOT_FULL = "This surgery still has places: book one instead of joining the waiting list."
NOT_AT_SCHOOL = "Choose someone at {school}."
ALREADY_BOOKED = "{name} already has a place, or a place on the waiting list, at this surgery."
CANCEL_NOT_ALLOWED = (
    "Only the person who booked this place, or an administrator at the school, can cancel it."
)
CANCEL_CLOSED = "Places can be cancelled only until booking closes ({day}). Contact the outreach team."
FEWER_PLACES_THAN_BOOKED = (
    "{booked} people hold places at this surgery. Enter {booked} places or more, or cancel the session."
)
IN_PERSON_NEEDS_PLACE = "Enter the room or the address of an in-person surgery."
ONLINE_NEEDS_LINK = "Enter the meeting link of an online surgery."
NOT_ATTENDING = "Only a confirmed place can have its attendance recorded."
PROMOTED_WHY = "A place freed up and they were first on the waiting list."


def _long_date(day):
    return date_format(day, "l j F Y")


# --- The rules --------------------------------------------------------------------------------------------


def check_school_holds_universal_offer(*, school, today: datetime.date) -> None:
    if not orders_selectors.holds_universal_offer(school=school, on_date=today):
        raise DomainError(NO_UNIVERSAL_OFFER.format(school=school.name, year=FinancialYear.containing(today)))


def check_session_open(*, session: SurgerySession, today: datetime.date) -> None:
    """Not cancelled, not past, and booking not yet closed."""
    if session.is_cancelled:
        raise DomainError(SESSION_CANCELLED_MESSAGE)
    if session.date < today:
        raise DomainError(SESSION_PAST)
    if today > session.booking_closes_on:
        raise DomainError(BOOKING_CLOSED.format(day=_long_date(session.booking_closes_on)))


def check_attendee_at_school(*, attendee, school) -> None:
    if not selectors.colleagues_of(school=school).filter(user=attendee).exists():
        raise DomainError(NOT_AT_SCHOOL.format(school=school.name), field="attendee")


def check_not_booked(*, session, attendee) -> None:
    if session.bookings.filter(attendee=attendee, status__in=ACTIVE_STATUSES).exists():
        raise DomainError(ALREADY_BOOKED.format(name=attendee), field="attendee")


def check_session_details(*, session: SurgerySession) -> None:
    """Where it is held: a room or address in person, a link online."""
    if session.is_online and not session.meeting_link:
        raise DomainError(ONLINE_NEEDS_LINK, field="meeting_link")
    if not session.is_online and not (session.room or session.address.strip()):
        raise DomainError(IN_PERSON_NEEDS_PLACE, field="room")


# --- Emails -----------------------------------------------------------------------------------------------


def _email_booking(template, booking, *, cancelled=False, **context):
    """Email the attendee (and the booker, when someone else booked) with the booking's calendar file."""
    portal_url = calendar.surgeries_url()
    ics = calendar.booking_calendar(booking=booking, cancelled=cancelled)
    # Only a place puts the session in a calendar (and a cancelled place takes it out again): someone who
    # only ever waited gets no calendar file.
    attachments = [(calendar.FILENAME, ics, calendar.MIMETYPE)] if booking.confirmed_at else []
    recipients = {booking.attendee.email} | ({booking.booked_by.email} if booking.booked_by else set())
    for email in sorted(recipients):
        send_after_commit(
            f"bookings/email/{template}",
            to=email,
            context={"booking": booking, "session": booking.session, "portal_url": portal_url, **context},
            attachments=attachments,
        )


# --- Sessions (staff) -------------------------------------------------------------------------------------


def _validated(session):
    check_session_details(session=session)
    try:
        session.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field) from error
    return session


# What a booked person is told about when it changes.
NOTIFIED_FIELDS = ("date", "starts_at", "ends_at", "mode", "room", "address", "meeting_link")
# What an edit saves: never the state, nor when and why it was cancelled, which belong to the transition
# (a form opened before someone cancelled the session must not open it again).
EDITED_FIELDS = [*NOTIFIED_FIELDS, "places", "booking_closes_on", "theme"]


@transaction.atomic
def session_save(*, session: SurgerySession, user=None) -> SurgerySession:
    """Add or change a session (the admin's forms come here). A change of date, time or place is emailed,
    with an updated calendar file, to everyone holding a place; more places go to the waiting list."""
    before = None
    if session.pk is not None:
        before = SurgerySession.objects.select_for_update().get(pk=session.pk)
        booked = selectors.session_with_places_taken(session=before).places_taken
        if session.places < booked:
            raise DomainError(FEWER_PLACES_THAN_BOOKED.format(booked=booked), field="places")
    if before is None:
        _validated_or_default(session).save()
        return session
    _validated_or_default(session).save(update_fields=EDITED_FIELDS)
    changed = [field for field in NOTIFIED_FIELDS if getattr(before, field) != getattr(session, field)]
    if changed and not before.is_cancelled:
        record_change(
            instance=session, action=SESSION_CHANGED, user=user, why=f"Changed: {', '.join(changed)}"
        )
        for booking in session.bookings.filter(status=BookingStatus.CONFIRMED).select_related(
            "attendee", "booked_by", "session"
        ):
            _email_booking("session_changed", booking)
    if session.places > before.places and not before.is_cancelled:
        _promote_waiting(session)
    return session


def _validated_or_default(session):
    if session.booking_closes_on is None and session.date is not None:
        session.booking_closes_on = default_booking_closes_on(session.date)
    return _validated(session)


@transaction.atomic
def session_cancel(*, session: SurgerySession, user, reason: str) -> SurgerySession:
    """Cancel a session: every place and waiting-list place is cancelled and each person told why."""
    reason = reason.strip()
    session = workflows.transition_apply(
        session,
        "cancel",
        by=user,
        why=reason,
        changes={"cancelled_at": timezone.now(), "cancel_reason": reason},
    )
    for booking in session.bookings.filter(status__in=ACTIVE_STATUSES).select_related(
        "attendee", "booked_by", "session"
    ):
        booking = workflows.transition_apply(
            booking,
            "cancel_with_session",
            by=user,
            why=f"The surgery was cancelled: {reason}",
            changes={"cancelled_at": timezone.now()},
        )
        _email_booking("session_cancelled", booking, cancelled=True, reason=reason)
    return session


# --- Bookings ---------------------------------------------------------------------------------------------


def _locked_session(session) -> SurgerySession:
    return SurgerySession.objects.select_for_update().get(pk=session.pk)


def _checked_for_booking(*, membership, session, attendee, today):
    check_school_holds_universal_offer(school=membership.school, today=today)
    session = _locked_session(session)
    check_session_open(session=session, today=today)
    check_attendee_at_school(attendee=attendee, school=membership.school)
    check_not_booked(session=session, attendee=attendee)
    return session


def _insert(*, membership, session, attendee, question, status, confirmed_at=None):
    booking = SurgeryBooking(
        session=session,
        school=membership.school,
        attendee=attendee,
        booked_by=membership.user,
        question=question.strip(),
        status=status,
        created_at=timezone.now(),
        confirmed_at=confirmed_at,
    )
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        # Only reachable without the session lock (another path); the constraint still says no.
        raise DomainError(ALREADY_BOOKED.format(name=booking.attendee), field="attendee") from None
    return booking


def _book(*, membership, session, attendee, question) -> SurgeryBooking:
    booking = _insert(
        membership=membership,
        session=session,
        attendee=attendee,
        question=question,
        status=BookingStatus.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    record_change(instance=booking, action=BOOKED, user=membership.user, to=booking.get_status_display())
    _email_booking("booking_confirmed", booking)
    return booking


def _wait(*, membership, session, attendee, question) -> SurgeryBooking:
    booking = _insert(
        membership=membership,
        session=session,
        attendee=attendee,
        question=question,
        status=BookingStatus.WAITING,
    )
    record_change(
        instance=booking, action=WAITING_LIST_JOINED, user=membership.user, to=booking.get_status_display()
    )
    send_after_commit(
        "bookings/email/waiting_list_joined",
        to=attendee.email,
        context={
            "booking": booking,
            "session": session,
            "position": selectors.waiting_position(booking=booking),
            "portal_url": calendar.surgeries_url(),
        },
    )
    return booking


@transaction.atomic
def booking_create(
    *, membership, session, attendee, question: str = "", today: datetime.date | None = None
) -> SurgeryBooking:
    """Book a place at `session` for `attendee` (the booker or a colleague at their school). Refused when
    the school lacks the Universal Offer, the session is cancelled, past, closed or full, the attendee is
    not at the school or already has a place."""
    today = today or timezone.localdate()
    session = _checked_for_booking(membership=membership, session=session, attendee=attendee, today=today)
    if selectors.session_with_places_taken(session=session).is_full:
        raise DomainError(SESSION_FULL)
    return _book(membership=membership, session=session, attendee=attendee, question=question)


@transaction.atomic
def booking_join_waiting_list(
    *, membership, session, attendee, question: str = "", today: datetime.date | None = None
) -> SurgeryBooking:
    """Put `attendee` on a full session's waiting list; the first on it gets the next place that frees up."""
    today = today or timezone.localdate()
    session = _checked_for_booking(membership=membership, session=session, attendee=attendee, today=today)
    if not selectors.session_with_places_taken(session=session).is_full:
        raise DomainError(NOT_FULL)
    return _wait(membership=membership, session=session, attendee=attendee, question=question)


@transaction.atomic
def booking_make(
    *, membership, session, attendee, question: str = "", today: datetime.date | None = None
) -> SurgeryBooking:
    """What the portal's form asks for: a place while the session has one, else a place on its waiting
    list, decided on the locked session (so a page shown a moment ago cannot decide it). Refused as
    `booking_create` is, but never for being full."""
    today = today or timezone.localdate()
    session = _checked_for_booking(membership=membership, session=session, attendee=attendee, today=today)
    add = _wait if selectors.session_with_places_taken(session=session).is_full else _book
    return add(membership=membership, session=session, attendee=attendee, question=question)


def _check_cancellable(*, today):
    def check(booking):
        session = booking.session
        if session.is_cancelled:
            raise DomainError(SESSION_CANCELLED_MESSAGE)
        if today > session.booking_closes_on:
            raise DomainError(CANCEL_CLOSED.format(day=_long_date(session.booking_closes_on)))

    return check


@transaction.atomic
def booking_cancel(*, booking, membership, today: datetime.date | None = None) -> SurgeryBooking:
    """Cancel a place (or a place on the waiting list), by the booker, the attendee or an administrator
    at the school, until booking closes. A freed place goes to the first on the waiting list at once."""
    today = today or timezone.localdate()
    session = _locked_session(booking.session)
    try:
        booking = workflows.transition_apply(
            booking,
            "cancel",
            by=membership,
            changes={"cancelled_at": timezone.now()},
            check=_check_cancellable(today=today),
        )
    except PermissionDenied:
        raise DomainError(CANCEL_NOT_ALLOWED) from None
    _email_booking("booking_cancelled", booking, cancelled=True)
    _promote_waiting(session)  # a waiting-list place frees none: the session stays full
    return booking


def _promote_waiting(session):
    """Give each free place to the first on the waiting list (the session is locked), and tell them."""
    while not selectors.session_with_places_taken(session=session).is_full:
        waiting = selectors.first_waiting(session=session)
        if waiting is None:
            return
        booking = workflows.transition_apply(
            waiting, "promote", by=None, why=PROMOTED_WHY, changes={"confirmed_at": timezone.now()}
        )
        _email_booking("waiting_list_promoted", booking)


# --- After the session (staff) ----------------------------------------------------------------------------


@transaction.atomic
def booking_record_attendance(
    *, booking, user, attended: bool, notes_for_school: str = "", staff_notes: str = ""
) -> SurgeryBooking:
    """Mark whether a booked person came, with notes of the advice given (the school sees
    `notes_for_school`; `staff_notes` stay with the team)."""
    booking = SurgeryBooking.objects.select_for_update().get(pk=booking.pk)
    if not booking.is_confirmed:
        raise DomainError(NOT_ATTENDING)
    previous = {None: "Not recorded", True: "Attended", False: "Did not attend"}
    before = previous[booking.attended]
    booking.attended = attended
    booking.notes_for_school = notes_for_school.strip()
    booking.staff_notes = staff_notes.strip()
    booking.save(update_fields=["attended", "notes_for_school", "staff_notes"])
    record_change(
        instance=booking, action=ATTENDANCE_RECORDED, user=user, from_=before, to=previous[attended]
    )
    return booking


# --- Reminders --------------------------------------------------------------------------------------------


def reminders_send(*, today: datetime.date) -> int:
    """Remind everyone booked at tomorrow's sessions; returns how many were sent. Safe to run again, or
    twice at once: each booking's row is locked and marked in the transaction that queues its email."""
    sent = 0
    for candidate in selectors.bookings_to_remind(today=today):
        with transaction.atomic():
            booking = (
                SurgeryBooking.objects.select_for_update()
                .filter(pk=candidate.pk, reminder_sent_at__isnull=True, status=BookingStatus.CONFIRMED)
                .first()
            )
            if booking is None:
                continue
            booking.reminder_sent_at = timezone.now()
            booking.save(update_fields=["reminder_sent_at"])
            booking = SurgeryBooking.objects.select_related("session", "attendee", "booked_by").get(
                pk=booking.pk
            )
            _email_booking("reminder", booking)
            sent += 1
    return sent
