"""School records (URN rules) and the staff's "Schools" screens in the Wagtail admin."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal import demo_content
from portal.factories import (
    DistrictFactory,
    JoinRequestFactory,
    MembershipFactory,
    SchoolFactory,
    UserFactory,
)
from portal.forms import NewSchoolForm
from portal.models import District, JoinRequest, JoinRequestStatus, Membership, Role, School, User
from tests.accounts import turn_on_two_factor

pytestmark = pytest.mark.django_db


def school_with_urn(urn, **fields):
    return School(
        name="Brook Primary", urn=urn, district=DistrictFactory(), address="1 Lane", phone="0", **fields
    )


@pytest.mark.parametrize("urn", ["12345", "1234567", "12345a", "abcdef", "12 345", "123456\n"])
def test_a_urn_must_be_exactly_six_digits(urn):
    school = school_with_urn(urn, finance_email="finance@brook.test")

    with pytest.raises(ValidationError) as error:
        school.full_clean()

    assert "Enter the URN as exactly six digits, for example 123456." in error.value.message_dict["urn"]


def test_a_six_digit_urn_is_accepted():
    school_with_urn("012345", finance_email="finance@brook.test").full_clean()


def test_a_urn_already_registered_is_refused_with_a_clear_message():
    SchoolFactory(urn="654321")

    with pytest.raises(ValidationError) as error:
        school_with_urn("654321", finance_email="finance@brook.test").full_clean()

    assert error.value.message_dict["urn"] == ["A school with this URN is already registered."]


def test_the_registration_form_ignores_spaces_in_a_urn_and_refuses_a_registered_one():
    district = DistrictFactory()
    SchoolFactory(urn="111222")
    data = {
        "name": "Brook Primary",
        "district": district.pk,
        "address": "1 Lane\nTown",
        "phone": "01234 000000",
        "finance_email": "finance@brook.test",
    }

    assert NewSchoolForm({**data, "urn": " 123 456 "}).is_valid()
    form = NewSchoolForm({**data, "urn": "111222"})
    assert not form.is_valid()
    assert form.errors["urn"] == ["A school with URN 111222 is already registered. Ask to join it instead."]


# The staff side ----------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, home_page):
    staff = UserFactory(email="office@stepping-stones.test", is_staff=True, is_superuser=True)
    turn_on_two_factor(staff)
    client.force_login(staff)
    return client


def admin_url(model_name, action="index", pk=None):
    name = f"portal_{model_name}_modeladmin_{action}"
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

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(admin_url("joinrequest", "approve", join_request.pk))

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

    response = staff_client.post(admin_url("joinrequest", "approve", join_request.pk))

    assert response.status_code == 400
    assert not Membership.objects.exists()
    assert len(mail.outbox) == 0


# Demo content -------------------------------------------------------------------------------------


def test_demo_content_adds_two_schools_with_verified_logins_and_a_pending_request(settings):
    settings.DEBUG = True
    demo_content.load(stdout=StringIO())
    demo_content.load(stdout=StringIO())  # a second run adds nothing

    assert sorted(School.objects.values_list("name", flat=True)) == [
        "Oakfield Primary School",
        "Riverside Primary School",
    ]
    oakfield = Membership.objects.get(user__email="senco@oakfield-primary.test")
    riverside = Membership.objects.get(user__email="head@riverside-primary.test")
    assert (oakfield.school.name, oakfield.roles) == (
        "Oakfield Primary School",
        [Role.ADMINISTRATOR, Role.REFERRER],
    )
    assert (riverside.school.name, riverside.roles) == (
        "Riverside Primary School",
        [Role.ADMINISTRATOR, Role.FINANCE, Role.REFERRER],
    )
    for email in ["senco@oakfield-primary.test", "head@riverside-primary.test"]:
        assert EmailAddress.objects.filter(email=email, primary=True, verified=True).exists()
        assert User.objects.get(email=email).check_password("changeme")
    assert JoinRequest.objects.filter(status=JoinRequestStatus.PENDING).count() == 1
    assert sorted(District.objects.values_list("name", flat=True)) == [
        "District 1",
        "District 2",
        "District 4",
    ]
    assert all(district.safeguarding_lead_email.endswith(".test") for district in District.objects.all())


def test_demo_content_creates_no_logins_without_debug(settings):
    settings.DEBUG = False
    demo_content.load(stdout=StringIO())

    assert not User.objects.exists()
    assert not School.objects.exists()
