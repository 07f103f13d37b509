from django.apps import AppConfig


class BookingsConfig(AppConfig):
    """Behaviour surgeries (sessions, bookings, the waiting list), the advice line and training requests."""

    name = "bookings"
    label = "bookings"
    verbose_name = "Surgeries, advice line and training"

    def ready(self):
        from bookings.models import SurgeryBooking, SurgerySession
        from common import page_cache

        # The public surgeries page lists the sessions and the places left at each.
        page_cache.purge_when_saved(SurgerySession, SurgeryBooking)
