"""What can happen to a join request and an invitation, said once (their declared transitions): each is
applied by `workflows.transition_apply` and recorded once; the admin's buttons and the portal's controls
are drawn from what the person may do, and a person without the right is refused by URL too."""

import pytest
from django.urls import reverse
from django.utils import timezone

from common import workflows
from portal.schools.factories import InvitationFactory, JoinRequestFactory, MembershipFactory
from portal.schools.models import (
    Invitation,
    InvitationStatus,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Role,
)
from portal.users.factories import VerifiedUserFactory
from tests.workflows import logged_changes, offered, refused_by_admin, staff_with

pytestmark = pytest.mark.django_db


# (a) Every declared transition, from each state it leaves, records who, from and to ------------------------


def staff(record):
    return VerifiedUserFactory(is_staff=True, is_superuser=True)


def school_administrator(record):
    return MembershipFactory(school=record.school, roles=[Role.ADMINISTRATOR])


def invited_person(record):
    return VerifiedUserFactory(email=record.email)


# Who makes each transition in these tests, and what it needs.
MADE_BY = {
    (JoinRequest, "approve"): [(staff, {}), (school_administrator, {})],
    (JoinRequest, "decline"): [
        (staff, {"why": "Not on the staff list."}),
        (school_administrator, {"why": "No."}),
    ],
    (Invitation, "accept"): [(invited_person, {"changes": {"accepted_at": timezone.now()}})],
    (Invitation, "withdraw"): [(school_administrator, {"changes": {"cancelled_at": timezone.now()}})],
}
RECORD_IN = {
    JoinRequest: lambda status: JoinRequestFactory(status=status),
    Invitation: lambda status: InvitationFactory(status=status),
}


def every_transition():
    for model in (JoinRequest, Invitation):
        for declared in workflows.declared_transitions(model):
            for made_by, extra in MADE_BY[(model, declared.name)]:
                yield pytest.param(
                    model,
                    declared,
                    made_by,
                    extra,
                    id=f"{model.__name__}.{declared.name} from {declared.source} by {made_by.__name__}",
                )


def test_every_declared_transition_is_made_here():
    declared = {
        (model, each.name)
        for model in (JoinRequest, Invitation)
        for each in workflows.declared_transitions(model)
    }

    assert declared == set(MADE_BY)


@pytest.mark.parametrize(("model", "declared", "made_by", "extra"), list(every_transition()))
def test_each_transition_records_who_from_and_to(model, declared, made_by, extra):
    record = RECORD_IN[model](declared.source)
    actor = made_by(record)
    before = record.get_status_display()

    record = workflows.transition_apply(record, declared.name, by=actor, **extra)

    assert record.status == declared.target
    ((action, who, data),) = logged_changes(record)
    assert action == workflows.action_of(model, declared.name)
    assert who == workflows.user_of(actor)
    assert (data["from"], data["to"]) == (before, record.get_status_display())


def test_nobody_decides_their_own_request_even_as_an_administrator():
    join_request = JoinRequestFactory()
    own = MembershipFactory(user=join_request.user, school=join_request.school, roles=[Role.ADMINISTRATOR])

    assert not workflows.may(join_request, "approve", own)
    assert not workflows.may(join_request, "decline", own)


def test_a_request_to_register_a_school_is_decided_by_the_unit_s_staff_only():
    join_request = JoinRequestFactory(school=None, new_school_name="Brook Primary School")
    administrator_elsewhere = MembershipFactory(roles=[Role.ADMINISTRATOR])

    assert workflows.may(join_request, "approve", staff(join_request))
    assert not workflows.may(join_request, "approve", administrator_elsewhere)


# (b) The admin: a button only for staff who may, and the URL refused to those who may not


def admin_url(action, join_request):
    return reverse(f"schools_joinrequest_modeladmin_{action}", args=[join_request.pk])


@pytest.fixture
def staff_who_only_see_requests(client, settings):
    """Staff who can list join requests in the admin but not decide them (no change permission)."""
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(staff_with("schools.view_joinrequest"))
    return client


ADMIN_TRANSITIONS = [declared.name for declared in offered(JoinRequest, "admin")]


