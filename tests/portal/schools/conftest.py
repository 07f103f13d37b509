import pytest

from portal.schools.factories import DistrictFactory, MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.schools.services.joining import NewSchoolDetails


@pytest.fixture
def school(db):
    return SchoolFactory(name="Oakfield Primary School")


@pytest.fixture
def administrator(school):
    """The school's only administrator (a referrer too, so they can step down and keep a role)."""
    return MembershipFactory(school=school, roles=[Role.ADMINISTRATOR, Role.REFERRER])


@pytest.fixture
def admin_client(client, home_page, administrator):
    """A client signed in to the portal as the school's administrator."""
    client.force_login(administrator.user)
    return client


@pytest.fixture
def new_school_details(db):
    """`new_school_details(**changes)`: what someone registering Brook Primary School tells us."""

    def details(**overrides):
        fields = {
            "name": "Brook Primary School",
            "urn": "246810",
            "district": DistrictFactory(name="District 2"),
            "address": "2 Brook Road\nTown\nAB1 3CD",
            "phone": "01234 111222",
            "finance_email": "finance@brook.test",
        }
        return NewSchoolDetails(**{**fields, **overrides})

    return details
