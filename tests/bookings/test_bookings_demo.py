"""Demo surgeries: the public page and sessions over the next two terms; with DEBUG on, the first
session nearly full and the second full with a waiting list, a call-back waiting and a training request
from Riverside awaiting agreement. Running the loader twice adds nothing."""

import datetime
import zoneinfo
from io import StringIO

import pytest
import time_machine

from bookings import demo
from bookings.models import (
    BookingStatus,
    CallbackRequest,
    CallbackStatus,
    SessionMode,
    SurgeriesPage,
    SurgerySession,
    TrainingRequest,
    TrainingStatus,
)
from bookings.selectors import with_places_taken
from portal.orders import demo as orders_demo
from portal.schools import demo as schools_demo
from portal.users import demo as users_demo
from services import demo_content as services_demo

pytestmark = pytest.mark.django_db

AUTUMN_2026 = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


def load_everything():
    for loader in [users_demo.load, services_demo.load, schools_demo.load, orders_demo.load, demo.load]:
        loader(stdout=StringIO())


@time_machine.travel(AUTUMN_2026, tick=False)
def test_demo_surgeries_bookings_call_back_and_training(settings, home_page):
    settings.DEBUG = True
    load_everything()
    load_everything()

    sessions = list(with_places_taken(SurgerySession.objects.order_by("date")))
    assert len(sessions) == len(demo.SESSIONS)
    assert {session.mode for session in sessions} == {SessionMode.IN_PERSON, SessionMode.ONLINE}
    assert sessions[0].date > datetime.date(2026, 11, 24)
    assert sessions[-1].date < datetime.date(2027, 7, 31)
    nearly_full, full = sessions[:2]
    assert nearly_full.places_left == 1
    assert full.is_full
    assert full.waiting_count == 1
    assert (
        full.bookings.filter(status=BookingStatus.WAITING).get().attendee.email == "ta@riverside-primary.test"
    )
    assert CallbackRequest.objects.get().status == CallbackStatus.WAITING
    request = TrainingRequest.objects.get()
    assert (request.school.name, request.status) == ("Riverside Primary School", TrainingStatus.REQUESTED)
    assert request.quoted_pence == 47_000 + 7 * 2_000
    assert SurgeriesPage.objects.live().count() == 1


@time_machine.travel(AUTUMN_2026, tick=False)
def test_without_debug_only_the_page_and_sessions_are_made(settings, home_page):
    settings.DEBUG = False
    demo.load(stdout=StringIO())

    assert SurgerySession.objects.count() == len(demo.SESSIONS)
    assert not CallbackRequest.objects.exists()
    assert SurgeriesPage.objects.count() == 1
