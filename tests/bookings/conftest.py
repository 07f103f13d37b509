"""Shared fixtures for surgeries and the advice line: a school holding this year's Universal Offer with a
few people, another school, and an upcoming session."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from bookings.factories import SurgerySessionFactory
from portal.orders.factories import OrderFactory, UniversalOfferLineFactory
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role


def give_universal_offer(school):
    """An invoiced order holding this year's Universal Offer, as checkout leaves it."""
    order = OrderFactory(school=school, includes_universal_offer=True)
    UniversalOfferLineFactory(order=order)
    return order


@pytest.fixture
def riverside(db):
    """Riverside holds the offer; a teacher, a colleague and an administrator act for it."""
    school = SchoolFactory(name="Riverside Primary School")
    give_universal_offer(school)
    return SimpleNamespace(
        school=school,
        teacher=MembershipFactory(
            school=school, roles=[Role.MEMBER], user__email="teacher@riverside.test", user__first_name="Alex"
        ),
        colleague=MembershipFactory(
            school=school, roles=[Role.MEMBER], user__email="senco@riverside.test", user__first_name="Jo"
        ),
        admin=MembershipFactory(
            school=school,
            roles=[Role.ADMINISTRATOR],
            user__email="head@riverside.test",
            user__first_name="Kim",
        ),
    )


@pytest.fixture
def oakfield(db):
    """Oakfield holds the offer too: another school, for isolation tests."""
    school = SchoolFactory(name="Oakfield Primary School")
    give_universal_offer(school)
    return SimpleNamespace(
        school=school,
        teacher=MembershipFactory(school=school, roles=[Role.MEMBER], user__email="teacher@oakfield.test"),
    )


@pytest.fixture
def no_offer(db):
    """A school without this year's offer."""
    school = SchoolFactory(name="Hillside Primary School")
    return SimpleNamespace(
        school=school,
        teacher=MembershipFactory(school=school, roles=[Role.MEMBER], user__email="teacher@hillside.test"),
    )


@pytest.fixture
def session(db):
    """An in-person session in two weeks with 10 places."""
    return SurgerySessionFactory(theme="Managing transitions")


@pytest.fixture
def signed_in(client, home_page):
    """`signed_in(membership)`: the client, signed in as that person."""

    def sign_in(membership):
        client.force_login(membership.user)
        return client

    return sign_in


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)
