"""Sessions, bookings, call-backs and training requests as tests need them, in any state (`status=...`
when made: afterwards only a declared transition changes it). Tests of the rules go through
`bookings.services`."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone

from bookings.models import (
    BookingStatus,
    CallbackRequest,
    SessionMode,
    SurgeriesPage,
    SurgeryBooking,
    SurgerySession,
    TrainingMode,
    TrainingRequest,
    TrainingStatus,
)
from portal.schools.factories import SchoolFactory
from portal.users.factories import VerifiedUserFactory
from services.factories import TrainingFormatFactory


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


class CallbackRequestFactory(factory.django.DjangoModelFactory):
    """A call-back waiting for its call."""

    class Meta:
        model = CallbackRequest

    school = factory.SubFactory(SchoolFactory)
    requested_by = factory.SubFactory(VerifiedUserFactory)
    created_at = factory.LazyFunction(timezone.now)
    topic = "A pupil who leaves the classroom"
    phone = "01632 960 123"
    times_that_suit = "Weekdays after 3:30pm"


class TrainingRequestFactory(factory.django.DjangoModelFactory):
    """Twilight-style training for 20 staff, awaiting agreement; `agreed=True` for one agreed for today."""

    class Meta:
        model = TrainingRequest

    school = factory.SubFactory(SchoolFactory)
    requested_by = factory.SubFactory(VerifiedUserFactory)
    created_at = factory.LazyFunction(timezone.now)
    training_format = factory.SubFactory(TrainingFormatFactory)
    staff_count = 20
    mode = TrainingMode.IN_PERSON
    preferred_date_1 = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    preferred_date_2 = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=37))
    quoted_pence = 57_000

    class Params:
        agreed = factory.Trait(
            status=TrainingStatus.AGREED,
            agreed_date=factory.LazyFunction(timezone.localdate),
            agreed_time=datetime.time(15, 30),
            trainer="Specialist teacher",
            final_staff_count=20,
            agreed_price_pence=57_000,
        )
