from django.apps import AppConfig


class BookingsConfig(AppConfig):
    """Behaviour surgeries (sessions, bookings, the waiting list), the advice line and training requests."""

    name = "bookings"
    label = "bookings"
    verbose_name = "Surgeries, advice line and training"
