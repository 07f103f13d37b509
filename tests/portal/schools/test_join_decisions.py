"""The unit's staff approving or declining a request to join a school (or to register a new one)."""

import pytest
from django.core import mail

from common.errors import DomainError
from common.workflows import action_of
from portal.schools.factories import JoinRequestFactory, MembershipFactory, SchoolFactory
from portal.schools.models import JoinRequest, JoinRequestStatus, Membership, Role, School
from portal.schools.services.joining import (
    join_request_approve,
    join_request_create,
    join_request_decline,
)
from portal.schools.services.people import MEMBER_JOINED, membership_change_roles
from portal.users.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db

APPROVED = action_of(JoinRequest, "approve")
DECLINED = action_of(JoinRequest, "decline")


def test_approving_a_request_to_join_adds_the_member_and_emails_them_after_commit(
    staff_user, home_page, django_capture_on_commit_callbacks, logged_changes
):
    join_request = JoinRequestFactory(roles=[Role.REFERRER])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        membership = join_request_approve(join_request=join_request, decided_by=staff_user)
    assert len(mail.outbox) == 0  # nothing is sent until the change is committed
    for callback in callbacks:
        callback()

    assert membership.school == join_request.school
    assert membership.roles == [Role.REFERRER]
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED
    assert join_request.decided_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [join_request.user.email]
    assert join_request.school.name in mail.outbox[0].subject
    assert "http://localhost/portal/" in mail.outbox[0].body  # the link uses the default site's address
    assert logged_changes(join_request) == [
        (APPROVED, staff_user, {"from": "Waiting for approval", "to": "Approved"})
    ]
    assert logged_changes(join_request.school) == [
        (
            MEMBER_JOINED,
            staff_user,
            {
                "about": join_request.user.email,
                "to": "Referrer",
                "why": f"Request {join_request.reference} approved",
            },
        )
    ]


def test_approving_a_new_school_registers_it_with_the_requester_as_administrator(
    staff_user, django_capture_on_commit_callbacks, new_school_details
):
    join_request = join_request_create(
        user=VerifiedUserFactory(), job_title="Head", roles=[Role.REFERRER], new_school=new_school_details()
    )

    with django_capture_on_commit_callbacks(execute=True):
        membership = join_request_approve(join_request=join_request, decided_by=staff_user)

    school = School.objects.get(urn="246810")
    assert (school.name, school.finance_email, school.district.name) == (
        "Brook Primary School",
        "finance@brook.test",
        "District 2",
    )
    assert membership.school == school
    assert membership.roles == [Role.ADMINISTRATOR, Role.REFERRER]
    assert "now registered" in mail.outbox[0].body


def test_approving_a_new_school_whose_urn_was_registered_meanwhile_is_refused(staff_user, new_school_details):
    join_request = join_request_create(
        user=VerifiedUserFactory(), job_title="Head", roles=[], new_school=new_school_details()
    )
    SchoolFactory(urn="246810")

    with pytest.raises(DomainError, match="already registered"):
        join_request_approve(join_request=join_request, decided_by=staff_user)

    join_request.refresh_from_db()
    assert join_request.is_pending
    assert not Membership.objects.exists()


def test_declining_records_the_reason_and_emails_it(
    staff_user, django_capture_on_commit_callbacks, logged_changes
):
    join_request = JoinRequestFactory()

    with django_capture_on_commit_callbacks(execute=True):
        join_request_decline(
            join_request=join_request, decided_by=staff_user, reason="We could not confirm it."
        )

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.DECLINED
    assert join_request.decline_reason == "We could not confirm it."
    assert not Membership.objects.exists()
    assert "We could not confirm it." in mail.outbox[0].body
    assert logged_changes(join_request) == [
        (
            DECLINED,
            staff_user,
            {"from": "Waiting for approval", "to": "Declined", "why": "We could not confirm it."},
        )
    ]


def test_declining_without_a_reason_is_refused(staff_user, logged_changes):
    join_request = JoinRequestFactory()

    with pytest.raises(DomainError) as error:
        join_request_decline(join_request=join_request, decided_by=staff_user, reason="  ")

    assert error.value.field == "why"
    join_request.refresh_from_db()
    assert join_request.is_pending
    assert logged_changes(join_request) == []


@pytest.mark.parametrize("status", [JoinRequestStatus.APPROVED, JoinRequestStatus.DECLINED])
def test_a_decided_request_cannot_be_decided_again(staff_user, status):
    join_request = JoinRequestFactory(status=status)

    with pytest.raises(DomainError, match="already been"):
        join_request_approve(join_request=join_request, decided_by=staff_user)
    with pytest.raises(DomainError, match="already been"):
        join_request_decline(join_request=join_request, decided_by=staff_user, reason="No.")

    assert not Membership.objects.exists()
    assert len(mail.outbox) == 0


# Who decides: one rule (models.may_decide, declared on approve and decline), enforced by the services


def test_a_school_s_administrator_decides_a_request_to_join_it():
    join_request = JoinRequestFactory(roles=[Role.REFERRER])
    school_administrator = MembershipFactory(school=join_request.school, roles=[Role.ADMINISTRATOR])

    membership = join_request_approve(join_request=join_request, decided_by=school_administrator)

    assert membership.roles == [Role.REFERRER]
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED


def plain_member(join_request):
    return MembershipFactory(school=join_request.school, roles=[Role.MEMBER, Role.FINANCE, Role.REFERRER])


def administrator_elsewhere(join_request):
    return MembershipFactory(roles=[Role.ADMINISTRATOR])


def someone_with_no_school(join_request):
    return VerifiedUserFactory()


