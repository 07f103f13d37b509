"""Places are never overbooked: many people pressing "Book" at once for the last places of a session get
exactly as many places as there are, and a clear "full" answer for the rest (PostgreSQL's row locks)."""

import pytest
from django.db import connection

from bookings.factories import SurgerySessionFactory
from bookings.models import BookingStatus
from bookings.services import surgeries
from portal.schools.factories import MembershipFactory
from tests.portal.orders.conftest import at_once, kinds, postgresql_only

ATTEMPTS = 100
PLACES = 10


def connections_to_spare():
    """How many connections the test may open at once: PostgreSQL's limit (100 by default) less those
    in use, less a margin for the test itself and anyone else on the server."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        limit = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM pg_stat_activity")
        in_use = cursor.fetchone()[0]
    return max(10, min(ATTEMPTS, limit - in_use - 10))


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_hundred_simultaneous_bookings_for_ten_places_give_exactly_ten(riverside):
    session = SurgerySessionFactory(places=PLACES)
    people = [MembershipFactory(school=riverside.school) for _ in range(ATTEMPTS)]

    def booking_for(membership):
        return lambda: surgeries.booking_create(
            membership=membership, session=session, attendee=membership.user
        )

    outcomes = at_once(*[booking_for(membership) for membership in people], workers=connections_to_spare())

    assert kinds(outcomes) == ["done"] * PLACES + ["refused"] * (ATTEMPTS - PLACES)
    assert {message for kind, message in outcomes if kind == "refused"} == {surgeries.SESSION_FULL}
    assert session.bookings.filter(status=BookingStatus.CONFIRMED).count() == PLACES


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_one_person_booked_twice_at_once_gets_one_place(riverside, session):
    teacher = riverside.teacher

    outcomes = at_once(
        *[lambda: surgeries.booking_create(membership=teacher, session=session, attendee=teacher.user)] * 5
    )

    assert kinds(outcomes) == ["done"] + ["refused"] * 4
    assert session.bookings.count() == 1
