"""Asking to join a school or registering a new one; staff approving or declining; the journey's pages."""

import pytest
from django.core import mail
from django.urls import reverse

from portal import selectors, services
from portal.errors import JoinRequestError, NotAllowedError
from portal.factories import (
    DistrictFactory,
    JoinRequestFactory,
    MembershipFactory,
    SchoolFactory,
    UserFactory,
    VerifiedUserFactory,
)
from portal.models import JoinRequest, JoinRequestStatus, Membership, PeopleChange, Role, School

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(email="office@stepping-stones.test", is_staff=True, is_superuser=True)


def new_school_details(**overrides):
    fields = {
        "name": "Brook Primary School",
        "urn": "246810",
        "district": DistrictFactory(name="District 2"),
        "address": "2 Brook Road\nTown\nAB1 3CD",
        "phone": "01234 111222",
        "finance_email": "finance@brook.test",
    }
    return services.NewSchoolDetails(**{**fields, **overrides})


# Asking -------------------------------------------------------------------------------------------


def test_asking_to_join_a_registered_school_records_a_pending_request():
    user, school = VerifiedUserFactory(), SchoolFactory()

    join_request = services.join_request_create(
        user=user, job_title="SENCo", roles=[Role.REFERRER, Role.MEMBER], school=school
    )

    assert join_request.status == JoinRequestStatus.PENDING
    assert join_request.school == school
    assert join_request.roles == [Role.REFERRER, Role.MEMBER]
    assert not Membership.objects.exists()


def test_registering_a_new_school_does_not_create_it_before_approval_and_asks_for_administrator():
    join_request = services.join_request_create(
        user=VerifiedUserFactory(),
        job_title="Headteacher",
        roles=[Role.FINANCE],
        new_school=new_school_details(),
    )

    assert join_request.is_new_school
    assert join_request.roles == [Role.ADMINISTRATOR, Role.FINANCE]
    assert not School.objects.exists()


def test_registering_a_school_whose_urn_is_registered_is_refused_with_a_message_to_join_it():
    SchoolFactory(urn="246810")

    with pytest.raises(JoinRequestError) as error:
        services.join_request_create(
            user=VerifiedUserFactory(),
            job_title="Head",
            roles=[],
            new_school=new_school_details(urn="246810"),
        )

    assert error.value.field == "urn"
    assert error.value.message == "A school with URN 246810 is already registered. Ask to join it instead."
    assert not JoinRequest.objects.exists()


def test_a_second_request_while_one_is_pending_is_refused():
    user = VerifiedUserFactory()
    JoinRequestFactory(user=user)

    with pytest.raises(JoinRequestError, match="already have a request waiting"):
        services.join_request_create(
            user=user, job_title="SENCo", roles=[Role.MEMBER], school=SchoolFactory()
        )

    assert JoinRequest.objects.count() == 1


def test_asking_to_join_a_school_you_belong_to_is_refused():
    membership = MembershipFactory()

    with pytest.raises(JoinRequestError, match="already a member"):
        services.join_request_create(
            user=membership.user, job_title="SENCo", roles=[Role.MEMBER], school=membership.school
        )


def test_a_request_to_join_needs_a_role():
    with pytest.raises(JoinRequestError) as error:
        services.join_request_create(
            user=VerifiedUserFactory(), job_title="SENCo", roles=[], school=SchoolFactory()
        )

    assert error.value.field == "roles"


# Deciding -----------------------------------------------------------------------------------------


