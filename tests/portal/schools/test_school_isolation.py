"""A school's records are reachable only by its own people: other schools' ids give 404, change nothing."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from portal.schools.factories import InvitationFactory, JoinRequestFactory, MembershipFactory, SchoolFactory
from portal.schools.models import Invitation, JoinRequest, Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_a_administrator(client, home_page):
    membership = MembershipFactory(school=SchoolFactory(name="School A"), roles=[Role.ADMINISTRATOR])
    client.force_login(membership.user)
    return membership


@pytest.fixture
def school_b():
    school = SchoolFactory(name="School B")
    return {
        "administrator": MembershipFactory(school=school, roles=[Role.ADMINISTRATOR]),
        "member": MembershipFactory(school=school, roles=[Role.MEMBER]),
        "invitation": InvitationFactory(school=school, email="invited@school-b.test"),
        "join_request": JoinRequestFactory(school=school, user__email="asking@school-b.test"),
        # Requests only the unit's staff decide: to join a school with no administrator, and to register one.
        "staff_only_request": JoinRequestFactory(school=SchoolFactory(name="School C")),
        "new_school_request": JoinRequestFactory(
            school=None, new_school_name="School D", new_school_urn="999999"
        ),
    }


def snapshot():
    """Everything an id-taking portal view could change, and the log of who changed what."""
    return (
        sorted(Membership.objects.values_list("pk", "school_id", "is_administrator", "is_member")),
        sorted(
            Invitation.objects.values_list("pk", "token_hash", "expires_at", "cancelled_at", "accepted_at")
        ),
        sorted(JoinRequest.objects.values_list("pk", "status", "decided_at")),
        ModelLogEntry.objects.count(),
        len(mail.outbox),
    )


@pytest.mark.parametrize(
    ("route", "target", "method", "data"),
    [
        ("schools:change_roles", "member", "get", {}),
        ("schools:change_roles", "member", "post", {"roles": ["administrator"]}),
        ("schools:change_roles", "administrator", "post", {"roles": ["member"]}),
        ("schools:remove", "member", "get", {}),
        ("schools:remove", "administrator", "post", {}),
        ("schools:resend_invitation", "invitation", "post", {}),
        ("schools:cancel_invitation", "invitation", "post", {}),
        ("schools:approve_join_request", "join_request", "get", {}),
        ("schools:approve_join_request", "join_request", "post", {"roles": ["administrator"]}),
        ("schools:decline_join_request", "join_request", "get", {}),
        ("schools:decline_join_request", "join_request", "post", {"reason": "No."}),
        ("schools:approve_join_request", "staff_only_request", "post", {"roles": ["member"]}),
        ("schools:decline_join_request", "staff_only_request", "post", {"reason": "No."}),
        ("schools:approve_join_request", "new_school_request", "post", {"roles": ["member"]}),
    ],
)
def test_another_school_s_ids_give_404_and_change_nothing(
    client, school_a_administrator, school_b, route, target, method, data
):
    before = snapshot()

    response = getattr(client, method)(reverse(route, args=[school_b[target].pk]), data)

    assert response.status_code == 404
    assert snapshot() == before


def test_an_administrator_of_two_schools_reaches_only_the_school_they_act_for(
    client, school_a_administrator, school_b
):
    # Also an administrator at School B, but acting for School A this session.
    MembershipFactory(
        user=school_a_administrator.user, school=school_b["member"].school, roles=[Role.ADMINISTRATOR]
    )
    client.post(reverse("portal:choose_school"), {"school": school_a_administrator.school_id})
    before = snapshot()

    response = client.post(reverse("schools:remove", args=[school_b["member"].pk]))

    assert response.status_code == 404
    assert snapshot() == before


def test_choosing_a_school_you_do_not_belong_to_gives_404(client, school_a_administrator, school_b):
    response = client.post(reverse("portal:choose_school"), {"school": school_b["member"].school_id})

    assert response.status_code == 404
    assert "School B" not in client.get(reverse("portal:home")).text


def test_someone_else_s_join_request_gives_404(client, school_a_administrator):
    other = JoinRequestFactory(school__name="School B")

    response = client.get(reverse("schools:join_request", args=[other.pk]))

    assert response.status_code == 404
    assert "School B" not in response.text


def test_a_member_of_school_a_never_sees_school_b_on_the_people_page(
    client, school_a_administrator, school_b
):
    text = client.get(reverse("schools:people")).text

    assert school_b["member"].user.email not in text
    assert "invited@school-b.test" not in text
    assert "asking@school-b.test" not in text


def test_an_administrator_of_two_schools_decides_only_the_requests_of_the_school_they_act_for(
    client, school_a_administrator, school_b
):
    MembershipFactory(
        user=school_a_administrator.user, school=school_b["member"].school, roles=[Role.ADMINISTRATOR]
    )
    client.post(reverse("portal:choose_school"), {"school": school_a_administrator.school_id})
    before = snapshot()

    response = client.post(
        reverse("schools:approve_join_request", args=[school_b["join_request"].pk]), {"roles": ["member"]}
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_removed_people_lose_access_at_once(client, home_page):
    membership = MembershipFactory(roles=[Role.MEMBER])
    client.force_login(membership.user)
    assert membership.school.name in client.get(reverse("portal:home")).text

    membership.delete()

    assert membership.school.name not in client.get(reverse("portal:home")).text
    assert client.get(reverse("bookings:surgeries")).url == reverse("portal:home")


@pytest.mark.parametrize(
    "route", ["portal:home", "schools:people", "schools:join_start", "bookings:surgeries"]
)
def test_portal_pages_need_a_signed_in_user(client, home_page, route):
    response = client.get(reverse(route))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
