"""Asking to join a registered school or to register a new one, and the journey's pages."""

import pytest
from django.urls import reverse

from common.errors import DomainError
from portal.schools import selectors
from portal.schools.factories import DistrictFactory, JoinRequestFactory, MembershipFactory, SchoolFactory
from portal.schools.models import JoinRequest, JoinRequestStatus, Membership, Role, School
from portal.schools.services.joining import join_request_create
from portal.users.factories import UserFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_asking_to_join_a_registered_school_records_a_pending_request():
    user, school = VerifiedUserFactory(), SchoolFactory()

    join_request = join_request_create(
        user=user, job_title="SENCo", roles=[Role.REFERRER, Role.MEMBER], school=school
    )

    assert join_request.status == JoinRequestStatus.PENDING
    assert join_request.school == school
    assert join_request.roles == [Role.REFERRER, Role.MEMBER]
    assert not Membership.objects.exists()


def test_registering_a_new_school_does_not_create_it_before_approval_and_asks_for_administrator(
    new_school_details,
):
    join_request = join_request_create(
        user=VerifiedUserFactory(),
        job_title="Headteacher",
        roles=[Role.FINANCE],
        new_school=new_school_details(),
    )

    assert join_request.is_new_school
    assert join_request.roles == [Role.ADMINISTRATOR, Role.FINANCE]
    assert not School.objects.exists()


def test_registering_a_school_whose_urn_is_registered_is_refused_with_a_message_to_join_it(
    new_school_details,
):
    SchoolFactory(urn="246810")

    with pytest.raises(DomainError) as error:
        join_request_create(
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

    with pytest.raises(DomainError, match="already have a request waiting"):
        join_request_create(user=user, job_title="SENCo", roles=[Role.MEMBER], school=SchoolFactory())

    assert JoinRequest.objects.count() == 1


def test_asking_to_join_a_school_you_belong_to_is_refused():
    membership = MembershipFactory()

    with pytest.raises(DomainError, match="already a member"):
        join_request_create(
            user=membership.user, job_title="SENCo", roles=[Role.MEMBER], school=membership.school
        )


def test_a_request_to_join_needs_a_role():
    with pytest.raises(DomainError) as error:
        join_request_create(user=VerifiedUserFactory(), job_title="SENCo", roles=[], school=SchoolFactory())

    assert error.value.field == "roles"


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
    ("administrator_roles", "who_decides"),
    [
        ([Role.ADMINISTRATOR], "An administrator at Oakfield Primary School decides your request"),
        (None, "The unit's staff will check"),
    ],
    ids=["school with an administrator", "school with none"],
)
def test_the_check_page_the_confirmation_and_the_portal_home_say_who_decides(
    signed_in, administrator_roles, who_decides
):
    school = SchoolFactory(name="Oakfield Primary School", urn="123456")
    if administrator_roles:
        MembershipFactory(school=school, roles=administrator_roles)
    signed_in.post(reverse("schools:join_start"), {"route": "existing"})
    signed_in.post(reverse("schools:join_find_school"), {"urn": "123456"})
    signed_in.post(reverse("schools:join_role"), {"job_title": "SENCo", "roles": ["referrer"]})

    check = signed_in.get(reverse("schools:join_check")).text
    confirmation = signed_in.get(signed_in.post(reverse("schools:join_check")).url).text
    home = signed_in.get(reverse("portal:home")).text

    assert who_decides in check
    assert who_decides in confirmation
    if administrator_roles:
        assert "An administrator at Oakfield Primary School, or the unit's staff, will decide it." in home
    else:
        assert "The unit's staff check every request with the school." in home