def test_approving_a_request_to_join_adds_the_member_and_emails_them_after_commit(
    staff, home_page, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory(roles=[Role.REFERRER])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        membership = services.join_request_approve(join_request=join_request, decided_by=staff)
    assert len(mail.outbox) == 0  # nothing is sent until the change is committed
    for callback in callbacks:
        callback()

    assert membership.school == join_request.school
    assert membership.roles == [Role.REFERRER]
    assert membership.added_by == staff
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED
    assert join_request.decided_by == staff
    assert join_request.decided_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [join_request.user.email]
    assert join_request.school.name in mail.outbox[0].subject
    assert "http://localhost/portal/" in mail.outbox[0].body  # the link uses the default site's address
    change = PeopleChange.objects.get()
    assert (change.action, change.changed_by, change.person_email) == (
        PeopleChange.Action.JOINED_BY_APPROVAL,
        staff,
        join_request.user.email,
    )


def test_approving_a_new_school_registers_it_with_the_requester_as_administrator(
    staff, django_capture_on_commit_callbacks
):
    join_request = services.join_request_create(
        user=VerifiedUserFactory(), job_title="Head", roles=[Role.REFERRER], new_school=new_school_details()
    )

    with django_capture_on_commit_callbacks(execute=True):
        membership = services.join_request_approve(join_request=join_request, decided_by=staff)

    school = School.objects.get(urn="246810")
    assert (school.name, school.finance_email, school.district.name) == (
        "Brook Primary School",
        "finance@brook.test",
        "District 2",
    )
    assert membership.school == school
    assert membership.roles == [Role.ADMINISTRATOR, Role.REFERRER]
    assert "now registered" in mail.outbox[0].body


def test_approving_a_new_school_whose_urn_was_registered_meanwhile_is_refused(staff):
    join_request = services.join_request_create(
        user=VerifiedUserFactory(), job_title="Head", roles=[], new_school=new_school_details()
    )
    SchoolFactory(urn="246810")

    with pytest.raises(JoinRequestError, match="already registered"):
        services.join_request_approve(join_request=join_request, decided_by=staff)

    join_request.refresh_from_db()
    assert join_request.is_pending
    assert not Membership.objects.exists()


def test_declining_records_the_reason_and_emails_it(staff, django_capture_on_commit_callbacks):
    join_request = JoinRequestFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decline(
            join_request=join_request, decided_by=staff, reason="We could not confirm it."
        )

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.DECLINED
    assert join_request.decline_reason == "We could not confirm it."
    assert not Membership.objects.exists()
    assert "We could not confirm it." in mail.outbox[0].body


def test_declining_without_a_reason_is_refused(staff):
    join_request = JoinRequestFactory()

    with pytest.raises(JoinRequestError) as error:
        services.join_request_decline(join_request=join_request, decided_by=staff, reason="  ")

    assert error.value.field == "reason"
    join_request.refresh_from_db()
    assert join_request.is_pending


@pytest.mark.parametrize("status", [JoinRequestStatus.APPROVED, JoinRequestStatus.DECLINED])
def test_a_decided_request_cannot_be_decided_again(staff, status):
    join_request = JoinRequestFactory(status=status)

    with pytest.raises(JoinRequestError, match="already been"):
        services.join_request_approve(join_request=join_request, decided_by=staff)
    with pytest.raises(JoinRequestError, match="already been"):
        services.join_request_decline(join_request=join_request, decided_by=staff, reason="No.")

    assert not Membership.objects.exists()
    assert len(mail.outbox) == 0


def test_only_staff_can_decide_requests():
    join_request = JoinRequestFactory()
    school_administrator = MembershipFactory(school=join_request.school, roles=[Role.ADMINISTRATOR]).user

    with pytest.raises(NotAllowedError):
        services.join_request_approve(join_request=join_request, decided_by=school_administrator)

    join_request.refresh_from_db()
    assert join_request.is_pending


# The journey's pages ------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, home_page):
    user = VerifiedUserFactory(email="new.senco@brook.test")
    client.force_login(user)
    client.user = user
    return client


def test_the_portal_asks_an_unverified_user_to_confirm_their_email_first(client, home_page):
    client.force_login(UserFactory())

    response = client.get(reverse("schools:join_start"))

    assert "account/verified_email_required.html" in [template.name for template in response.templates]


def test_joining_a_registered_school_step_by_step(signed_in):
    school = SchoolFactory(name="Oakfield Primary School", urn="123456")

    assert signed_in.get(reverse("schools:join_start")).status_code == 200
    response = signed_in.post(reverse("schools:join_start"), {"route": "existing"})
    assert response.url == reverse("schools:join_find_school")
    response = signed_in.post(reverse("schools:join_find_school"), {"urn": "123 456"})
    assert response.url == reverse("schools:join_role")
    assert "Your role at Oakfield Primary School" in signed_in.get(reverse("schools:join_role")).text
    response = signed_in.post(
        reverse("schools:join_role"), {"job_title": "SENCo", "roles": ["referrer", "member"]}
    )
    assert response.url == reverse("schools:join_check")
    check = signed_in.get(reverse("schools:join_check"))
    assert "Oakfield Primary School" in check.text
    assert "Referrer, Member" in check.text

    response = signed_in.post(reverse("schools:join_check"))

    join_request = JoinRequest.objects.get(user=signed_in.user)
    assert response.url == reverse("schools:join_request", args=[join_request.pk])
    assert join_request.school == school
    assert join_request.roles == [Role.REFERRER, Role.MEMBER]
    confirmation = signed_in.get(response.url)
    assert join_request.reference in confirmation.text
    assert "What happens next" in confirmation.text
    home = signed_in.get(reverse("portal:home"))
    assert "Your request is waiting for approval" in home.text
    assert "Oakfield Primary School" in home.text


def test_an_unknown_urn_is_explained_and_what_was_typed_is_kept(signed_in):
    signed_in.post(reverse("schools:join_start"), {"route": "existing"})

    response = signed_in.post(reverse("schools:join_find_school"), {"urn": "999999"})

    assert response.status_code == 400
    assert "No school with URN 999999 is registered." in response.text
    assert 'value="999999"' in response.text
    assert "There is a problem" in response.text


def test_registering_a_school_with_a_registered_urn_shows_the_message_by_the_field(signed_in):
    SchoolFactory(urn="246810")
    district = DistrictFactory()
    signed_in.post(reverse("schools:join_start"), {"route": "new"})

    response = signed_in.post(
        reverse("schools:join_new_school"),
        {
            "name": "Brook Primary",
            "urn": "246810",
            "district": district.pk,
            "address": "1 Lane",
            "phone": "0123",
            "finance_email": "finance@brook.test",
        },
    )

    assert "A school with URN 246810 is already registered. Ask to join it instead." in response.text
    assert 'value="Brook Primary"' in response.text
    assert not JoinRequest.objects.exists()


def test_registering_a_new_school_step_by_step(signed_in):
    district = DistrictFactory(name="District 4")
    signed_in.post(reverse("schools:join_start"), {"route": "new"})
    signed_in.post(
        reverse("schools:join_new_school"),
        {
            "name": "Brook Primary",
            "urn": "246810",
            "district": district.pk,
            "address": "1 Lane\nTown",
            "phone": "0123",
            "finance_email": "finance@brook.test",
        },
    )
    role_page = signed_in.get(reverse("schools:join_role"))
    assert "You will be the school&#x27;s administrator" in role_page.text
    signed_in.post(reverse("schools:join_role"), {"job_title": "Headteacher"})

    signed_in.post(reverse("schools:join_check"))

    join_request = JoinRequest.objects.get()
    assert join_request.new_school_name == "Brook Primary"
    assert join_request.new_school_district == district
    assert join_request.roles == [Role.ADMINISTRATOR]


def test_pages_reached_too_early_send_you_back_to_the_first_unanswered_question(signed_in):
    assert signed_in.get(reverse("schools:join_check")).url == reverse("schools:join_start")
    signed_in.post(reverse("schools:join_start"), {"route": "existing"})
    assert signed_in.get(reverse("schools:join_role")).url == reverse("schools:join_find_school")


def test_the_journey_is_closed_while_a_request_is_pending(signed_in):
    JoinRequestFactory(user=signed_in.user)

    response = signed_in.get(reverse("schools:join_start"))

    assert response.url == reverse("portal:home")


def test_someone_else_s_request_gives_404(signed_in):
    other_request = JoinRequestFactory()

    response = signed_in.get(reverse("schools:join_request", args=[other_request.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("asked_for", "registering", "carried"),
    [
        (["referrer"], False, [Role.REFERRER]),
        (["referrer", "finance"], True, [Role.ADMINISTRATOR, Role.FINANCE, Role.REFERRER]),
        (["administrator"], True, [Role.ADMINISTRATOR]),
    ],
)
def test_whoever_registers_a_new_school_becomes_its_first_administrator(asked_for, registering, carried):
    assert selectors.requested_roles(roles=asked_for, registering=registering) == carried
