"""The staff's "Schools" screens in the Wagtail admin: schools, members, districts, join requests."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from portal.schools.factories import DistrictFactory, JoinRequestFactory, MembershipFactory, SchoolFactory
from portal.schools.models import JoinRequestStatus, Membership, Role
from portal.schools.services.joining import join_request_create
from portal.schools.services.people import membership_change_roles
from portal.users.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db


def admin_url(model_name, action="index", pk=None):
    name = f"schools_{model_name}_modeladmin_{action}"
    return reverse(name, args=[pk] if pk is not None else [])


def test_staff_can_search_and_filter_schools(staff_client):
    district_one, district_two = DistrictFactory(name="District 1"), DistrictFactory(name="District 2")
    SchoolFactory(name="Oakfield Primary School", urn="100001", district=district_one)
    SchoolFactory(name="Riverside Primary School", urn="100002", district=district_two)

    searched = staff_client.get(admin_url("school"), {"q": "100002"})
    filtered = staff_client.get(admin_url("school"), {"district__id__exact": district_one.pk})

    assert searched.status_code == 200
    assert "Riverside Primary School" in searched.text
    assert "Oakfield Primary School" not in searched.text
    assert "Oakfield Primary School" in filtered.text
    assert "Riverside Primary School" not in filtered.text


def test_staff_can_find_members_by_role(staff_client):
    MembershipFactory(user__email="head@riverside.test", roles=[Role.ADMINISTRATOR])
    MembershipFactory(user__email="teacher@riverside.test", roles=[Role.MEMBER])

    response = staff_client.get(admin_url("membership"), {"is_administrator__exact": "1"})

    assert "head@riverside.test" in response.text
    assert "teacher@riverside.test" not in response.text


def test_members_are_read_only_in_the_admin(staff_client):
    membership = MembershipFactory()

    # Wagtail turns "permission denied" into a redirect to the dashboard with a message.
    for response in [
        staff_client.get(admin_url("membership", "edit", membership.pk)),
        staff_client.post(admin_url("membership", "edit", membership.pk), {"is_administrator": "on"}),
        staff_client.get(admin_url("membership", "create")),
        staff_client.post(admin_url("membership", "delete", membership.pk)),
    ]:
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    membership.refresh_from_db()
    assert membership.roles == [Role.MEMBER]
    assert staff_client.get(admin_url("membership", "inspect", membership.pk)).status_code == 200


def test_staff_can_add_a_district_with_its_safeguarding_lead(staff_client):
    response = staff_client.post(
        admin_url("district", "create"),
        {
            "name": "District 4",
            "code": "D4",
            "safeguarding_lead_role": "District safeguarding lead",
            "safeguarding_lead_email": "safeguarding@district4.test",
        },
    )

    assert response.status_code == 302
    assert (
        staff_client.get(admin_url("district"), {"q": "District 4"}).text.count("safeguarding@district4.test")
        == 1
    )


def test_pending_join_requests_are_listed_first(staff_client):
    JoinRequestFactory(school__name="Decided School", status=JoinRequestStatus.DECLINED, decline_reason="No.")
    JoinRequestFactory(school__name="Waiting School")

    text = staff_client.get(admin_url("joinrequest")).text

    assert text.index("Waiting School") < text.index("Decided School")


def test_staff_approve_a_request_in_the_admin_and_the_user_is_emailed(
    staff_client, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory(roles=[Role.REFERRER])

    form = staff_client.get(admin_url("joinrequest", "approve", join_request.pk))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            admin_url("joinrequest", "approve", join_request.pk), {"roles": ["referrer"]}
        )

    assert re.search(r'<input[^>]*value="referrer"[^>]*checked', form.text)  # the roles asked for, ticked
    assert response.status_code == 302
    membership = Membership.objects.get(user=join_request.user, school=join_request.school)
    assert membership.roles == [Role.REFERRER]
    assert [message.to for message in mail.outbox] == [[join_request.user.email]]


def test_declining_in_the_admin_needs_a_reason_and_emails_it(
    staff_client, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory()

    refused = staff_client.post(admin_url("joinrequest", "decline", join_request.pk), {"reason": ""})
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            admin_url("joinrequest", "decline", join_request.pk), {"reason": "Not on the staff list."}
        )

    assert refused.status_code == 400
    assert "Enter the reason for declining." in refused.text
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.DECLINED
    assert len(mail.outbox) == 1
    assert "Not on the staff list." in mail.outbox[0].body


def test_a_decided_request_cannot_be_decided_again_in_the_admin(staff_client):
    join_request = JoinRequestFactory(status=JoinRequestStatus.DECLINED, decline_reason="Unknown.")

    response = staff_client.post(admin_url("joinrequest", "approve", join_request.pk), {"roles": ["member"]})

    assert response.status_code == 400
    assert "This request has already been declined." in response.text
    assert not Membership.objects.exists()
    assert len(mail.outbox) == 0


# History -----------------------------------------------------------------------------------------


def test_a_school_s_history_shows_who_changed_a_person_s_roles_from_what_to_what(staff_client, school):
    head = MembershipFactory(
        school=school, user__first_name="Ada", user__last_name="Head", roles=[Role.ADMINISTRATOR]
    )
    colleague = MembershipFactory(school=school, user__email="teacher@oakfield.test", roles=[Role.MEMBER])
    membership_change_roles(membership=colleague, roles=[Role.REFERRER, Role.MEMBER], changed_by=head.user)

    response = staff_client.get(admin_url("school", "history", school.pk))

    assert response.status_code == 200
    assert "Roles changed: teacher@oakfield.test, from Member to Referrer, Member" in response.text
    assert "Ada Head" in response.text


def test_a_declined_request_s_history_shows_the_reason(staff_client):
    join_request = JoinRequestFactory()
    staff_client.post(
        admin_url("joinrequest", "decline", join_request.pk), {"reason": "Not on the staff list."}
    )

    response = staff_client.get(admin_url("joinrequest", "history", join_request.pk))

    assert response.status_code == 200
    assert "Decline, from Waiting for approval to Declined" in response.text
    assert "Not on the staff list." in response.text


# Deciding with care: the roles staff give, personal addresses, who decides ---------------------------


def test_staff_lower_the_roles_asked_for_on_the_approve_screen(staff_client, logged_changes, staff_user):
    join_request = JoinRequestFactory(roles=[Role.ADMINISTRATOR, Role.FINANCE])

    response = staff_client.post(admin_url("joinrequest", "approve", join_request.pk), {"roles": ["member"]})

    assert response.status_code == 302
    assert Membership.objects.get(user=join_request.user).roles == [Role.MEMBER]
    assert logged_changes(join_request)[0][2]["why"] == "Given: Member (asked for: Administrator, Finance)"


def test_the_approve_screen_for_a_new_school_keeps_its_registrant_administrator(
    staff_client, new_school_details
):
    join_request = join_request_create(
        user=VerifiedUserFactory(), job_title="Head", roles=[Role.REFERRER], new_school=new_school_details()
    )

    page = staff_client.get(admin_url("joinrequest", "approve", join_request.pk))
    staff_client.post(admin_url("joinrequest", "approve", join_request.pk), {})

    assert 'value="administrator"' not in page.text
    assert "They will be the school&#x27;s administrator." in page.text
    assert Membership.objects.get(user=join_request.user).roles == [Role.ADMINISTRATOR]


def test_the_join_requests_list_flags_personal_addresses_and_says_who_decides(staff_client):
    to_a_school = JoinRequestFactory(user__email="keen@gmail.com", school__name="Oakfield Primary School")
    MembershipFactory(school=to_a_school.school, roles=[Role.ADMINISTRATOR])
    JoinRequestFactory(user__email="teacher@riverside.test", school__name="Riverside Primary School")

    text = staff_client.get(admin_url("joinrequest")).text

    assert text.count("Personal address (gmail.com)") == 1
    assert "The school&#x27;s administrators (or staff)" in text
    assert "The unit&#x27;s staff" in text


def test_the_approve_screen_warns_of_a_personal_address(staff_client):
    join_request = JoinRequestFactory(user__email="keen@outlook.com", school__name="Oakfield Primary School")

    text = staff_client.get(admin_url("joinrequest", "approve", join_request.pk)).text

    assert (
        "keen@outlook.com is a personal address at outlook.com, not a school one. Before you approve, check "
        "with Oakfield Primary School that this person works there" in text
    )
