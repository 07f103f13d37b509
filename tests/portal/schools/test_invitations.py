"""Inviting a colleague: single-use, expiring links that only the invited address can accept."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from common.errors import DomainError
from portal.schools import selectors
from portal.schools.factories import InvitationFactory, MembershipFactory
from portal.schools.models import Invitation, Membership, Role
from portal.schools.services.invitations import (
    INVITATION_SENT,
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_withdraw,
)
from portal.schools.services.people import MEMBER_JOINED
from portal.users.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db


def accept_link(message):
    return re.search(r"https?://\S+/portal/invitations/\S+/", message.body).group(0)


def test_an_invitation_is_emailed_with_a_link_and_only_a_hash_is_stored(
    school, administrator, django_capture_on_commit_callbacks, logged_changes
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invitation_create(
            school=school,
            email="New.Teacher@Oakfield.test",
            roles=[Role.MEMBER],
            invited_by=administrator.user,
        )

    assert invitation.email == "new.teacher@oakfield.test"
    assert token not in invitation.token_hash
    assert invitation.token_hash == selectors.invitation_token_hash(token=token)
    assert invitation.expires_at - invitation.sent_at == timedelta(days=7)
    assert mail.outbox[0].to == ["new.teacher@oakfield.test"]
    assert accept_link(mail.outbox[0]).endswith(f"/portal/invitations/{token}/")
    assert logged_changes(school) == [
        (INVITATION_SENT, administrator.user, {"about": "new.teacher@oakfield.test", "to": "Member"})
    ]


def test_only_an_administrator_can_invite(school):
    referrer = MembershipFactory(school=school, roles=[Role.REFERRER]).user

    with pytest.raises(DomainError, match="Only an administrator"):
        invitation_create(school=school, email="x@oakfield.test", roles=[Role.MEMBER], invited_by=referrer)

    assert not Invitation.objects.exists()


def test_inviting_someone_already_a_member_is_refused(school, administrator):
    MembershipFactory(school=school, user__email="member@oakfield.test")

    with pytest.raises(DomainError, match="already a member") as error:
        invitation_create(
            school=school, email="Member@oakfield.test", roles=[Role.MEMBER], invited_by=administrator.user
        )

    assert error.value.field == "email"


def test_inviting_the_same_address_twice_points_to_sending_it_again(school, administrator):
    invitation_create(
        school=school, email="x@oakfield.test", roles=[Role.MEMBER], invited_by=administrator.user
    )

    with pytest.raises(DomainError, match="already been invited"):
        invitation_create(
            school=school, email="x@oakfield.test", roles=[Role.MEMBER], invited_by=administrator.user
        )

    assert Invitation.objects.count() == 1


def test_accepting_adds_the_invited_person_with_the_roles_chosen(school, administrator, logged_changes):
    invitation = InvitationFactory(
        school=school,
        email="colleague@oakfield.test",
        token="t1",
        roles=[Role.REFERRER],
        invited_by=administrator.user,
    )
    colleague = VerifiedUserFactory(email="colleague@oakfield.test")

    acceptance = invitation_accept(token="t1", user=colleague)

    assert not acceptance.already_member
    assert acceptance.membership.roles == [Role.REFERRER]
    invitation.refresh_from_db()
    assert invitation.invited_by == administrator.user
    assert invitation.accepted_at is not None
    assert logged_changes(school) == [
        (
            MEMBER_JOINED,
            colleague,
            {"about": "colleague@oakfield.test", "to": "Referrer", "why": "Accepted an invitation"},
        )
    ]


def test_an_invitation_works_only_once(school):
    InvitationFactory(school=school, email="colleague@oakfield.test", token="t1")
    colleague = VerifiedUserFactory(email="colleague@oakfield.test")
    invitation_accept(token="t1", user=colleague)
    Membership.objects.filter(user=colleague).delete()  # removed since: the old link must not let them back

    with pytest.raises(DomainError, match="already been used"):
        invitation_accept(token="t1", user=colleague)

    assert not Membership.objects.filter(user=colleague).exists()


def test_an_expired_invitation_is_refused(school):
    InvitationFactory(school=school, email="colleague@oakfield.test", token="t1")
    colleague = VerifiedUserFactory(email="colleague@oakfield.test")

    with (
        time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)),
        pytest.raises(DomainError, match="expired"),
    ):
        invitation_accept(token="t1", user=colleague)

    assert not Membership.objects.exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_invitation_for_another_address_is_refused(school):
    InvitationFactory(school=school, email="colleague@oakfield.test", token="t1")
    someone_else = VerifiedUserFactory(email="someone.else@oakfield.test")

    with pytest.raises(DomainError, match="different email address"):
        invitation_accept(token="t1", user=someone_else)

    assert not Membership.objects.exists()
    assert Invitation.objects.get().accepted_at is None


def test_the_invited_address_must_be_verified(school):
    InvitationFactory(school=school, email="colleague@oakfield.test", token="t1")
    colleague = VerifiedUserFactory(email="colleague@oakfield.test")
    EmailAddress.objects.filter(user=colleague).update(verified=False)

    with pytest.raises(DomainError, match="different email address"):
        invitation_accept(token="t1", user=colleague)

    assert not Membership.objects.exists()


def test_a_withdrawn_invitation_is_refused(school, administrator):
    invitation = InvitationFactory(school=school, email="colleague@oakfield.test", token="t1")
    invitation_withdraw(invitation=invitation, withdrawn_by=administrator)

    with pytest.raises(DomainError, match="withdrawn"):
        invitation_accept(token="t1", user=VerifiedUserFactory(email="colleague@oakfield.test"))

    assert not Membership.objects.filter(user__email="colleague@oakfield.test").exists()


def test_an_unknown_token_is_refused():
    with pytest.raises(DomainError, match="not valid"):
        invitation_accept(token="made-up", user=VerifiedUserFactory())


def test_someone_already_a_member_uses_up_the_link_and_keeps_their_roles(school):
    member = MembershipFactory(school=school, user__email="colleague@oakfield.test", roles=[Role.MEMBER])
    InvitationFactory(school=school, email="colleague@oakfield.test", token="t1", roles=[Role.ADMINISTRATOR])

    acceptance = invitation_accept(token="t1", user=member.user)

    assert acceptance.already_member
    member.refresh_from_db()
    assert member.roles == [Role.MEMBER]
    assert Invitation.objects.get().accepted_at is not None


def test_sending_again_replaces_the_link_and_extends_the_expiry(school, administrator):
    invitation = InvitationFactory(school=school, email="colleague@oakfield.test", token="old")

    with time_machine.travel(timezone.now() + timedelta(days=10)):
        invitation, new_token = invitation_resend(invitation=invitation, resent_by=administrator.user)
        with pytest.raises(DomainError, match="not valid"):
            selectors.invitation_for_token(token="old")
        invitation_accept(token=new_token, user=VerifiedUserFactory(email="colleague@oakfield.test"))

    assert Membership.objects.filter(school=school, user__email="colleague@oakfield.test").exists()


# Pages --------------------------------------------------------------------------------------------


def test_inviting_on_the_page(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("schools:invite"), {"email": "new@oakfield.test", "roles": ["member", "referrer"]}
        )

    assert response.url == reverse("schools:people")
    assert Invitation.objects.get().roles == [Role.REFERRER, Role.MEMBER]
    assert "new@oakfield.test" in admin_client.get(reverse("schools:people")).text
    assert len(mail.outbox) == 1


def test_an_invitation_with_mistakes_keeps_what_was_typed(admin_client):
    response = admin_client.post(reverse("schools:invite"), {"email": "not-an-email"})

    assert response.status_code == 400
    assert 'value="not-an-email"' in response.text
    assert "Select at least one role." in response.text
    assert not Invitation.objects.exists()


def test_accepting_on_the_page(client, home_page, school):
    InvitationFactory(school=school, email="colleague@oakfield.test", token="t1")
    client.force_login(VerifiedUserFactory(email="colleague@oakfield.test"))
    url = reverse("schools:invitation_accept", args=["t1"])

    page = client.get(url)
    response = client.post(url)

    assert "Join Oakfield Primary School" in page.text
    assert response.url == reverse("portal:home")
    assert "Oakfield Primary School" in client.get(reverse("portal:home")).text


def test_the_link_asks_a_signed_out_visitor_to_sign_in_first(client, home_page):
    response = client.get(reverse("schools:invitation_accept", args=["t1"]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("invitation_fields", "message"),
    [
        ({"email": "someone.else@oakfield.test"}, "different email address"),
        ({"accepted_at": timezone.now()}, "already been used"),
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "expired"),
        ({"cancelled_at": timezone.now()}, "withdrawn"),
    ],
)
def test_an_unusable_invitation_is_explained_on_the_page_and_changes_nothing(
    client, home_page, school, invitation_fields, message
):
    InvitationFactory(school=school, token="t1", **{"email": "colleague@oakfield.test", **invitation_fields})
    client.force_login(VerifiedUserFactory(email="colleague@oakfield.test"))
    url = reverse("schools:invitation_accept", args=["t1"])

    for response in [client.get(url), client.post(url)]:
        assert response.status_code == 400
        assert message in response.text
    assert not Membership.objects.exists()


def test_an_unknown_invitation_link_gives_404(client, home_page):
    client.force_login(VerifiedUserFactory())

    response = client.get(reverse("schools:invitation_accept", args=["made-up"]))

    assert response.status_code == 404
    assert "not valid" in response.text
