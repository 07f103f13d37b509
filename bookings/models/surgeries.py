"""Behaviour surgeries: sessions staff run, and the places schools book at them.

A session's and a booking's transitions are declared on their models (`common.workflows`) and applied
by one function per transition in `bookings.services.surgeries`:

    session ........... OPEN -> CANCELLED (by staff, with a reason everyone booked is told)
    places left ....... CONFIRMED -> CANCELLED (by the booker, the attendee, their administrator, or with
                        the session)
    session full ...... WAITING -> CONFIRMED (first on the list, when a place frees up) or CANCELLED
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from common import workflows

MAX_PLACES = 200


def default_booking_closes_on(day: datetime.date) -> datetime.date:
    """Booking closes at the end of the day before the session, unless staff set another day."""
    return day - datetime.timedelta(days=1)


class SessionMode(models.TextChoices):
    IN_PERSON = "in_person", "In person at the unit"
    ONLINE = "online", "Online"


class SessionStatus(models.TextChoices):
    OPEN = "open", "Open"
    CANCELLED = "cancelled", "Cancelled"


CHANGE_SESSION = workflows.staff("bookings.change_surgerysession")

CANCEL_REASON_REQUIRED = "Enter the reason the surgery is cancelled: everyone booked is told it."
SESSION_ALREADY_CANCELLED = "This surgery is already cancelled."


class SurgerySession(workflows.FSMModelMixin, models.Model):
    """A behaviour surgery: a question-and-answer session with the outreach team, held twice a term."""

    date = models.DateField()
    starts_at = models.TimeField("starts at")
    ends_at = models.TimeField("ends at")
    mode = models.CharField(max_length=10, choices=SessionMode.choices, default=SessionMode.IN_PERSON)
    room = models.CharField(max_length=100, blank=True, help_text="In person: the room at the unit.")
    address = models.TextField(blank=True, help_text="In person: one line per row, postcode last.")
    meeting_link = models.URLField(
        blank=True,
        help_text="Online: the meeting's link. Only people with a booking see it, in the portal and emails.",
    )
    places = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PLACES)]
    )
    booking_closes_on = models.DateField(
        "booking closes on",
        blank=True,
        help_text="The last day to book or cancel a place. Leave blank for the day before the session.",
    )
    theme = models.CharField(
        max_length=150, blank=True, help_text="Optional, for example Managing transitions."
    )
    status = workflows.StatusField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.OPEN)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancel_reason = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["date", "starts_at", "pk"]
        verbose_name = "behaviour surgery"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="bookings_session_ends_after_start",
                violation_error_message="The end time must be after the start time.",
            ),
            models.CheckConstraint(
                condition=Q(booking_closes_on__lte=models.F("date")),
                name="bookings_session_closes_by_its_day",
                violation_error_message="Booking must close on or before the day of the surgery.",
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="bookings_session_has_places"),
        ]

    def __str__(self):
        theme = f": {self.theme}" if self.theme else ""
        return f"Behaviour surgery {self.date:%-d %B %Y} {self.starts_at:%H:%M}{theme}"

    def save(self, *args, **kwargs):
        if self.booking_closes_on is None and self.date is not None:
            self.booking_closes_on = default_booking_closes_on(self.date)
        super().save(*args, **kwargs)

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    @property
    def places_left(self):
        """Needs `places_taken`, which `bookings.selectors.with_places_taken` annotates."""
        return max(0, self.places - self.places_taken)

    @property
    def is_full(self):
        return self.places_left == 0

    @property
    def is_online(self):
        return self.mode == SessionMode.ONLINE

    @property
    def where(self):
        """Where it is, in words anyone may see (never the meeting link)."""
        if self.is_online:
            return "Online"
        return (
            ", ".join(part for part in [self.room, " ".join(self.address.split())] if part) or "At the unit"
        )

    def opening_times(self):
        """(start, end) as aware datetimes in the site's time zone."""
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(self.date, self.starts_at, tzinfo=zone),
            datetime.datetime.combine(self.date, self.ends_at, tzinfo=zone),
        )

    # --- Transitions (applied by `common.workflows.transition_apply` from `bookings.services.surgeries`) ---

    @workflows.transition(
        source=SessionStatus.OPEN,
        target=SessionStatus.CANCELLED,
        label="Cancel session",
        allowed=CHANGE_SESSION,
        needs={"why": CANCEL_REASON_REQUIRED},
        danger=True,
        refused=SESSION_ALREADY_CANCELLED,
    )
    def cancel(self):
        """Staff cancel the session: every place and waiting-list place goes with it, and each person is
        told why."""


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Booked"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


