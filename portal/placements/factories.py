"""Factories for MAPP meetings, capacity, the panel and the placements page."""

from datetime import date, timedelta

import factory
import wagtail_factories

from portal.placements.models import (
    ExcludedPupilsCount,
    MappMeeting,
    MeetingRecord,
    PanelMember,
    PanelRole,
    PlacementCapacity,
    PlacementsPage,
)
from portal.placements.services import mapp_meeting_save


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


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    name = factory.Sequence(lambda n: f"Panel member {n}")
    role = PanelRole.SEND_OFFICER
    agency = "Local authority SEND team"
    email = factory.Sequence(lambda n: f"panel{n}@council.test")


class MeetingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRecord

    meeting = factory.SubFactory(MappMeetingFactory)


class ExcludedPupilsCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExcludedPupilsCount

    week_starting = date(2026, 11, 16)
    pupils = 4
