"""The portal's doors: a member's own query says whether their address is verified and whether they have
two-factor, so those answers must still refuse whoever allauth or the two-factor rule would refuse."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from portal.schools import selectors
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from portal.users.factories import turn_on_two_factor
from portal.users.selectors import authenticator_apps_of, verified_addresses_of

pytestmark = pytest.mark.django_db

ALL_ROLES = list(Role)
# The portal home, and a school page of each kind of door (any role, a role, a referrer with two-factor).
SCHOOL_PAGES = ["portal:home", "orders:orders", "bookings:surgeries", "portal:refer"]


@pytest.fixture
def member(home_page):
    membership = MembershipFactory(roles=ALL_ROLES)
    turn_on_two_factor(membership.user)
    return membership.user


@pytest.mark.parametrize("route", SCHOOL_PAGES)
def test_a_member_with_a_verified_address_gets_the_school_s_pages(client, member, route):
    client.force_login(member)

    response = client.get(reverse(route))

    assert response.status_code == 200
    assert "account/verified_email_required.html" not in [template.name for template in response.templates]


@pytest.mark.parametrize("route", SCHOOL_PAGES)
def test_a_member_whose_address_is_no_longer_verified_is_refused_and_sent_the_link(client, member, route):
    client.force_login(member)
    # As when the unit's staff change the address someone signs in with: unverified until confirmed.
    EmailAddress.objects.filter(user=member).update(verified=False)

    response = client.get(reverse(route))

    rendered = [template.name for template in response.templates]
    assert "account/verified_email_required.html" in rendered
    assert not [
        name for name in rendered if name.startswith(("portal/", "orders/", "bookings/", "placements/"))
    ]
    assert [message.to for message in mail.outbox] == [[member.email]]


def test_a_referrer_without_two_factor_is_sent_to_the_walkthrough_until_they_turn_it_on(client, home_page):
    referrer = MembershipFactory(roles=[Role.REFERRER]).user
    client.force_login(referrer)

    response = client.get(reverse("portal:refer"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("users:two_factor_required"))
    turn_on_two_factor(referrer)
    assert client.get(reverse("portal:refer")).status_code == 200


def test_the_membership_s_account_checks_follow_the_rules_they_stand_for(home_page):
    verified_with_app = MembershipFactory().user
    turn_on_two_factor(verified_with_app)
    unverified_with_codes_only = MembershipFactory().user
    EmailAddress.objects.filter(user=unverified_with_codes_only).update(verified=False)
    turn_on_two_factor(unverified_with_codes_only)
    Authenticator.objects.filter(user=unverified_with_codes_only, type=Authenticator.Type.TOTP).delete()
    without_addresses = MembershipFactory().user
    EmailAddress.objects.filter(user=without_addresses).delete()

    for user in (verified_with_app, unverified_with_codes_only, without_addresses):
        membership = selectors.current_membership(user=user)
        assert (membership.user_has_verified_email, membership.user_has_two_factor) == (
            verified_addresses_of(user=user).exists(),
            authenticator_apps_of(user=user).exists(),
        )
    assert selectors.current_membership(user=verified_with_app).user_has_verified_email
    assert selectors.current_membership(user=verified_with_app).user_has_two_factor
    assert not selectors.current_membership(user=unverified_with_codes_only).user_has_two_factor