# A person holds at most one of these per session.
ACTIVE_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.WAITING)

ALREADY_CANCELLED = "This booking is already cancelled."
NOT_WAITING = "{record} is {status}, so it cannot be given a place from the waiting list."


def booker_attendee_or_administrator(booking, actor):
    """the person who booked the place, the attendee, or an administrator at the booking's school"""
    return getattr(actor, "school_id", None) == booking.school_id and (
        actor.is_administrator or actor.user_id in (booking.booked_by_id, booking.attendee_id)
    )


class SurgeryBooking(workflows.FSMModelMixin, models.Model):
    """A place at a session (or a place on its waiting list) for one person at a school."""

    session = models.ForeignKey(SurgerySession, on_delete=models.PROTECT, related_name="bookings")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="surgery_bookings")
    # A person's bookings go with their account; who booked is kept as a fact of the booking.
    attendee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="surgery_places"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="surgery_bookings_made"
    )
    question = models.TextField(
        blank=True,
        max_length=1000,
        help_text="What the attendee wants to bring. Only the outreach team sees it.",
    )
    status = workflows.StatusField(max_length=10, choices=BookingStatus.choices)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    notes_for_school = models.TextField(
        "advice notes for the school", blank=True, help_text="The school sees these in the portal."
    )
    staff_notes = models.TextField(
        "notes for the team", blank=True, help_text="Only the outreach team sees these."
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "created_at", "pk"]
        verbose_name = "surgery booking"
        constraints = [
            # One person, one place (or one place in the queue) per session, whatever races.
            models.UniqueConstraint(
                fields=["session", "attendee"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="bookings_one_place_per_person_and_session",
            )
        ]

    def __str__(self):
        return f"{self.attendee} at {self.session}"

    @property
    def is_confirmed(self):
        return self.status == BookingStatus.CONFIRMED

    @property
    def is_waiting(self):
        return self.status == BookingStatus.WAITING

    @property
    def is_cancelled(self):
        return self.status == BookingStatus.CANCELLED

    @property
    def reference(self):
        return f"SUR-{self.pk:05d}"

    # --- Transitions (applied by `common.workflows.transition_apply` from `bookings.services.surgeries`) ---

    @workflows.transition(
        source=BookingStatus.WAITING,
        target=BookingStatus.CONFIRMED,
        label="Given a freed place",
        allowed=workflows.system,
        refused=NOT_WAITING,
    )
    def promote(self):
        """A place freed up (a cancellation, or more places) and this was first on the waiting list."""

    @workflows.transition(
        source=ACTIVE_STATUSES,
        target=BookingStatus.CANCELLED,
        label="Cancel booking",
        allowed=booker_attendee_or_administrator,
        offered=workflows.PORTAL,
        danger=True,
        refused=ALREADY_CANCELLED,
    )
    def cancel(self):
        """The school gives up a place (or a place on the waiting list), until booking closes."""

    @workflows.transition(
        source=ACTIVE_STATUSES,
        target=BookingStatus.CANCELLED,
        label="Cancelled with the surgery",
        allowed=CHANGE_SESSION,
        offered=workflows.NOWHERE,
        needs={"why": CANCEL_REASON_REQUIRED},
        refused=ALREADY_CANCELLED,
    )
    def cancel_with_session(self):
        """Staff cancelled the session, so every place at it goes (made by `session_cancel` only)."""
