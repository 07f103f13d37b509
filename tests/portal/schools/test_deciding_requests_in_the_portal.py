"""A school's administrators decide requests to join it from the People page: approve with the roles
they choose, or decline with a reason, one page each."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from common.workflows import action_of
from portal.schools.factories import JoinRequestFactory, MembershipFactory
from portal.schools.models import JoinRequest, JoinRequestStatus, Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def join_request(school):
    return JoinRequestFactory(
        school=school, user__email="new.senco@oakfield.test", job_title="SENCo", roles=[Role.REFERRER]
    )


def approve_url(join_request):
    return reverse("schools:approve_join_request", args=[join_request.pk])


def decline_url(join_request):
    return reverse("schools:decline_join_request", args=[join_request.pk])


def test_the_people_page_lists_requests_to_join_with_links_to_decide(admin_client, join_request):
    JoinRequestFactory(user__email="decided@oakfield.test", school=join_request.school, status="declined")
    JoinRequestFactory(user__email="elsewhere@school.test")

    text = admin_client.get(reverse("schools:people")).text

    assert "Requests to join (1)" in text
    assert "new.senco@oakfield.test" in text
    assert approve_url(join_request) in text
    assert decline_url(join_request) in text
    assert "decided@oakfield.test" not in text
    assert "elsewhere@school.test" not in text


def test_the_people_page_has_no_requests_section_when_none_wait(admin_client):
    assert "Requests to join" not in admin_client.get(reverse("schools:people")).text


def test_the_portal_home_points_administrators_to_waiting_requests(
    admin_client, join_request, client, school
):
    text = admin_client.get(reverse("portal:home")).text

    assert "1 request to join Oakfield Primary School is waiting for you" in text
    member = MembershipFactory(school=school, roles=[Role.MEMBER])
    client.force_login(member.user)
    assert "waiting for you" not in client.get(reverse("portal:home")).text


def test_the_approve_page_shows_the_request_with_the_roles_asked_for_ticked(admin_client, join_request):
    response = admin_client.get(approve_url(join_request))

    assert response.status_code == 200
    assert "Approve the request from new.senco@oakfield.test" in response.text
    assert "What happens when you approve" in response.text
    ticked = re.findall(r'<input type="checkbox" name="roles" value="(\w+)"[^>]* checked', response.text)
    assert ticked == ["referrer"]


def test_approving_with_the_roles_chosen_adds_them_and_emails_them(
    admin_client, administrator, join_request, django_capture_on_commit_callbacks, logged_changes
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(approve_url(join_request), {"roles": ["member"]})

    assert response.url == reverse("schools:people")
    membership = Membership.objects.get(user=join_request.user)
    assert membership.roles == [Role.MEMBER]
    assert logged_changes(join_request)[0][:2] == (action_of(JoinRequest, "approve"), administrator.user)
    (email,) = mail.outbox
    assert email.to == ["new.senco@oakfield.test"]
    assert "approved by an administrator at Oakfield Primary School" in email.body
    followed = admin_client.get(response.url)
    assert (
        "new.senco@oakfield.test has joined Oakfield Primary School, with these roles: Member."
        in followed.text
    )


def test_approving_with_no_role_ticked_is_refused_by_the_field(admin_client, join_request):
    response = admin_client.post(approve_url(join_request), {})

    assert response.status_code == 400
    assert "Select at least one role." in response.text
    assert 'href="#id_roles_0"' in response.text
    assert JoinRequest.objects.get(pk=join_request.pk).is_pending


def test_declining_needs_a_reason_then_emails_it(
    admin_client, join_request, django_capture_on_commit_callbacks
):
    refused = admin_client.post(decline_url(join_request), {"reason": " "})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(decline_url(join_request), {"reason": "Not on our staff list."})

    assert refused.status_code == 400
    assert "Enter the reason for declining." in refused.text
    assert response.url == reverse("schools:people")
    join_request.refresh_from_db()
    assert (join_request.status, join_request.decline_reason) == (
        JoinRequestStatus.DECLINED,
        "Not on our staff list.",
    )
    assert "Not on our staff list." in mail.outbox[0].body
    assert not Membership.objects.filter(user=join_request.user).exists()


@pytest.mark.parametrize("url", [approve_url, decline_url])
def test_a_decided_request_sends_the_administrator_back_to_the_people_page(admin_client, join_request, url):
    JoinRequest.objects.filter(pk=join_request.pk).update(
        status=JoinRequestStatus.APPROVED
    )  # by someone else

    response = admin_client.post(url(join_request), {"roles": ["member"], "reason": "No."})

    assert response.url == reverse("schools:people")
    assert "has already been approved" in admin_client.get(response.url).text
    assert not Membership.objects.filter(user=join_request.user).exists()


@pytest.mark.parametrize("url", [approve_url, decline_url])
def test_only_administrators_reach_the_decision_pages(client, home_page, school, join_request, url):
    finance = MembershipFactory(school=school, roles=[Role.FINANCE, Role.REFERRER])
    client.force_login(finance.user)

    response = client.post(url(join_request), {"roles": ["administrator"], "reason": "No."})

    assert response.status_code == 403
    assert JoinRequest.objects.get(pk=join_request.pk).is_pending


def test_a_personal_email_address_is_flagged_on_the_people_page_and_the_approve_page(admin_client, school):
    join_request = JoinRequestFactory(school=school, user__email="keen.parent@gmail.com")

    listing = admin_client.get(reverse("schools:people")).text
    approving = admin_client.get(approve_url(join_request)).text

    warning = "keen.parent@gmail.com is a personal address at gmail.com, not a school one."
    assert warning in listing
    assert warning in approving
    assert "Personal email address" in approving


def test_a_school_address_is_not_flagged(admin_client, join_request):
    assert "personal address" not in admin_client.get(approve_url(join_request)).text