@pytest.mark.parametrize("decider", [plain_member, administrator_elsewhere, someone_with_no_school])
def test_nobody_else_decides_a_request_to_join_a_school(decider):
    join_request = JoinRequestFactory(roles=[Role.ADMINISTRATOR])
    MembershipFactory(school=join_request.school, roles=[Role.ADMINISTRATOR])
    user = decider(join_request)

    with pytest.raises(
        DomainError, match=f"Only an administrator of {join_request.school.name}, or the unit's"
    ):
        join_request_approve(join_request=join_request, decided_by=user)
    with pytest.raises(
        DomainError, match=f"Only an administrator of {join_request.school.name}, or the unit's"
    ):
        join_request_decline(join_request=join_request, decided_by=user, reason="No.")

    join_request.refresh_from_db()
    assert join_request.is_pending
    assert not Membership.objects.filter(user=join_request.user).exists()
    assert len(mail.outbox) == 0


def test_a_request_to_join_a_school_with_no_administrator_is_for_the_unit_s_staff_only(staff_user):
    join_request = JoinRequestFactory()
    member = MembershipFactory(school=join_request.school, roles=[Role.MEMBER])

    with pytest.raises(DomainError, match="Only the unit's staff"):
        join_request_approve(join_request=join_request, decided_by=member)
    membership = join_request_approve(join_request=join_request, decided_by=staff_user)

    assert membership.school == join_request.school


def test_a_request_to_register_a_school_is_for_the_unit_s_staff_only(new_school_details):
    join_request = join_request_create(
        user=VerifiedUserFactory(), job_title="Head", roles=[], new_school=new_school_details()
    )
    administrator_of_another_school = MembershipFactory(roles=[Role.ADMINISTRATOR])

    with pytest.raises(DomainError, match="Only the unit's staff"):
        join_request_approve(join_request=join_request, decided_by=administrator_of_another_school)

    assert not School.objects.filter(urn="246810").exists()


def test_nobody_decides_their_own_request(staff_user):
    join_request = JoinRequestFactory(user=staff_user)

    with pytest.raises(DomainError, match="You cannot decide your own request"):
        join_request_approve(join_request=join_request, decided_by=staff_user)

    assert not Membership.objects.exists()


def test_an_administrator_who_lost_the_role_can_no_longer_decide():
    join_request = JoinRequestFactory()
    head = MembershipFactory(school=join_request.school, roles=[Role.ADMINISTRATOR])
    former = MembershipFactory(school=join_request.school, roles=[Role.ADMINISTRATOR])
    membership_change_roles(membership=former, roles=[Role.MEMBER], changed_by=head.user)

    with pytest.raises(DomainError, match="Only an administrator"):
        join_request_decline(join_request=join_request, decided_by=former, reason="No.")

    join_request.refresh_from_db()
    assert join_request.is_pending


# Choosing the roles -----------------------------------------------------------------------------


def test_the_unit_s_staff_can_lower_the_roles_asked_for(
    staff_user, django_capture_on_commit_callbacks, logged_changes
):
    join_request = JoinRequestFactory(roles=[Role.ADMINISTRATOR, Role.FINANCE])

    with django_capture_on_commit_callbacks(execute=True):
        membership = join_request_approve(
            join_request=join_request, decided_by=staff_user, roles=[Role.MEMBER]
        )

    assert membership.roles == [Role.MEMBER]
    assert logged_changes(join_request) == [
        (
            APPROVED,
            staff_user,
            {
                "from": "Waiting for approval",
                "to": "Approved",
                "why": "Given: Member (asked for: Administrator, Finance)",
            },
        )
    ]
    assert logged_changes(join_request.school)[0][2]["to"] == "Member"
    assert "with these roles: Member. (You asked for: Administrator, Finance.)" in mail.outbox[-1].body
    assert "approved by the unit's staff" in mail.outbox[-1].body


def test_approving_with_no_roles_is_refused(staff_user):
    join_request = JoinRequestFactory()

    with pytest.raises(DomainError) as error:
        join_request_approve(join_request=join_request, decided_by=staff_user, roles=[])

    assert (error.value.message, error.value.field) == ("Select at least one role.", "roles")
    join_request.refresh_from_db()
    assert join_request.is_pending


def test_whoever_registers_a_school_stays_its_administrator_whatever_roles_staff_tick(
    staff_user, new_school_details
):
    join_request = join_request_create(
        user=VerifiedUserFactory(), job_title="Head", roles=[Role.FINANCE], new_school=new_school_details()
    )

    membership = join_request_approve(join_request=join_request, decided_by=staff_user, roles=[])

    assert membership.roles == [Role.ADMINISTRATOR]


def test_a_request_for_administrator_declined_by_the_school_s_administrator(
    django_capture_on_commit_callbacks, logged_changes
):
    join_request = JoinRequestFactory(user__email="stranger@gmail.com", roles=[Role.ADMINISTRATOR])
    head = MembershipFactory(school=join_request.school, roles=[Role.ADMINISTRATOR])

    with django_capture_on_commit_callbacks(execute=True):
        join_request_decline(join_request=join_request, decided_by=head, reason="We do not know you.")

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.DECLINED
    assert not Membership.objects.filter(user=join_request.user).exists()
    assert [admin.pk for admin in Membership.objects.filter(is_administrator=True)] == [head.pk]
    assert logged_changes(join_request)[0][:2] == (DECLINED, head.user)
    (email,) = mail.outbox
    assert email.to == ["stranger@gmail.com"]
    assert f"declined by an administrator at {join_request.school.name}" in email.body
    assert "We do not know you." in email.body
