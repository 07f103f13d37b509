"""Factories for MAPP meetings, capacity and the placements page."""

from datetime import date, timedelta

import factory
import wagtail_factories

from portal.placements.models import MappMeeting, PlacementCapacity, PlacementsPage
from portal.placements.services.mapp import mapp_meeting_save


class MappMeetingFactory(factory.django.DjangoModelFactory):
    """Saved through the service, so a meeting without a deadline gets the usual one."""

    class Meta:
        model = MappMeeting

    meeting_date = factory.Sequence(lambda n: date(2026, 1, 6) + timedelta(weeks=6 * n))
    submission_deadline = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return mapp_meeting_save(meeting=model_class(*args, **kwargs))


class PlacementCapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacementCapacity

    starts_on = factory.Sequence(lambda n: date(2024 + n, 9, 1))
    places = 32


class PlacementsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PlacementsPage

    title = "Placements and panel dates"
    slug = "placements"
    intro = "How placements work."
