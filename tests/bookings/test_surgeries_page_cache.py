"""The stored public surgeries page: a booking, a freed place or a session's change shows at once."""

import pytest

from bookings.factories import SurgeriesPageFactory, SurgeryBookingFactory, SurgerySessionFactory
from bookings.services import surgeries
from home.models import ContactSettings
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from tests.page_cache import fresh, stored

pytestmark = pytest.mark.django_db

PAGE = "/behaviour-surgeries/"


@pytest.fixture
def session(home_page):
    """Wagtail creates a missing setting when a page first reads it, which purges: make it first."""
    ContactSettings.objects.create(site=home_page.get_site(), phone="01234 567890", email="o@x.test")
    SurgeriesPageFactory(parent=home_page)
    return SurgerySessionFactory(places=2, theme="Transitions")


def places_left(html):
    return html.split("Transitions</td>")[1].split("</td>")[0].strip().removeprefix("<td>")


def test_a_booking_shows_at_once(client, session):
    assert places_left(stored(client, PAGE)) == "2"

    SurgeryBookingFactory(session=session)

    assert places_left(fresh(client, PAGE)) == "1"


def test_a_freed_place_shows_at_once(client, session):
    booking = SurgeryBookingFactory(session=session)
    attendee = MembershipFactory(school=booking.school, user=booking.attendee, roles=[Role.MEMBER])
    assert places_left(stored(client, PAGE)) == "1"

    surgeries.booking_cancel(booking=booking, membership=attendee)

    assert places_left(fresh(client, PAGE)) == "2"


def test_a_session_s_change_shows_at_once(client, session):
    stored(client, PAGE)

    session.places = 5
    session.save()

    assert places_left(fresh(client, PAGE)) == "5"
