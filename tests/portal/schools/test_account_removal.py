"""The admin's Users screens cannot take away a school's last administrator: deleting or deactivating
that account is refused with the reason; anyone else's memberships end, recorded on the school."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from common.errors import DomainError
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Membership, Role
from portal.schools.services.people import MEMBER_REMOVED, memberships_end
from portal.users.models import User

pytestmark = pytest.mark.django_db

LAST_ADMINISTRATOR = (
    "is the only administrator of Oakfield Primary School, and a school must always have an administrator"
)


def edit_url(user):
    return reverse("wagtailusers_users:edit", args=[user.pk])


def delete_url(user):
    return reverse("wagtailusers_users:delete", args=[user.pk])


def bulk_url(action, users):
    query = urlencode([("id", user.pk) for user in users])
    return reverse("wagtail_bulk_action", args=["users", "user", action]) + "?" + query


def edit_form_data(user, **changes):
    """What the Users edit form posts for `user` as it is (the "active" box ticked if they are)."""
    data = {"email": user.email, "first_name": user.first_name, "last_name": user.last_name}
    if user.is_active:
        data["is_active"] = "on"
    return {**data, **changes}


def messages_on(client, response):
    return client.get(response.url).text


# Deleting --------------------------------------------------------------------------------------------


def test_deleting_a_school_s_last_administrator_is_refused_with_the_reason(staff_client, administrator):
    page = staff_client.get(delete_url(administrator.user))
    response = staff_client.post(delete_url(administrator.user))

    assert page.url == edit_url(administrator.user)
    assert response.url == edit_url(administrator.user)
    assert LAST_ADMINISTRATOR in messages_on(staff_client, response)
    assert User.objects.filter(pk=administrator.user.pk).exists()
    assert Membership.objects.filter(pk=administrator.pk, is_administrator=True).exists()


def test_deleting_anyone_else_ends_their_memberships_on_the_record_first(
    staff_client, staff_user, school, administrator, logged_changes
):
    colleague = MembershipFactory(school=school, user__email="leaver@oakfield.test", roles=[Role.FINANCE])
    elsewhere = MembershipFactory(user=colleague.user, roles=[Role.MEMBER])

    page = staff_client.get(delete_url(colleague.user))
    response = staff_client.post(delete_url(colleague.user))

    assert page.status_code == 200
    assert response.status_code == 302
    assert not User.objects.filter(email="leaver@oakfield.test").exists()
    for membership, roles in [(colleague, "Finance"), (elsewhere, "Member")]:
        assert logged_changes(membership.school) == [
            (
                MEMBER_REMOVED,
                staff_user,
                {
                    "about": "leaver@oakfield.test",
                    "from": roles,
                    "to": "no longer a member",
                    "why": "Account deleted in the admin",
                },
            )
        ]


def test_a_deleted_last_administrator_s_second_school_keeps_them_too(staff_client, administrator):
    # An administrator of two schools, the last at one of them: the whole deletion is refused.
    other_school = SchoolFactory()
    MembershipFactory(school=other_school, roles=[Role.ADMINISTRATOR])
    MembershipFactory(user=administrator.user, school=other_school, roles=[Role.ADMINISTRATOR])

    staff_client.post(delete_url(administrator.user))

    assert Membership.objects.filter(user=administrator.user).count() == 2


def test_an_administrator_can_be_deleted_once_the_school_has_another(staff_client, school, administrator):
    MembershipFactory(school=school, roles=[Role.ADMINISTRATOR])

    staff_client.post(delete_url(administrator.user))

    assert not User.objects.filter(pk=administrator.user.pk).exists()
    assert Membership.objects.filter(school=school, is_administrator=True).count() == 1


# Deactivating ----------------------------------------------------------------------------------------


def test_deactivating_a_school_s_last_administrator_is_refused_and_nothing_is_saved(
    staff_client, administrator
):
    user = administrator.user

    response = staff_client.post(edit_url(user), edit_form_data(user, is_active="", first_name="Changed"))

    assert response.url == edit_url(user)
    assert LAST_ADMINISTRATOR in messages_on(staff_client, response)
    user.refresh_from_db()
    assert user.is_active
    assert user.first_name != "Changed"
    assert Membership.objects.filter(pk=administrator.pk).exists()


def test_deactivating_anyone_else_ends_their_memberships_on_the_record(
    staff_client, staff_user, school, administrator, logged_changes
):
    colleague = MembershipFactory(school=school, user__email="leaver@oakfield.test", roles=[Role.REFERRER])
    data = edit_form_data(colleague.user)
    del data["is_active"]

    response = staff_client.post(edit_url(colleague.user), data)

    assert response.status_code == 302
    colleague.user.refresh_from_db()
    assert not colleague.user.is_active
    assert not Membership.objects.filter(pk=colleague.pk).exists()
    assert logged_changes(school)[-1] == (
        MEMBER_REMOVED,
        staff_user,
        {
            "about": "leaver@oakfield.test",
            "from": "Referrer",
            "to": "no longer a member",
            "why": "Account deactivated in the admin",
        },
    )


def test_editing_an_administrator_without_deactivating_changes_no_membership(staff_client, administrator):
    user = administrator.user

    response = staff_client.post(edit_url(user), edit_form_data(user, first_name="Renamed"))

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.first_name == "Renamed"
    assert Membership.objects.filter(pk=administrator.pk, is_administrator=True).exists()


# Bulk actions on the Users list ------------------------------------------------------------------------


def test_bulk_deleting_both_of_a_school_s_administrators_is_refused_and_deletes_no_one(
    staff_client, school, administrator
):
    deputy = MembershipFactory(school=school, roles=[Role.ADMINISTRATOR])
    bystander = MembershipFactory(roles=[Role.MEMBER])
    users = [administrator.user, deputy.user, bystander.user]

    response = staff_client.post(bulk_url("delete", users))

    assert response.status_code == 302
    assert LAST_ADMINISTRATOR in messages_on(staff_client, response)
    assert User.objects.filter(pk__in=[user.pk for user in users]).count() == 3
    assert Membership.objects.count() == 3


def test_bulk_deactivating_ends_memberships_and_keeps_the_rule(staff_client, school, administrator):
    leaver = MembershipFactory(school=school, roles=[Role.MEMBER])

    refused = staff_client.post(bulk_url("set_active_state", [administrator.user]), {"mark_as_active": False})
    done = staff_client.post(bulk_url("set_active_state", [leaver.user]), {"mark_as_active": False})

    assert refused.status_code == done.status_code == 302
    administrator.user.refresh_from_db()
    leaver.user.refresh_from_db()
    assert administrator.user.is_active
    assert not leaver.user.is_active
    assert list(Membership.objects.all()) == [administrator]


# The service the hooks call ------------------------------------------------------------------------------


def test_ending_memberships_is_all_or_nothing(staff_user, school, administrator, logged_changes):
    leaver = MembershipFactory(roles=[Role.MEMBER])

    with pytest.raises(DomainError, match="only administrator of Oakfield Primary School"):
        memberships_end(users=[leaver.user, administrator.user], ended_by=staff_user, why="Leaving")

    assert Membership.objects.count() == 2
    assert logged_changes(leaver.school) == []
