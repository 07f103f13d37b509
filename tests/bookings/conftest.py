"""Shared fixtures for surgeries, the advice line and training: a school holding this year's Universal Offer
with a few people, another school, an upcoming session, and the training menu with a way to ask for
training and to agree it."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from bookings.factories import SurgerySessionFactory
from bookings.models import TrainingMode
from bookings.services import training
from portal.orders.factories import OrderFactory, UniversalOfferLineFactory
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from services.factories import TrainingFormatFactory, TrainingTopicFactory


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


# --- Training --------------------------------------------------------------------------------------------


@pytest.fixture
def menu(db):
    twilight = TrainingFormatFactory(
        name="Twilight", slug="twilight", duration_minutes=120, price_pence=35_000
    )
    half_day = TrainingFormatFactory(
        name="Half day", slug="half-day", duration_minutes=180, price_pence=47_000
    )
    full_day = TrainingFormatFactory(
        name="Full day", slug="full-day", duration_minutes=360, price_pence=78_000
    )
    return {
        "twilight": twilight,
        "half_day": half_day,
        "full_day": full_day,
        "any": TrainingTopicFactory(title="Understanding behaviour"),
        "long_only": TrainingTopicFactory(
            title="Trauma-informed practice", allowed_formats=[half_day, full_day]
        ),
    }


def ask(membership, menu, **changes):
    fields = {
        "training_format": menu["twilight"],
        "topics": [menu["any"]],
        "staff_count": 20,
        "mode": TrainingMode.IN_PERSON,
        "preferred_dates": [days_from_today(30), days_from_today(37), None],
        "notes": "",
        **changes,
    }
    return training.training_request_create(membership=membership, **fields)


def agree(request, user, *, final_staff_count):
    """Staff agree `request`: 15:30 thirty days from today, with a specialist teacher."""
    return training.training_agree(
        request=request,
        user=user,
        agreed_date=days_from_today(30),
        agreed_time=datetime.time(15, 30),
        trainer="Specialist teacher",
        final_staff_count=final_staff_count,
    )
