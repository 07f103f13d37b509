"""Every model of the app, so Django finds them."""

from bookings.models.advice import CallbackRequest, CallbackStatus
from bookings.models.pages import SurgeriesPage
from bookings.models.surgeries import (
    BookingStatus,
    SessionMode,
    SessionStatus,
    SurgeryBooking,
    SurgerySession,
)
from bookings.models.training import TrainingMode, TrainingRequest, TrainingStatus

__all__ = [
    "BookingStatus",
    "CallbackRequest",
    "CallbackStatus",
    "SessionMode",
    "SessionStatus",
    "SurgeriesPage",
    "SurgeryBooking",
    "SurgerySession",
    "TrainingMode",
    "TrainingRequest",
    "TrainingStatus",
]
