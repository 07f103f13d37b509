"""Sessions and bookings as tests need them. Tests of the rules book through `bookings.services`."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from bookings.models import BookingStatus, SessionMode, SurgeriesPage, SurgeryBooking, SurgerySession
from portal.schools.factories import SchoolFactory
from portal.users.factories import VerifiedUserFactory


class SurgerySessionFactory(factory.django.DjangoModelFactory):
    """In person, two weeks ahead, 10 places; `online=True` for one on Zoom."""

    class Meta:
        model = SurgerySession

    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    starts_at = datetime.time(15, 45)
    ends_at = datetime.time(17, 0)
    mode = SessionMode.IN_PERSON
    room = "Training room"
    address = "Stepping Stones Short Stay School\n1 Example Road\nAB1 2CD"
    places = 10

    class Params:
        online = factory.Trait(
            mode=SessionMode.ONLINE, room="", address="", meeting_link="https://zoom.example.test/j/123456"
        )


class SurgeryBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurgeryBooking

    session = factory.SubFactory(SurgerySessionFactory)
    school = factory.SubFactory(SchoolFactory)
    attendee = factory.SubFactory(VerifiedUserFactory)
    booked_by = factory.SelfAttribute("attendee")
    status = BookingStatus.CONFIRMED
    created_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)


class SurgeriesPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SurgeriesPage

    title = "Behaviour surgeries"
    slug = "behaviour-surgeries"
    intro = "Advice sessions for teachers."
