"""Schools close, they are not deleted: the admin refuses to delete a school anyone belongs to, was
invited to or asked to join; and a deleted school's record of who did what stays."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import ModelLogEntry

from common.errors import DomainError
from portal.schools.factories import InvitationFactory, JoinRequestFactory, MembershipFactory, SchoolFactory
from portal.schools.models import Role, School
from portal.schools.services.people import MEMBER_REMOVED, membership_remove
from portal.schools.services.schools import school_delete

pytestmark = pytest.mark.django_db


def delete_url(school):
    return reverse("schools_school_modeladmin_delete", args=[school.pk])


def with_a_member(school):
    MembershipFactory(school=school)


def with_an_invitation(school):
    InvitationFactory(school=school)


def with_a_decided_request(school):
    JoinRequestFactory(school=school, status="declined", decline_reason="No.")


@pytest.mark.parametrize("link", [with_a_member, with_an_invitation, with_a_decided_request])
def test_the_admin_refuses_to_delete_a_school_in_use_and_says_why(staff_client, link):
    school = SchoolFactory(name="Oakfield Primary School")
    link(school)

    page = staff_client.get(delete_url(school))
    response = staff_client.post(delete_url(school))

    for shown in [page, response]:
        assert "Oakfield Primary School cannot be deleted" in shown.text
        assert "schools close, they are not deleted" in shown.text
        assert "Yes, delete" not in shown.text
    assert response.status_code == 400
    assert School.objects.filter(pk=school.pk).exists()


def test_the_service_refuses_too():
    school = SchoolFactory()
    MembershipFactory(school=school)

    with pytest.raises(DomainError, match="cannot be deleted"):
        school_delete(school=school)

    assert School.objects.filter(pk=school.pk).exists()


def test_a_deleted_school_s_record_of_who_did_what_remains(staff_client, staff_user):
    # A school whose people have all gone (a colleague removed under the rules; its administrator's
    # membership deleted directly, a shortcut the rules never allow), then deleted in the admin.
    school = SchoolFactory(name="Closed Primary School")
    head = MembershipFactory(school=school, user__email="head@closed.test", roles=[Role.ADMINISTRATOR])
    colleague = MembershipFactory(school=school, user__email="teacher@closed.test", roles=[Role.MEMBER])
    membership_remove(membership=colleague, removed_by=head.user)
    head.delete()
    school_pk = school.pk

    page = staff_client.get(delete_url(school))
    response = staff_client.post(delete_url(school))

    assert "Yes, delete" in page.text
    assert response.status_code == 302
    assert not School.objects.filter(pk=school_pk).exists()
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(School), object_id=str(school_pk)
    ).order_by("timestamp", "pk")
    assert [(entry.action, entry.user, entry.data.get("about")) for entry in entries] == [
        (MEMBER_REMOVED, head.user, "teacher@closed.test"),
        ("wagtail.delete", staff_user, None),
    ]
    assert entries[0].label == "Closed Primary School (" + school.urn + ")"