@pytest.mark.parametrize("transition", ADMIN_TRANSITIONS)
def test_staff_without_the_permission_see_no_button_and_are_refused_by_url(
    staff_who_only_see_requests, transition
):
    join_request = JoinRequestFactory(roles=[Role.MEMBER])

    index = staff_who_only_see_requests.get(reverse("schools_joinrequest_modeladmin_index"))
    opened = staff_who_only_see_requests.get(admin_url(transition, join_request))
    posted = staff_who_only_see_requests.post(
        admin_url(transition, join_request), {"roles": ["member"], "reason": "No."}
    )

    assert index.status_code == 200
    assert join_request.reference in index.text
    assert admin_url(transition, join_request) not in index.text
    assert refused_by_admin(opened)
    assert refused_by_admin(posted)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING
    assert not Membership.objects.filter(user=join_request.user).exists()


@pytest.mark.parametrize("transition", ADMIN_TRANSITIONS)
def test_staff_with_the_permission_see_the_button_while_the_request_waits(staff_client, transition):
    waiting = JoinRequestFactory()
    decided = JoinRequestFactory(status=JoinRequestStatus.DECLINED, decline_reason="No.")

    index = staff_client.get(reverse("schools_joinrequest_modeladmin_index")).text

    assert admin_url(transition, waiting) in index
    assert admin_url(transition, decided) not in index


# (c) The portal: controls only for who may, and the URL refused to the rest


PORTAL_JOIN_REQUEST_PAGES = {
    "approve": "schools:approve_join_request",
    "decline": "schools:decline_join_request",
}


@pytest.mark.parametrize("transition", list(PORTAL_JOIN_REQUEST_PAGES))
def test_a_member_who_is_not_an_administrator_cannot_decide_a_request(client, home_page, school, transition):
    join_request = JoinRequestFactory(school=school, roles=[Role.MEMBER])
    MembershipFactory(school=school, roles=[Role.ADMINISTRATOR])
    member = MembershipFactory(school=school, roles=[Role.MEMBER, Role.FINANCE, Role.REFERRER])
    url = reverse(PORTAL_JOIN_REQUEST_PAGES[transition], args=[join_request.pk])
    client.force_login(member.user)

    people_page = client.get(reverse("schools:people"))
    home = client.get(reverse("portal:home"))
    posted = client.post(url, {"roles": ["member"], "reason": "No."})

    assert people_page.status_code == posted.status_code == 403
    assert url not in people_page.text
    assert url not in home.text
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.PENDING


def test_an_administrator_sees_a_control_for_each_transition_they_may_make(admin_client, school):
    join_request = JoinRequestFactory(school=school)
    invitation = InvitationFactory(school=school)

    text = admin_client.get(reverse("schools:people")).text

    for name in PORTAL_JOIN_REQUEST_PAGES.values():
        assert reverse(name, args=[join_request.pk]) in text
    assert reverse("schools:cancel_invitation", args=[invitation.pk]) in text


def test_a_member_who_is_not_an_administrator_cannot_withdraw_an_invitation(client, home_page, school):
    invitation = InvitationFactory(school=school)
    member = MembershipFactory(school=school, roles=[Role.MEMBER, Role.FINANCE])
    client.force_login(member.user)

    response = client.post(reverse("schools:cancel_invitation", args=[invitation.pk]))

    assert response.status_code == 403
    assert not workflows.may(invitation, "withdraw", member)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPEN


def test_only_the_person_invited_is_offered_to_accept_and_may(client, home_page, school):
    invitation = InvitationFactory(school=school, email="colleague@oakfield.test", token="t1")
    someone_else = VerifiedUserFactory(email="someone.else@oakfield.test")
    url = reverse("schools:invitation_accept", args=["t1"])
    client.force_login(someone_else)

    page = client.get(url)
    posted = client.post(url)

    assert page.status_code == posted.status_code == 400
    assert "Join Oakfield Primary School" not in page.text  # the accepting page's button
    assert not workflows.may(invitation, "accept", someone_else)
    assert workflows.may(invitation, "accept", VerifiedUserFactory(email="colleague@oakfield.test"))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPEN
