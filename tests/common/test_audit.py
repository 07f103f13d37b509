from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from common.audit import record_change
from portal.schools.factories import SchoolFactory
from portal.users.factories import UserFactory


def test_a_change_records_who_what_from_to_and_why(db):
    school = SchoolFactory(name="Brook Primary")
    actor = UserFactory()

    record_change(
        instance=school,
        action="schools.member_roles_changed",
        user=actor,
        about="teacher@brook.test",
        from_="Member",
        to="Member, Referrer",
        why="Now writes placement requests",
    )

    entry = ModelLogEntry.objects.get()
    assert (entry.object_id, entry.user, entry.action) == (
        str(school.pk),
        actor,
        "schools.member_roles_changed",
    )
    assert entry.data == {
        "about": "teacher@brook.test",
        "from": "Member",
        "to": "Member, Referrer",
        "why": "Now writes placement requests",
    }
    assert entry.message == "Roles changed: teacher@brook.test, from Member to Member, Referrer"
    assert entry.comment == "Now writes placement requests"


def test_empty_parts_are_left_out_of_the_record_and_the_message(db):
    school = SchoolFactory()

    record_change(instance=school, action="schools.school_registered", user=None)

    entry = ModelLogEntry.objects.get()
    assert entry.data == {}
    assert entry.message == "School registered"
    assert entry.comment == ""


def test_every_app_registers_a_label_for_its_actions():
    labels = dict(registry.get_choices())
    assert labels["users.two_factor_reset"] == "Two-factor sign-in reset"
    assert labels["schools.joinrequest_decline"] == "Decline"


def test_a_change_that_keeps_its_state_says_no_from_and_to(db):
    school = SchoolFactory()

    record_change(
        instance=school,
        action="schools.school_registered",
        user=None,
        about="to the meeting on 4 March",
        from_="On the agenda",
        to="On the agenda",
    )

    assert ModelLogEntry.objects.get().message == "School registered: to the meeting on 4 March"
