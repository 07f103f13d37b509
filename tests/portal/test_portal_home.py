"""The portal home: the joining journey for newcomers, and the school's page with its routes for members."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from portal.schools.factories import InvitationFactory, JoinRequestFactory, MembershipFactory
from portal.schools.models import JoinRequestStatus, Role
from portal.users.factories import VerifiedUserFactory, turn_on_two_factor

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def test_someone_with_no_school_is_offered_the_joining_journey(client, home_page):
    response = signed_in(client, VerifiedUserFactory()).get(reverse("portal:home"))

    assert response.status_code == 200
    assert reverse("schools:join_start") in response.text
    assert "Nothing bought yet" not in response.text


def test_a_pending_request_is_shown_with_its_status(client, home_page):
    join_request = JoinRequestFactory(school__name="Oakfield Primary School")

    text = signed_in(client, join_request.user).get(reverse("portal:home")).text

    assert "Your request is waiting for approval" in text
    assert join_request.reference in text
    assert f'href="{reverse("schools:join_start")}"' not in text


def test_a_declined_request_shows_the_reason_and_lets_them_ask_again(client, home_page):
    join_request = JoinRequestFactory(
        status=JoinRequestStatus.DECLINED, decline_reason="Not on the staff list."
    )

    text = signed_in(client, join_request.user).get(reverse("portal:home")).text

    assert "Not on the staff list." in text
    assert reverse("schools:join_start") in text


def test_an_invitation_waiting_for_them_is_mentioned(client, home_page):
    user = VerifiedUserFactory(email="colleague@oakfield.test")
    InvitationFactory(email="colleague@oakfield.test", school__name="Oakfield Primary School")

    text = signed_in(client, user).get(reverse("portal:home")).text

    assert "Oakfield Primary School has invited you" in text


@time_machine.travel(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC))
def test_a_member_sees_their_school_this_financial_year_and_the_routes(client, home_page):
    membership = MembershipFactory(
        school__name="Oakfield Primary School", roles=[Role.ADMINISTRATOR, Role.REFERRER]
    )

    response = signed_in(client, membership.user).get(reverse("portal:home"))

    assert "<h1>Oakfield Primary School</h1>" in response.text
    assert "Nothing bought yet for 2026-27" in response.text
    for route in ["portal:buy", "portal:book", "portal:refer", "schools:people"]:
        assert reverse(route) in response.text


@time_machine.travel(datetime.datetime(2027, 3, 31, 12, 0, tzinfo=datetime.UTC))
def test_the_financial_year_shown_runs_to_the_end_of_march(client, home_page):
    membership = MembershipFactory()

    assert (
        "Nothing bought yet for 2026-27"
        in signed_in(client, membership.user).get(reverse("portal:home")).text
    )


def test_the_people_route_is_only_offered_to_administrators(client, home_page):
    membership = MembershipFactory(roles=[Role.MEMBER])

    home = signed_in(client, membership.user).get(reverse("portal:home"))

    assert reverse("schools:people") not in home.text


@pytest.mark.parametrize(
    ("route", "roles", "status"),
    [
        ("portal:buy", [Role.FINANCE], 200),
        ("portal:buy", [Role.ADMINISTRATOR], 200),
        ("portal:buy", [Role.MEMBER, Role.REFERRER], 403),
        ("portal:book", [Role.MEMBER], 200),
        ("portal:refer", [Role.MEMBER, Role.FINANCE], 403),
    ],
)
def test_routes_are_coming_soon_pages_for_those_with_the_role(client, home_page, route, roles, status):
    membership = MembershipFactory(roles=roles)

    response = signed_in(client, membership.user).get(reverse(route))

    assert response.status_code == status
    assert ("Coming soon" in response.text) == (status == 200)


def test_referring_needs_two_factor_first(client, home_page):
    membership = MembershipFactory(roles=[Role.REFERRER])
    signed_in(client, membership.user)

    without = client.get(reverse("portal:refer"))
    turn_on_two_factor(membership.user)
    with_two_factor = client.get(reverse("portal:refer"))

    assert without.status_code == 302
    assert without.url.startswith(reverse("users:two_factor_required"))
    assert with_two_factor.status_code == 200
    assert "Request a placement" in with_two_factor.text


def test_someone_in_two_schools_chooses_which_to_act_for(client, home_page):
    user = VerifiedUserFactory()
    MembershipFactory(user=user, school__name="Oakfield Primary School")
    riverside = MembershipFactory(user=user, school__name="Riverside Primary School").school
    signed_in(client, user)

    first = client.get(reverse("portal:home"))
    client.post(reverse("portal:choose_school"), {"school": riverside.pk})
    home = client.get(reverse("portal:home"))

    assert first.url == reverse("portal:choose_school")
    assert "<h1>Riverside Primary School</h1>" in home.text
    assert reverse("portal:choose_school") in home.text


def test_a_school_routes_send_someone_without_a_school_to_the_portal_home(client, home_page):
    response = signed_in(client, VerifiedUserFactory()).get(reverse("portal:book"))

    assert response.url == reverse("portal:home")
