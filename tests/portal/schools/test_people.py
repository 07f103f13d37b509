"""A school's people: what each role allows, changing roles, removing people, keeping an administrator,
and the log of who changed what."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from common.errors import DomainError
from common.workflows import action_of
from portal.schools.factories import InvitationFactory, JoinRequestFactory, MembershipFactory
from portal.schools.models import Invitation, InvitationStatus, Membership, Role
from portal.schools.services import invitations, joining
from portal.schools.services.people import (
    MEMBER_JOINED,
    MEMBER_REMOVED,
    MEMBER_ROLES_CHANGED,
    membership_change_roles,
    membership_remove,
)
from portal.users.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("roles", "can_manage_people", "can_buy", "can_refer", "can_book"),
    [
        ([Role.ADMINISTRATOR], True, True, False, True),
        ([Role.FINANCE], False, True, False, True),
        ([Role.REFERRER], False, False, True, True),
        ([Role.MEMBER], False, False, False, True),
        ([Role.FINANCE, Role.REFERRER], False, True, True, True),
    ],
)
def test_what_each_role_allows(roles, can_manage_people, can_buy, can_refer, can_book):
    membership = Membership(**{f"is_{role.value}": True for role in roles})

    assert (membership.can_manage_people, membership.can_buy, membership.can_refer, membership.can_book) == (
        can_manage_people,
        can_buy,
        can_refer,
        can_book,
    )


def test_an_administrator_changes_a_colleague_s_roles_and_the_change_is_recorded(
    school, administrator, logged_changes
):
    colleague = MembershipFactory(school=school, roles=[Role.MEMBER])

    membership_change_roles(
        membership=colleague, roles=[Role.FINANCE, Role.MEMBER], changed_by=administrator.user
    )

    colleague.refresh_from_db()
    assert colleague.roles == [Role.FINANCE, Role.MEMBER]
    assert logged_changes(school) == [
        (
            MEMBER_ROLES_CHANGED,
            administrator.user,
            {"about": colleague.user.email, "from": "Member", "to": "Finance, Member"},
        )
    ]


def test_someone_who_is_not_an_administrator_cannot_change_roles(school):
    finance = MembershipFactory(school=school, roles=[Role.FINANCE])
    colleague = MembershipFactory(school=school, roles=[Role.MEMBER])

    with pytest.raises(DomainError, match="Only an administrator"):
        membership_change_roles(membership=colleague, roles=[Role.ADMINISTRATOR], changed_by=finance.user)

    colleague.refresh_from_db()
    assert colleague.roles == [Role.MEMBER]


def test_an_administrator_of_another_school_cannot_change_roles(administrator):
    elsewhere = MembershipFactory(roles=[Role.MEMBER])

    with pytest.raises(DomainError, match="Only an administrator"):
        membership_change_roles(
            membership=elsewhere, roles=[Role.ADMINISTRATOR], changed_by=administrator.user
        )

    elsewhere.refresh_from_db()
    assert elsewhere.roles == [Role.MEMBER]


def test_a_member_keeps_at_least_one_role(school, administrator):
    colleague = MembershipFactory(school=school, roles=[Role.MEMBER])

    with pytest.raises(DomainError, match="Select at least one role"):
        membership_change_roles(membership=colleague, roles=[], changed_by=administrator.user)


def test_taking_the_administrator_role_from_the_last_administrator_is_refused(
    school, administrator, logged_changes
):
    with pytest.raises(DomainError) as error:
        membership_change_roles(
            membership=administrator, roles=[Role.REFERRER], changed_by=administrator.user
        )

    assert "must always have an administrator" in error.value.message
    assert error.value.field == "roles"
    administrator.refresh_from_db()
    assert administrator.is_administrator
    assert logged_changes(school) == []


def test_an_administrator_can_step_down_once_someone_else_is_administrator(school, administrator):
    other = MembershipFactory(school=school, roles=[Role.MEMBER])
    membership_change_roles(membership=other, roles=[Role.ADMINISTRATOR], changed_by=administrator.user)

    membership_change_roles(membership=administrator, roles=[Role.REFERRER], changed_by=administrator.user)

    administrator.refresh_from_db()
    assert administrator.roles == [Role.REFERRER]


def test_removing_the_last_administrator_is_refused(school, administrator):
    with pytest.raises(DomainError, match="only administrator"):
        membership_remove(membership=administrator, removed_by=administrator.user)

    assert Membership.objects.filter(pk=administrator.pk).exists()


def test_removing_a_colleague_deletes_their_membership_and_records_who_did_it(
    school, administrator, logged_changes
):
    colleague = MembershipFactory(school=school, roles=[Role.REFERRER])

    membership_remove(membership=colleague, removed_by=administrator.user)

    assert not Membership.objects.filter(pk=colleague.pk).exists()
    assert logged_changes(school) == [
        (
            MEMBER_REMOVED,
            administrator.user,
            {"about": colleague.user.email, "from": "Referrer", "to": "no longer a member"},
        )
    ]


def test_a_non_administrator_cannot_remove_anyone(school, administrator):
    member = MembershipFactory(school=school, roles=[Role.MEMBER, Role.REFERRER])

    with pytest.raises(DomainError, match="Only an administrator"):
        membership_remove(membership=administrator, removed_by=member.user)

    assert Membership.objects.count() == 2


# Who changed what: one log entry on the school per change, by whoever made it ----------------------


def invite(school, administrator):
    invitations.invitation_create(
        school=school, email="colleague@oakfield.test", roles=[Role.MEMBER], invited_by=administrator.user
    )
    return administrator.user


def resend(school, administrator):
    invitation = InvitationFactory(school=school)
    invitations.invitation_resend(invitation=invitation, resent_by=administrator.user)
    return administrator.user


def accept(school, administrator):
    InvitationFactory(school=school, email="colleague@oakfield.test", token="t1")
    colleague = VerifiedUserFactory(email="colleague@oakfield.test")
    invitations.invitation_accept(token="t1", user=colleague)
    return colleague


def change_roles(school, administrator):
    colleague = MembershipFactory(school=school, roles=[Role.MEMBER])
    membership_change_roles(membership=colleague, roles=[Role.REFERRER], changed_by=administrator.user)
    return administrator.user


def remove(school, administrator):
    colleague = MembershipFactory(school=school, roles=[Role.MEMBER])
    membership_remove(membership=colleague, removed_by=administrator.user)
    return administrator.user


def approve(school, administrator):
    staff = VerifiedUserFactory(is_staff=True, is_superuser=True)
    joining.join_request_approve(join_request=JoinRequestFactory(school=school), decided_by=staff)
    return staff


@pytest.mark.parametrize(
    ("change", "action"),
    [
        (invite, invitations.INVITATION_SENT),
        (resend, invitations.INVITATION_RESENT),
        (accept, MEMBER_JOINED),
        (change_roles, MEMBER_ROLES_CHANGED),
        (remove, MEMBER_REMOVED),
        (approve, MEMBER_JOINED),
    ],
    ids=["invite", "resend", "accept", "role change", "removal", "approval"],
)
def test_every_people_change_writes_one_log_entry_on_the_school_with_who_made_it(
    school, administrator, change, action
):
    logged_before = set(ModelLogEntry.objects.for_instance(school).values_list("pk", flat=True))

    acting_user = change(school, administrator)

    new_entries = ModelLogEntry.objects.for_instance(school).exclude(pk__in=logged_before)
    assert [(entry.action, entry.user) for entry in new_entries] == [(action, acting_user)]
    assert new_entries.get().object_id == str(school.pk)


def test_a_withdrawal_is_one_log_entry_on_the_invitation_with_who_made_it(school, administrator):
    invitation = InvitationFactory(school=school, email="colleague@oakfield.test")

    invitations.invitation_withdraw(invitation=invitation, withdrawn_by=administrator)

    entries = ModelLogEntry.objects.for_instance(invitation)
    assert [(entry.action, entry.user, entry.data) for entry in entries] == [
        (
            action_of(Invitation, "withdraw"),
            administrator.user,
            {"about": "colleague@oakfield.test", "from": "Waiting to be accepted", "to": "Withdrawn"},
        )
    ]
    assert not ModelLogEntry.objects.for_instance(school).exists()


def test_the_school_s_history_in_the_admin_shows_its_invitations_withdrawn(
    staff_client, school, administrator
):
    invitation = InvitationFactory(school=school, email="colleague@oakfield.test")
    invitations.invitation_withdraw(invitation=invitation, withdrawn_by=administrator)

    response = staff_client.get(reverse("schools_school_modeladmin_history", args=[school.pk]))

    assert "Withdraw: colleague@oakfield.test, from Waiting to be accepted to Withdrawn" in response.text


def test_a_former_administrator_cannot_withdraw_an_invitation(school, administrator):
    invitation = InvitationFactory(school=school)
    former = MembershipFactory(school=school, roles=[Role.MEMBER])

    with pytest.raises(DomainError, match="Only an administrator of Oakfield Primary School"):
        invitations.invitation_withdraw(invitation=invitation, withdrawn_by=former)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPEN


# Pages --------------------------------------------------------------------------------------------


def test_the_people_page_lists_colleagues_and_their_roles(admin_client, school):
    MembershipFactory(school=school, user__email="finance@oakfield.test", roles=[Role.FINANCE])
    MembershipFactory(user__email="someone@elsewhere.test")

    response = admin_client.get(reverse("schools:people"))

    assert response.status_code == 200
    assert "finance@oakfield.test" in response.text
    assert "someone@elsewhere.test" not in response.text


def test_changing_roles_on_the_page(admin_client, school):
    colleague = MembershipFactory(school=school, roles=[Role.MEMBER])

    response = admin_client.post(
        reverse("schools:change_roles", args=[colleague.pk]), {"roles": ["referrer"]}
    )

    assert response.url == reverse("schools:people")
    colleague.refresh_from_db()
    assert colleague.roles == [Role.REFERRER]


def test_the_last_administrator_refusal_is_shown_by_the_roles_field(admin_client, administrator):
    response = admin_client.post(
        reverse("schools:change_roles", args=[administrator.pk]), {"roles": ["member"]}
    )

    assert response.status_code == 400
    assert "must always have an administrator" in response.text
    assert 'href="#id_roles_0"' in response.text  # the error summary links to the first checkbox
    administrator.refresh_from_db()
    assert administrator.is_administrator


def test_removing_the_last_administrator_on_the_page_is_refused_with_a_message(admin_client, administrator):
    response = admin_client.post(reverse("schools:remove", args=[administrator.pk]))

    assert response.status_code == 400
    assert "only administrator" in response.text
    assert Membership.objects.filter(pk=administrator.pk).exists()


def test_removing_a_colleague_on_the_page(admin_client, school):
    colleague = MembershipFactory(school=school)

    confirm = admin_client.get(reverse("schools:remove", args=[colleague.pk]))
    response = admin_client.post(reverse("schools:remove", args=[colleague.pk]))

    assert colleague.user.email in confirm.text
    assert response.url == reverse("schools:people")
    assert not Membership.objects.filter(pk=colleague.pk).exists()


@pytest.mark.parametrize("route", ["schools:people", "schools:invite"])
def test_only_administrators_manage_people(client, home_page, school, route):
    member = MembershipFactory(school=school, roles=[Role.FINANCE, Role.REFERRER, Role.MEMBER])
    client.force_login(member.user)

    response = client.get(reverse(route))

    assert response.status_code == 403
    assert "needs the administrator role" in response.text
