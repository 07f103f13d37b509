"""Factories for panel data in tests. The deadline is left to the model, which applies the usual gap."""

from datetime import date, timedelta

import factory
import wagtail_factories

from portal.models import PanelMeeting, PlacementCapacity, PlacementsPage


class PanelMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMeeting

    meeting_date = factory.Sequence(lambda n: date(2026, 1, 6) + timedelta(weeks=6 * n))
    submission_deadline = None


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
