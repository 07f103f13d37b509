"""Demo districts, schools with their logins, and a pending join request."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress

from portal.schools import demo
from portal.schools.models import District, JoinRequest, JoinRequestStatus, Membership, Role, School
from portal.users.models import User

pytestmark = pytest.mark.django_db


def test_demo_content_adds_two_schools_with_verified_logins_and_a_pending_request(settings):
    settings.DEBUG = True
    demo.load(stdout=StringIO())
    demo.load(stdout=StringIO())  # a second run adds nothing

    assert sorted(School.objects.values_list("name", flat=True)) == [
        "Oakfield Primary School",
        "Riverside Primary School",
    ]
    oakfield = Membership.objects.get(user__email="senco@oakfield-primary.test")
    riverside = Membership.objects.get(user__email="head@riverside-primary.test")
    assert (oakfield.school.name, oakfield.roles) == (
        "Oakfield Primary School",
        [Role.ADMINISTRATOR, Role.REFERRER],
    )
    assert (riverside.school.name, riverside.roles) == (
        "Riverside Primary School",
        [Role.ADMINISTRATOR, Role.FINANCE, Role.REFERRER],
    )
    for email in ["senco@oakfield-primary.test", "head@riverside-primary.test"]:
        assert EmailAddress.objects.filter(email=email, primary=True, verified=True).exists()
        assert User.objects.get(email=email).check_password("changeme")
    assert JoinRequest.objects.filter(status=JoinRequestStatus.PENDING).count() == 1
    assert sorted(District.objects.values_list("name", flat=True)) == [
        "District 1",
        "District 2",
        "District 4",
    ]
    assert all(district.safeguarding_lead_email.endswith(".test") for district in District.objects.all())


def test_demo_content_creates_no_logins_without_debug(settings):
    settings.DEBUG = False
    demo.load(stdout=StringIO())

    assert not User.objects.exists()
    assert not School.objects.exists()
