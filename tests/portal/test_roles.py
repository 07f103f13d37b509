"""Roles in a school: what each allows, changing them, removing people, keeping an administrator."""

import pytest
from django.urls import reverse

from portal import services
from portal.errors import LastAdministratorError, MembershipError, NotAllowedError
from portal.factories import MembershipFactory, SchoolFactory
from portal.models import Membership, PeopleChange, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory(name="Oakfield Primary School")


@pytest.fixture
def administrator(school):
    return MembershipFactory(school=school, roles=[Role.ADMINISTRATOR, Role.REFERRER])


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


def test_an_administrator_changes_a_colleague_s_roles_and_the_change_is_recorded(school, administrator):
    colleague = MembershipFactory(school=school, roles=[Role.MEMBER])

    services.membership_change_roles(
        membership=colleague, roles=[Role.FINANCE, Role.MEMBER], changed_by=administrator.user
    )

    colleague.refresh_from_db()
    assert colleague.roles == [Role.FINANCE, Role.MEMBER]
    assert colleague.roles_changed_by == administrator.user
    assert colleague.roles_changed_at is not None
    change = PeopleChange.objects.get()
    assert (change.action, change.roles, change.changed_by) == (
        PeopleChange.Action.ROLES_CHANGED,
        "Finance, Member",
        administrator.user,
    )


def test_someone_who_is_not_an_administrator_cannot_change_roles(school):
    finance = MembershipFactory(school=school, roles=[Role.FINANCE])
    colleague = MembershipFactory(school=school, roles=[Role.MEMBER])

    with pytest.raises(NotAllowedError):
        services.membership_change_roles(
            membership=colleague, roles=[Role.ADMINISTRATOR], changed_by=finance.user
        )

    colleague.refresh_from_db()
    assert colleague.roles == [Role.MEMBER]


def test_an_administrator_of_another_school_cannot_change_roles(administrator):
    elsewhere = MembershipFactory(roles=[Role.MEMBER])

    with pytest.raises(NotAllowedError):
        services.membership_change_roles(
            membership=elsewhere, roles=[Role.ADMINISTRATOR], changed_by=administrator.user
        )

    elsewhere.refresh_from_db()
    assert elsewhere.roles == [Role.MEMBER]


def test_a_member_keeps_at_least_one_role(school, administrator):
    colleague = MembershipFactory(school=school, roles=[Role.MEMBER])

    with pytest.raises(MembershipError, match="Select at least one role"):
        services.membership_change_roles(membership=colleague, roles=[], changed_by=administrator.user)


def test_taking_the_administrator_role_from_the_last_administrator_is_refused(administrator):
    with pytest.raises(LastAdministratorError) as error:
        services.membership_change_roles(
            membership=administrator, roles=[Role.REFERRER], changed_by=administrator.user
        )

    assert "must always have an administrator" in error.value.message
    administrator.refresh_from_db()
    assert administrator.is_administrator
    assert not PeopleChange.objects.exists()


def test_an_administrator_can_step_down_once_someone_else_is_administrator(school, administrator):
    other = MembershipFactory(school=school, roles=[Role.MEMBER])
    services.membership_change_roles(
        membership=other, roles=[Role.ADMINISTRATOR], changed_by=administrator.user
    )

    services.membership_change_roles(
        membership=administrator, roles=[Role.REFERRER], changed_by=administrator.user
    )

    administrator.refresh_from_db()
    assert administrator.roles == [Role.REFERRER]


def test_removing_the_last_administrator_is_refused(school, administrator):
    with pytest.raises(LastAdministratorError, match="only administrator"):
        services.membership_remove(membership=administrator, removed_by=administrator.user)

    assert Membership.objects.filter(pk=administrator.pk).exists()


def test_removing_a_colleague_deletes_their_membership_and_records_who_did_it(school, administrator):
    colleague = MembershipFactory(school=school, roles=[Role.REFERRER])

    services.membership_remove(membership=colleague, removed_by=administrator.user)

    assert not Membership.objects.filter(pk=colleague.pk).exists()
    change = PeopleChange.objects.get()
    assert (change.action, change.person_email, change.changed_by) == (
        PeopleChange.Action.REMOVED,
        colleague.user.email,
        administrator.user,
    )


def test_a_non_administrator_cannot_remove_anyone(school, administrator):
    member = MembershipFactory(school=school, roles=[Role.MEMBER, Role.REFERRER])

    with pytest.raises(NotAllowedError):
        services.membership_remove(membership=administrator, removed_by=member.user)

    assert Membership.objects.count() == 2


# Pages --------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, home_page, administrator):
    client.force_login(administrator.user)
    return client


def test_the_people_page_lists_colleagues_and_their_roles(admin_client, school):
    MembershipFactory(school=school, user__email="finance@oakfield.test", roles=[Role.FINANCE])
    MembershipFactory(user__email="someone@elsewhere.test")

    response = admin_client.get(reverse("schools:people"))

    assert response.status_code == 200
    assert "finance@oakfield.test" in response.text
    assert "someone@elsewhere.test" not in response.text


def test_changing_roles_on_the_page(admin_client, school):
    colleague = MembershipFactory(school=school, roles=[Role.MEMBER])

    response = admin_client.post(reverse("schools:change_roles", args=[colleague.pk]), {"roles": ["referrer"]})

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
